using FaqBot.Classification.Engine;
using FaqBot.Classification.Embeddings;
using FaqBot.Classification.Evaluation;
using FaqBot.Classification.Training;
using FaqBot.Core.Knowledge;
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

    public static KnowledgeOptions Options(string essayFileName, string? modelDirectory = null, bool curated = true) => new()
    {
        EssayPath = EssayPath(essayFileName),
        DataDirectory = DataDirectory,
        ModelDirectory = modelDirectory ?? ModelDirectory,
        UseCuratedExamples = curated,
    };

    /// <summary>Every essay with held-out questions, each judged leave one essay out, as `eval --all` judges them (computed once).</summary>
    public static IReadOnlyList<EssayReport> LeaveOneOut => LazyLeaveOneOut.Value;

    /// <summary>What `eval --all` recorded for the floors (training/eval/leave-one-out.tsv).</summary>
    public static string LeaveOneOutRecordPath => Path.Combine(AppContext.BaseDirectory, "eval", "leave-one-out.tsv");

    private static readonly Lazy<IReadOnlyList<EssayReport>> LazyLeaveOneOut = new(() =>
    {
        var data = new TrainingDataLocation(DataDirectory);
        var loader = new AnswerEngineLoader(Embedder, NullLogger<AnswerEngineLoader>.Instance);
        var essays = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "essays"), "*.txt").Order(StringComparer.Ordinal)
            .Select(EssayParser.Load)
            .Where(e => data.HeldOutFile(e) is not null)
            .Select(e => CrossEssayEvaluation.Gather(loader.LoadReader(e, Options(Path.GetFileName(e.SourcePath), curated: false)), data))
            .ToList();
        var before = Path.Combine(AppContext.BaseDirectory, "eval", "before");
        return CrossEssayEvaluation.Run(essays, Embedder,
            e => File.Exists(Path.Combine(before, e.Name + ".tsv")) ? RecordedOutcomes.Read(Path.Combine(before, e.Name + ".tsv"), CrossEssayEvaluation.BeforeName, e.Name) : null);
    });

    public static FaqAnswerEngine Load(string essayFileName, string? modelDirectory = null) =>
        new AnswerEngineLoader(Embedder, NullLogger<AnswerEngineLoader>.Instance)
            .Load(Options(essayFileName, modelDirectory));
}
