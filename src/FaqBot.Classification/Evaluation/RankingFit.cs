using FaqBot.Classification.Engine;
using FaqBot.Classification.Ranking;
using FaqBot.Classification.Retrieval;
using FaqBot.Core.Decision;
using FaqBot.Core.Knowledge;

namespace FaqBot.Classification.Evaluation;

/// <summary>A question and what the models said about it (gathered once, decided on by many fits).</summary>
public sealed record EvidencedQuestion(LabelledQuestion Question, QuestionEvidence Evidence);

/// <summary>One essay's engine and its questions: the calibration split (fitted on) and the held-out split (reported on).</summary>
public sealed record EssayEvidence(string Name, QuestionReader Reader, IReadOnlyList<EvidencedQuestion> Calibration, IReadOnlyList<EvidencedQuestion> HeldOut)
{
    public Essay Essay => Reader.Essay;
}

/// <summary>
/// Fits a <see cref="RankingModel"/> on the calibration questions of some essays, so that it can be judged on an essay
/// it never saw (leave one essay out) or shipped for essays nobody has seen yet (all essays). Every later stage learns
/// from what the earlier ones do on essays they never saw, since that is how they meet a new essay: the answer ranker
/// trains on sentence scores from sentence rankers that left the question's essay out; the confidence model on rankings
/// by answer rankers that left it out; and the thresholds are chosen on confidences from models that left it out. The
/// essays are left out in groups (<see cref="InnerFolds"/> unless told otherwise), not one by one.
/// </summary>
public static class RankingFit
{
    public static RankingModel Fit(IReadOnlyList<EssayEvidence> essays, string dataFingerprint, IProgress<string>? progress = null,
        AnswerRanker.Settings? rankerSettings = null, ConfidenceModel.Settings? confidenceSettings = null, int innerFolds = InnerFolds)
    {
        ArgumentNullException.ThrowIfNull(essays);
        if (essays.Count < 2)
        {
            throw new ArgumentException("Fitting across essays needs at least two essays.", nameof(essays));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(innerFolds, 2);

        progress?.Report($"Fitting the rankers on {essays.Sum(e => e.Calibration.Count)} calibration questions of {essays.Count} essays");
        var sentences = AnswerRanker.Train(essays.SelectMany(SentenceGroups), rankerSettings);
        var folds = Folds(essays.Count, innerFolds);

        // Every essay's candidates with sentence scores from a sentence ranker that never saw the essay.
        var scored = new List<EvidencedQuestion>[essays.Count];
        foreach (var fold in folds)
        {
            var others = AnswerRanker.Train(essays.Where((_, j) => !fold.Contains(j)).SelectMany(SentenceGroups), rankerSettings);
            foreach (var i in fold)
            {
                scored[i] = essays[i].Calibration.Select(q => q with
                {
                    Evidence = q.Evidence with { Candidates = CandidateFeatures.WithSentenceScores(q.Evidence.Candidates, RankingModel.SentenceScores(q.Evidence.Candidates, others)) },
                }).ToList();
            }
        }

        var ranker = AnswerRanker.Train(essays.SelectMany((e, i) => AnswerGroups(e.Essay, scored[i])), rankerSettings);

        // Every essay ranked by an answer ranker that never saw it.
        var unseen = new List<Ranked>[essays.Count];
        foreach (var fold in folds)
        {
            var others = AnswerRanker.Train(essays.SelectMany((e, j) => fold.Contains(j) ? [] : AnswerGroups(e.Essay, scored[j])), rankerSettings);
            foreach (var i in fold)
            {
                unseen[i] = scored[i].Select(q => Rank(essays[i].Essay, q, others)).ToList();
            }
        }

        progress?.Report("Fitting the confidence model and the thresholds");
        var cases = new List<DecisionCase>();
        foreach (var fold in folds)
        {
            var others = ConfidenceModel.Train(unseen.Where((_, j) => !fold.Contains(j)).SelectMany(r => r.Select(x => x.Example)), confidenceSettings);
            cases.AddRange(fold.SelectMany(i => unseen[i].Select(r =>
                new DecisionCase(essays[i].Essay, r.Question, r.Candidates, others.Predict(r.Example.Features), r.OffTopic))));
        }

        var calibration = ThresholdCalibrator.Calibrate(cases);
        var confidence = ConfidenceModel.Train(unseen.SelectMany(r => r.Select(x => x.Example)), confidenceSettings);
        var info = new RankingModelInfo(CandidateFeatures.Version, dataFingerprint, essays.Select(e => e.Name).ToList(), essays.Sum(e => e.Calibration.Count));
        return new RankingModel(sentences, ranker, confidence, calibration.Options, info);
    }

    /// <summary>The essays in at most <see cref="InnerFolds"/> groups, each left out in turn: every essay is left out once.</summary>
    private static List<HashSet<int>> Folds(int essays, int groups) =>
        Enumerable.Range(0, Math.Min(groups, essays)).Select(f => Enumerable.Range(0, essays).Where(i => i % groups == f).ToHashSet()).ToList();

    /// <summary>
    /// Leaving out a group of essays rather than each one in turn: almost the same estimate, for half the fits or less.
    /// Another number of groups is a fair way to see how much a refit alone moves the evaluation.
    /// </summary>
    public const int InnerFolds = 4;

    /// <summary>A fact question's sentence candidates, when one of them answers it: what the sentence ranker learns from.</summary>
    private static IEnumerable<RankingGroup> SentenceGroups(EssayEvidence essay) =>
        essay.Calibration
            .Where(q => q.Question.IsFact)
            .Select(q => q.Evidence.Candidates.Where(c => c.Kind == CandidateKind.Sentence).ToList())
            .Zip(essay.Calibration.Where(q => q.Question.IsFact))
            .Select(p => new RankingGroup(p.First, p.First.Select(c => Judge.Relevance(c, p.Second.Question, essay.Essay)).ToList()))
            .Where(g => g.Relevance.Any(r => r > 0));

    /// <summary>An in-scope question's candidates, when one of them is a right answer: what the answer ranker learns from.</summary>
    private static IEnumerable<RankingGroup> AnswerGroups(Essay essay, IEnumerable<EvidencedQuestion> questions) =>
        questions
            .Where(q => !q.Question.IsOffTopic)
            .Select(q => new RankingGroup(q.Evidence.Candidates, q.Evidence.Candidates.Select(c => Judge.Relevance(c, q.Question, essay)).ToList()))
            .Where(g => g.Relevance.Any(r => r > 0));

    private static Ranked Rank(Essay essay, EvidencedQuestion question, AnswerRanker ranker)
    {
        var candidates = question.Evidence.Candidates;
        var sorted = RankedCandidates.Order(candidates, ranker.Score(candidates));
        var right = sorted.Candidates.Count > 0 && Judge.IsRight(sorted.Candidates[0], question.Question, essay);
        return new Ranked(question.Question, sorted.ToRanked(), new ConfidenceExample(ConfidenceModel.Features(sorted.Candidates, sorted.Scores), right),
            question.Evidence.OffTopic);
    }

    private sealed record Ranked(LabelledQuestion Question, IReadOnlyList<RankedCandidate> Candidates, ConfidenceExample Example, bool OffTopic);
}
