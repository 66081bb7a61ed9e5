using FaqBot.Classification.Evaluation;
using FaqBot.Classification.Ranking;
using FaqBot.Classification.Training;
using FaqBot.Core.Decision;
using FaqBot.Core.Knowledge;
using FaqBot.Tests.Shared;

namespace FaqBot.Classification.Tests.Evaluation;

/// <summary>
/// Answer quality on essays FaqBot has not seen: every essay with held-out questions is answered by a ranking model
/// fitted without it (leave one essay out), as `eval --all` does. The floors are the binomial bounds of what `eval --all`
/// recorded (training/eval/leave-one-out.tsv): a drop larger than the set's size explains fails here.
/// </summary>
public class EvaluationFloorTests
{
    public static TheoryData<string, string> EssayMetrics()
    {
        var data = new TheoryData<string, string>();
        foreach (var (essay, metric) in Record.Keys)
        {
            data.Add(essay, metric);
        }

        return data;
    }

    private static IReadOnlyDictionary<(string Essay, string Metric), Share> Record => LeaveOneOutRecord.Read(TestKnowledge.LeaveOneOutRecordPath);

    [Theory]
    [MemberData(nameof(EssayMetrics))]
    public void LeaveOneEssayOut_EachEssayAndMetric_WithinTheRecordedBound(string essay, string metric)
    {
        var recorded = Record[(essay, metric)];
        var report = TestKnowledge.LeaveOneOut.Single(r => r.Name == essay);

        var now = LeaveOneOutRecord.Metrics.Single(m => m.Name == metric).Value(report.FaqBot);

        Assert.Equal(recorded.Total, now.Total);
        if (LowerIsBetter(metric))
        {
            Assert.True(now.Rate <= recorded.UpperBound, $"{essay} {metric}: {now} ({now.Rate:P1}) above the bound {recorded.UpperBound:P1} of {recorded}");
        }
        else
        {
            Assert.True(now.Rate >= recorded.LowerBound, $"{essay} {metric}: {now} ({now.Rate:P1}) below the bound {recorded.LowerBound:P1} of {recorded}");
        }
    }

    [Theory]
    [MemberData(nameof(Metrics))]
    public void LeaveOneEssayOut_AllEssaysTogether_WithinTheRecordedBound(string metric)
    {
        var recorded = Record.Where(r => r.Key.Metric == metric).Aggregate(new Share(0, 0), (a, r) => new Share(a.Count + r.Value.Count, a.Total + r.Value.Total));
        var value = LeaveOneOutRecord.Metrics.Single(m => m.Name == metric).Value;

        var now = TestKnowledge.LeaveOneOut.Select(r => value(r.FaqBot)).Aggregate(new Share(0, 0), (a, s) => new Share(a.Count + s.Count, a.Total + s.Total));

        Assert.True(LowerIsBetter(metric) ? now.Rate <= recorded.UpperBound : now.Rate >= recorded.LowerBound,
            $"{metric}: {now} ({now.Rate:P1}) against {recorded} recorded");
    }

    public static TheoryData<string> Metrics => new(LeaveOneOutRecord.Metrics.Select(m => m.Name));

    [Fact]
    public void LeaveOneEssayOut_AllEssaysTogether_FaqBotAheadOfBothBaselines()
    {
        foreach (var baseline in TestKnowledge.LeaveOneOut[0].Systems.Where(IsBaseline).Select(s => s.System))
        {
            var theirs = TestKnowledge.LeaveOneOut.Select(r => r.Systems.Single(s => s.System == baseline)).ToList();

            var (utility, theirUtility) = (TestKnowledge.LeaveOneOut.Sum(r => r.FaqBot.Utility), theirs.Sum(s => s.Utility));
            var (direct, theirDirect) = (TestKnowledge.LeaveOneOut.Sum(r => r.FaqBot.FaqDirect.Count), theirs.Sum(s => s.FaqDirect.Count));

            Assert.True(utility > theirUtility, $"utility {utility} against {baseline} {theirUtility}");
            Assert.True(direct > theirDirect, $"FAQ answered directly {direct} against {baseline} {theirDirect}");
        }
    }

    /// <summary>
    /// On each essay FaqBot is not behind a baseline by more than the essay's set can tell apart: the mean of the paired
    /// per-question differences (utility; FAQ answered directly) plus its 95 % margin is not below zero. The README
    /// reports where FaqBot is behind at all.
    /// </summary>
    [Fact]
    public void LeaveOneEssayOut_EveryEssay_FaqBotNotBehindEitherBaselineBeyondTheSetsMargin()
    {
        foreach (var report in TestKnowledge.LeaveOneOut)
        {
            foreach (var baseline in report.Systems.Where(IsBaseline))
            {
                var ours = report.FaqBot.Outcomes;
                var theirs = baseline.Outcomes;
                Assert.Equal(ours.Select(o => o.Question), theirs.Select(o => o.Question));

                var utility = Paired(ours.Select(o => o.Value), theirs.Select(o => o.Value));
                var faqs = Enumerable.Range(0, ours.Count).Where(i => ours[i].Question.IsFaq).ToList();
                var direct = Paired(faqs.Select(i => ours[i].Right ? 1.0 : 0.0), faqs.Select(i => theirs[i].Right ? 1.0 : 0.0));

                Assert.True(utility.Mean + utility.Margin >= 0, $"{report.Name}: utility {utility.Mean:F3} a question behind {baseline.System} (margin {utility.Margin:F3})");
                Assert.True(direct.Mean + direct.Margin >= 0, $"{report.Name}: FAQ answered directly {direct.Mean:P1} behind {baseline.System} (margin {direct.Margin:P1})");
            }
        }
    }

