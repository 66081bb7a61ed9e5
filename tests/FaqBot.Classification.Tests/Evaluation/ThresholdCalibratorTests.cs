using FaqBot.Classification.Evaluation;
using FaqBot.Core.Decision;
using FaqBot.Tests.Shared;

namespace FaqBot.Classification.Tests.Evaluation;

public class ThresholdCalibratorTests
{
    private const string Sanctions = "faq:do-sanctions-fix-everything";
    private const string Leaders = "faq:can-leaders-alone-fix-this-relationship";

    [Fact]
    public void Calibrate_RightAnswersConfidentWrongOnesNot_AnswersTheFirstAndNotTheSecond()
    {
        // Right answers come with confidence 0.8 and up, wrong ones 0.4 and down: any threshold between separates them.
        var cases = Enumerable.Range(0, 20).Select(i => Case(Sanctions, Sanctions, 0.8f + (i * 0.01f)))
            .Concat(Enumerable.Range(0, 20).Select(i => Case(Leaders, Sanctions, 0.2f + (i * 0.01f))))
            .ToList();

        var chosen = ThresholdCalibrator.Calibrate(cases).Options;

        Assert.InRange(chosen.AnswerThreshold, 0.4f, 0.8f);
        Assert.All(cases.Take(20), c => Assert.IsType<FaqAnswer>(c.Decide(chosen)));
        Assert.All(cases.Skip(20), c => Assert.IsNotType<FaqAnswer>(c.Decide(chosen)));
    }

    [Fact]
    public void Calibrate_SameCases_SameThresholds()
    {
        var cases = Enumerable.Range(0, 30).Select(i => Case(i % 3 == 0 ? Leaders : Sanctions, Sanctions, i / 30f)).ToList();

        Assert.Equivalent(ThresholdCalibrator.Calibrate(cases).Options, ThresholdCalibrator.Calibrate(cases).Options);
    }

    [Fact]
    public void Calibrate_NeighbourHoldsTheAnswerOnlyWhenClose_QuotesItWhenCloseAndNotWhenFarBehind()
    {
        // Side by side in one section: when the two score close the second holds the answer, when far apart it never does.
        var essay = TestKnowledge.Default.Essay;
        var section = essay.Sections.First(s => s.Sentences.Count > 1 && !s.IsFaqSection);
        var (first, second) = (section.Sentences[0], section.Sentences[1]);
        DecisionCase Fact(string answering, float secondScore) => new(essay, new LabelledQuestion("a question", null, answering[..30]),
            [new(CandidateKind.Sentence, section.Id, section, [first], 5f), new(CandidateKind.Sentence, section.Id, section, [second], secondScore)],
            0.9f, OffTopic: false);
        var close = Enumerable.Range(0, 10).Select(_ => Fact(second, 4.5f)).ToList();
        var far = Enumerable.Range(0, 10).Select(_ => Fact(first, 1f)).ToList();

        var chosen = ThresholdCalibrator.Calibrate([.. close, .. far]).Options;

        Assert.All(close, c => Assert.Equal([first, second], Assert.IsType<FactAnswer>(c.Decide(chosen)).Sentences));
        Assert.All(far, c => Assert.Equal([first], Assert.IsType<FactAnswer>(c.Decide(chosen)).Sentences));
    }

    [Fact]
    public void Calibrate_NoCases_Throws()
    {
        Assert.Throws<ArgumentException>(() => ThresholdCalibrator.Calibrate([]));
    }

    private static DecisionCase Case(string expected, string best, float confidence)
    {
        var essay = TestKnowledge.Default.Essay;
        RankedCandidate Faq(string id, float score) => new(CandidateKind.Faq, id, essay.Section(essay.Faq(id).SectionId), [], score);
        var other = best == Sanctions ? Leaders : Sanctions;
        return new DecisionCase(essay, new LabelledQuestion("a question", expected, null), [Faq(best, 2f), Faq(other, -3f)], confidence, OffTopic: false);
    }
}
