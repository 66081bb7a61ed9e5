using System.Text.Json;
using FaqBot.Classification.Retrieval;
using FaqBot.Core.Decision;

namespace FaqBot.Classification.Ranking;

/// <summary>A question's candidates in the answer ranker's order, best first, with their scores.</summary>
public sealed record RankedCandidates(IReadOnlyList<Candidate> Candidates, IReadOnlyList<float> Scores)
{
    /// <summary>Candidates ordered by their scores, best first; a tie keeps the candidates' own order.</summary>
    public static RankedCandidates Order(IReadOnlyList<Candidate> candidates, IReadOnlyList<float> scores)
    {
        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ThenBy(i => i).ToArray();
        return new RankedCandidates(order.Select(i => candidates[i]).ToList(), order.Select(i => scores[i]).ToList());
    }

    public IReadOnlyList<RankedCandidate> ToRanked() =>
        Candidates.Select((c, i) => new RankedCandidate(c.Kind, c.AnswerId, c.Section, c.Quote, Scores[i])).ToList();
}

/// <summary>
/// What turns an essay's candidates into an answer, fitted once across essays and shipped with FaqBot: the sentence
/// ranker (which sentence answers a factual question best), the answer ranker (which candidate of any kind, with the
/// sentence ranker's scores among its features), the confidence model and the thresholds chosen with them. Nothing in
/// it belongs to one essay, so a new essay needs no fitting of its own. `fit` writes it (see README.md, Answer
/// quality); the build copies it next to the binaries, where <see cref="Shipped"/> reads it.
/// </summary>
public sealed class RankingModel(AnswerRanker sentences, AnswerRanker ranker, ConfidenceModel confidence, AnswerPolicyOptions thresholds, RankingModelInfo info)
{
    private const string SentenceRankerFile = "sentences.zip";
    private const string RankerFile = "ranker.zip";
    private const string ConfidenceFile = "confidence.zip";
    private const string InfoFile = "decision.json";
    /// <summary>Where the build puts the shipped model, next to the binaries.</summary>
    public static string ShippedDirectory => Path.Combine(AppContext.BaseDirectory, "ranking-model");

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    private static readonly Lazy<RankingModel> LazyShipped = new(LoadShipped);

    /// <summary>Orders the sentence candidates of a question among themselves.</summary>
    public AnswerRanker Sentences { get; } = sentences;

    /// <summary>Orders every candidate, sentences scored by <see cref="Sentences"/> first.</summary>
    public AnswerRanker Ranker { get; } = ranker;

    public ConfidenceModel Confidence { get; } = confidence;

    /// <summary>The thresholds fitted with this ranker and confidence model.</summary>
    public AnswerPolicyOptions Thresholds { get; } = thresholds;

    public RankingModelInfo Info { get; } = info;

    /// <summary>The model built into FaqBot.</summary>
    public static RankingModel Shipped => LazyShipped.Value;

    /// <summary>The question's candidates ranked: sentences by the sentence ranker, then everything by the answer ranker.</summary>
    public RankedCandidates Rank(IReadOnlyList<Candidate> candidates) => Rank(candidates, Sentences, Ranker);

