using FaqBot.Classification.Answers;
using FaqBot.Classification.Embeddings;
using FaqBot.Core.Answers;
using Microsoft.Extensions.Logging.Abstractions;

namespace FaqBot.Tests.Shared;

/// <summary>
/// The shipped essays and curated data as copied next to a test assembly, and one engine per essay trained the
/// way the bot trains it (cached in a model folder beside the test assembly, so later runs load instead of retraining,
/// and no two test assemblies or working copies write to the same one).
/// </summary>
internal static class TestKnowledge
{
    public static readonly string ModelDirectory = Path.Combine(AppContext.BaseDirectory, "test-models");

    private static readonly Lazy<MiniLmSentenceEmbedder> SharedEmbedder = new(() => new MiniLmSentenceEmbedder(ModelDirectory));
    private static readonly Lazy<FaqAnswerEngine> DefaultEngine = new(() => Load("us-russia-relations.txt"));
    private static readonly Lazy<FaqAnswerEngine> HoneybeesEngine = new(() => Load("honeybees-winter.txt"));

    public static string EssayPath(string fileName) => Path.Combine(AppContext.BaseDirectory, "essays", fileName);

    public static string DataDirectory => Path.Combine(AppContext.BaseDirectory, "training-data");

    public static ISentenceEmbedder Embedder => SharedEmbedder.Value;

    public static FaqAnswerEngine Default => DefaultEngine.Value;

    public static FaqAnswerEngine Honeybees => HoneybeesEngine.Value;

    public static KnowledgeOptions Options(string essayFileName, string? modelDirectory = null) => new()
    {
        EssayPath = EssayPath(essayFileName),
        DataDirectory = DataDirectory,
        ModelDirectory = modelDirectory ?? ModelDirectory,
    };

    public static FaqAnswerEngine Load(string essayFileName, string? modelDirectory = null) =>
        new AnswerEngineLoader(Embedder, NullLogger<AnswerEngineLoader>.Instance)
            .Load(Options(essayFileName, modelDirectory), new AnswerPolicyOptions());
}