    /// <summary>Every system of a report but FaqBot now and before.</summary>
    private static bool IsBaseline(EssayScores system) => system.System is not CrossEssayEvaluation.FaqBotName and not CrossEssayEvaluation.BeforeName;

    /// <summary>The mean of the paired differences and its 95 % margin (1.96 standard errors).</summary>
    private static (double Mean, double Margin) Paired(IEnumerable<double> ours, IEnumerable<double> theirs)
    {
        var differences = ours.Zip(theirs, (a, b) => a - b).ToList();
        var mean = differences.Average();
        var variance = differences.Sum(d => (d - mean) * (d - mean)) / Math.Max(1, differences.Count - 1);
        return (mean, 1.96 * Math.Sqrt(variance / differences.Count));
    }

    [Fact]
    public void LeaveOneEssayOut_Record_CoversEveryEssayWithHeldOutQuestions()
    {
        Assert.Equal(TestKnowledge.LeaveOneOut.Select(r => r.Name).Order(), Record.Keys.Select(k => k.Essay).Distinct().Order());
        Assert.True(TestKnowledge.LeaveOneOut.Count >= 6);
    }

    [Fact]
    public void ShippedRankingModel_FittedOnTheCommittedData()
    {
        var essays = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "essays"), "*.txt");

        var fingerprint = RankingData.Fingerprint(essays, new TrainingDataLocation(TestKnowledge.DataDirectory));

        // When the essays or calibration questions change, run `fit` (README, Answer quality) and commit the model it writes.
        Assert.Equal(fingerprint, RankingModel.Shipped.Info.DataFingerprint);
    }

    public static TheoryData<string> EssayFiles => new(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "essays"), "*.txt").Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(EssayFiles))]
    public void QuestionSets_NoQuestionInTwoSets(string essayFile)
    {
        var essay = EssayParser.Load(TestKnowledge.EssayPath(essayFile));
        var data = new TrainingDataLocation(TestKnowledge.DataDirectory);
        var sets = new Dictionary<string, IEnumerable<string>>
        {
            ["held-out"] = HeldOut(data.HeldOutFile(essay)).Concat(Facts(data.FactsHeldOutFile(essay))),
            ["calibration"] = HeldOut(data.CalibrationFile(essay)).Concat(Facts(data.FactsCalibrationFile(essay))),
            ["curated training"] = HeldOut(data.CuratedTrainingFile(essay)),
            ["shared off-topic training"] = Lines(data.OutOfScopeTrainingFile),
            ["shared off-topic held-out"] = Lines(data.OutOfScopeHeldOutFile),
            ["shared off-topic calibration"] = Lines(data.OutOfScopeCalibrationFile),
        };

        var seen = new Dictionary<string, string>();
        foreach (var (set, questions) in sets)
        {
            foreach (var question in questions.Select(q => q.ToLowerInvariant()).Distinct())
            {
                Assert.False(seen.TryGetValue(question, out var other), $"'{question}' is in the {set} set and the {other} set of {essayFile}");
                seen[question] = set;
            }
        }
    }

    [Theory]
    [MemberData(nameof(EssayFiles))]
    public void FactQuestions_EverySplit_QuoteExactlyOneEssaySentence(string essayFile)
    {
        var essay = EssayParser.Load(TestKnowledge.EssayPath(essayFile));
        var data = new TrainingDataLocation(TestKnowledge.DataDirectory);
        var facts = HeldOutSet.Load(essay, data).Facts.Concat(HeldOutSet.LoadCalibration(essay, data).Facts).ToList();

        Assert.NotEmpty(facts);
        Assert.All(facts, fact => Assert.Single(essay.Sentences, s => s.Text.Contains(fact.AnswerFragment, StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(EssayFiles))]
    public void HeldOutSet_EveryEssay_HasWhatTheEvaluationNeeds(string essayFile)
    {
        var essay = EssayParser.Load(TestKnowledge.EssayPath(essayFile));
        var heldOut = HeldOutSet.Load(essay, new TrainingDataLocation(TestKnowledge.DataDirectory));

        Assert.All(essay.Faqs, f => Assert.True(heldOut.Questions.Count(q => q.Label == f.Id) >= 3, $"{f.Id} has fewer than 3 held-out questions"));
        Assert.True(heldOut.Facts.Count >= 25);
        Assert.True(heldOut.Questions.Count(q => q.Label == AnswerPolicy.OutOfScopeLabel) >= 20);
    }

    private static bool LowerIsBetter(string metric) => metric == "wrong";

    private static IEnumerable<string> HeldOut(string? file) => file is null ? [] : TrainingDataFile.ReadLabelled(file).Select(e => e.Text);

    private static IEnumerable<string> Facts(string? file) => file is null ? [] : TrainingDataFile.ReadLabelled(file).Select(e => e.Label);

    private static IEnumerable<string> Lines(string? file) => file is null ? [] : TrainingDataFile.ReadLines(file);
}
