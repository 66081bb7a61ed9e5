using FaqBot.Classification.Evaluation;
using FaqBot.Classification.Training;
using FaqBot.Tests.Shared;

namespace FaqBot.Classification.Tests.Evaluation;

/// <summary>
/// The quality floors, measured on the committed held-out sets (never trained on). They sit just under what the
/// current model reaches (see README, Answer quality): a change that makes answers worse fails here.
/// </summary>
public class EvaluationFloorTests
{
    private static readonly Lazy<(EvaluationReport FaqBot, EvaluationReport Bm25, EvaluationReport MiniLm)> DefaultReports =
        new(() => Reports(TestKnowledge.Default));

    private static readonly Lazy<(EvaluationReport FaqBot, EvaluationReport Bm25, EvaluationReport MiniLm)> HoneybeeReports =
        new(() => Reports(TestKnowledge.Honeybees));

    [Fact]
    public void Evaluate_DefaultEssayHeldOut_MeetsTheFloors()
    {
        var report = DefaultReports.Value.FaqBot;

        Assert.True(report.InScopeAccuracy >= 0.97, $"in-scope accuracy {report.InScopeAccuracy:P1}");
        Assert.True(report.FalseRejectRate <= 0.05, $"false-reject rate {report.FalseRejectRate:P1}");
        Assert.True(report.OutOfScopeRecall >= 0.98, $"out-of-scope recall {report.OutOfScopeRecall:P1}");
        Assert.True(report.FactAccuracy >= 0.91, $"fact accuracy {report.FactAccuracy:P1}");
    }

    [Fact]
    public void Evaluate_SecondEssayWithNoHandWrittenTrainingData_MeetsTheFloors()
    {
        var report = HoneybeeReports.Value.FaqBot;

        Assert.True(report.InScopeAccuracy >= 0.90, $"in-scope accuracy {report.InScopeAccuracy:P1}");
        Assert.True(report.OutOfScopeRecall >= 0.98, $"out-of-scope recall {report.OutOfScopeRecall:P1}");
        Assert.True(report.FactAccuracy >= 0.87, $"fact accuracy {report.FactAccuracy:P1}");
        Assert.True(report.FalseRejectRate <= 0.05, $"false-reject rate {report.FalseRejectRate:P1}");
    }

    [Fact]
    public void Evaluate_BothEssays_FaqBotBeatsBothBaselines()
    {
        foreach (var (faqBot, bm25, miniLm) in new[] { DefaultReports.Value, HoneybeeReports.Value })
        {
            Assert.True(faqBot.ClassifierAccuracy > bm25.ClassifierAccuracy, $"{faqBot.ClassifierAccuracy:P1} vs BM25 {bm25.ClassifierAccuracy:P1}");
            Assert.True(faqBot.ClassifierAccuracy > miniLm.ClassifierAccuracy, $"{faqBot.ClassifierAccuracy:P1} vs MiniLM {miniLm.ClassifierAccuracy:P1}");
            Assert.True(faqBot.InScopeAccuracy > bm25.InScopeAccuracy);
            Assert.True(faqBot.InScopeAccuracy > miniLm.InScopeAccuracy);
            Assert.True(faqBot.FactAccuracy >= Math.Max(bm25.FactAccuracy, miniLm.FactAccuracy));
        }
    }

    [Fact]
    public void HeldOutSet_NeverOverlapsTheTrainingData()
    {
        var engine = TestKnowledge.Default;
        var data = new TrainingDataLocation(TestKnowledge.DataDirectory);
        var training = TrainingSet.Build(engine.Essay, data).Examples.Select(e => e.Text.ToLowerInvariant()).ToHashSet();

        var heldOut = HeldOutSet.Load(engine.Essay, data);

        Assert.True(heldOut.Questions.Count >= 200);
        Assert.DoesNotContain(heldOut.Questions, q => training.Contains(q.Text.ToLowerInvariant()));
    }

    [Fact]
    public void CalibrationSet_NeverOverlapsTrainingOrHeldOutData()
    {
        var engine = TestKnowledge.Default;
        var data = new TrainingDataLocation(TestKnowledge.DataDirectory);
        var seen = TrainingSet.Build(engine.Essay, data).Examples.Select(e => e.Text)
            .Concat(HeldOutSet.Load(engine.Essay, data).Questions.Select(q => q.Text))
            .Select(t => t.ToLowerInvariant()).ToHashSet();

        var calibration = HeldOutSet.LoadCalibration(engine.Essay, data);

        Assert.True(calibration.Questions.Count >= 100);
        Assert.True(calibration.Facts.Count >= 30);
        Assert.DoesNotContain(calibration.Questions, q => seen.Contains(q.Text.ToLowerInvariant()));
    }

    [Fact]
    public void FactQuestions_BothEssaysAndSplits_QuoteExactlyOneEssaySentence()
    {
        var data = new TrainingDataLocation(TestKnowledge.DataDirectory);
        foreach (var essay in new[] { TestKnowledge.Default.Essay, TestKnowledge.Honeybees.Essay })
        {
            var facts = HeldOutSet.Load(essay, data).Facts.Concat(HeldOutSet.LoadCalibration(essay, data).Facts).ToList();

            Assert.NotEmpty(facts);
            Assert.All(facts, fact => Assert.Single(essay.Sentences, s => s.Text.Contains(fact.AnswerFragment, StringComparison.Ordinal)));
        }
    }

    private static (EvaluationReport, EvaluationReport, EvaluationReport) Reports(FaqBot.Classification.Answers.FaqAnswerEngine engine)
    {
        var heldOut = HeldOutSet.Load(engine.Essay, new TrainingDataLocation(TestKnowledge.DataDirectory));
        return (
            Evaluator.Evaluate(engine, heldOut),
            Evaluator.EvaluateBaseline(new Bm25NearestQuestionBaseline(engine.Essay), engine.Essay, heldOut),
            Evaluator.EvaluateBaseline(new EmbeddingNearestQuestionBaseline(engine.Essay, TestKnowledge.Embedder), engine.Essay, heldOut));
    }
}