    /// <summary>The two-stage ranking with given rankers (fitting ranks with rankers that left an essay out).</summary>
    public static RankedCandidates Rank(IReadOnlyList<Candidate> candidates, AnswerRanker sentences, AnswerRanker ranker)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(sentences);
        ArgumentNullException.ThrowIfNull(ranker);
        var scored = CandidateFeatures.WithSentenceScores(candidates, SentenceScores(candidates, sentences));
        return RankedCandidates.Order(scored, ranker.Score(scored));
    }

    /// <summary>The sentence ranker's score for each sentence candidate, in candidate order; others get <see cref="CandidateFeatures.NoSentence"/>.</summary>
    public static float[] SentenceScores(IReadOnlyList<Candidate> candidates, AnswerRanker sentences)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(sentences);
        var only = candidates.Where(c => c.Kind == CandidateKind.Sentence).ToList();
        var scores = sentences.Score(only);
        var result = new float[candidates.Count];
        for (int i = 0, s = 0; i < candidates.Count; i++)
        {
            result[i] = candidates[i].Kind == CandidateKind.Sentence ? scores[s++] : CandidateFeatures.NoSentence;
        }

        return result;
    }

    public void Save(string directory)
    {
        Directory.CreateDirectory(directory);
        using (var stream = File.Create(Path.Combine(directory, SentenceRankerFile)))
        {
            Sentences.Save(stream);
        }

        using (var stream = File.Create(Path.Combine(directory, RankerFile)))
        {
            Ranker.Save(stream);
        }

        using (var stream = File.Create(Path.Combine(directory, ConfidenceFile)))
        {
            Confidence.Save(stream);
        }

        File.WriteAllText(Path.Combine(directory, InfoFile), JsonSerializer.Serialize(Info.WithThresholds(Thresholds), Json) + "\n");
    }

    public static RankingModel Load(string directory) => Load(name => File.OpenRead(Path.Combine(directory, name)));

    private static RankingModel LoadShipped() => File.Exists(Path.Combine(ShippedDirectory, InfoFile))
        ? Load(ShippedDirectory)
        : throw new FileNotFoundException($"The ranking model is missing from {ShippedDirectory}; the build copies it there from src/FaqBot.Classification/Ranking/Model (`fit` writes it).");

    private static RankingModel Load(Func<string, Stream> open)
    {
        RankingModelInfo info;
        using (var stream = open(InfoFile))
        {
            info = JsonSerializer.Deserialize<RankingModelInfo>(stream) ?? throw new InvalidDataException($"{InfoFile} is empty.");
        }

        if (info.FeatureVersion != CandidateFeatures.Version)
        {
            throw new InvalidDataException(
                $"The ranking model was fitted on {info.FeatureVersion}, but this build computes {CandidateFeatures.Version}; run `fit`.");
        }

        using var sentences = open(SentenceRankerFile);
        using var ranker = open(RankerFile);
        using var confidence = open(ConfidenceFile);
        return new RankingModel(AnswerRanker.Load(sentences), AnswerRanker.Load(ranker), ConfidenceModel.Load(confidence), info.Thresholds(), info);
    }
}

/// <summary>
/// What a ranking model was fitted on, and the thresholds fitted with it: flat in the file, mapped to and from the
/// policy's options only here, so a new threshold is added in one place.
/// </summary>
/// <param name="DataFingerprint">SHA-256 over the essays and question files it was fitted on: a change to them means a refit.</param>
public sealed record RankingModelInfo(
    string FeatureVersion,
    string DataFingerprint,
    IReadOnlyList<string> Essays,
    int Questions,
    float AnswerThreshold = 0,
    float FactThreshold = 0,
    float DidYouMeanThreshold = 0,
    float AlternativeGap = 0,
    float JoinGap = AnswerPolicyOptions.AnyJoinGap)
{
    /// <summary>The thresholds fitted with the model, as the policy reads them.</summary>
    public AnswerPolicyOptions Thresholds() => new()
    {
        AnswerThreshold = AnswerThreshold,
        FactThreshold = FactThreshold,
        DidYouMeanThreshold = DidYouMeanThreshold,
        AlternativeGap = AlternativeGap,
        JoinGap = JoinGap,
    };

    /// <summary>This record with the given thresholds written into it, for the file.</summary>
    public RankingModelInfo WithThresholds(AnswerPolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return this with
        {
            AnswerThreshold = options.AnswerThreshold,
            FactThreshold = options.FactThreshold,
            DidYouMeanThreshold = options.DidYouMeanThreshold,
            AlternativeGap = options.AlternativeGap,
            JoinGap = options.JoinGap,
        };
    }
}
