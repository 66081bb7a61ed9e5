using System.ComponentModel.DataAnnotations;
using FaqBot.Core.Answers;
using FaqBot.Core.Knowledge;

namespace FaqBot.Core.Tests.Answers;

public class AnswerPolicyTests
{
    private const string Sanctions = "faq:do-sanctions-fix-everything";
    private const string Leaders = "faq:can-leaders-alone-fix-this-relationship";
    private const string History = "section:a-look-back-history-shapes-today";
    private const string Diplomacy = "section:diplomacy-in-action-trying-to-talk-it-out";
    private const string Question = "a question";

    private static readonly Essay Essay = Essays.ParsedDefault;
    private static readonly AnswerPolicyOptions Options = new();
    private static readonly AnswerPolicy Policy = new(Essay, Options);

    [Fact]
    public void Decide_TopExactlyAtAnswerThreshold_AnswersWithIt()
    {
        var answer = Policy.Decide(Question, [new(Sanctions, Options.AnswerThreshold), new(History, 0f)], []);

        Assert.Equal(Sanctions, Assert.IsType<FaqAnswer>(answer).Faq.Id);
    }

    [Fact]
    public void Decide_TopJustBelowAnswerThreshold_DoesNotAnswer()
    {
        var answer = Policy.Decide(Question, [new(Sanctions, MathF.BitDecrement(Options.AnswerThreshold)), new(History, 0f)], []);

        Assert.IsType<FallbackAnswer>(answer);
    }

    [Fact]
    public void Decide_MarginBelowMinimum_AsksWhichOneWasMeant()
    {
        var answer = Policy.Decide(Question, [new(Sanctions, 0.5f), new(Leaders, 0.45f), new(History, 0.02f)], []);

        var choice = Assert.IsType<DidYouMeanAnswer>(answer);
        Assert.Equal([Sanctions, Leaders], choice.Candidates.Select(c => c.Id));
        Assert.Equal(["Do sanctions fix everything?", "Can leaders alone fix this relationship?"], choice.Candidates.Select(c => c.Title));
    }

    [Fact]
    public void Decide_FourCloseCandidates_OffersTheTopThree()
    {
        var answer = Policy.Decide(
            Question, [new(Diplomacy, 0.2f), new(Sanctions, 0.3f), new(History, 0.16f), new(Leaders, 0.28f)], []);

        var choice = Assert.IsType<DidYouMeanAnswer>(answer);
        Assert.Equal([Sanctions, Leaders, Diplomacy], choice.Candidates.Select(c => c.Id));
        Assert.Equal("Diplomacy in Action: Trying to Talk It Out", choice.Candidates[2].Title);
    }

    [Fact]
    public void Decide_OutOfScopeAtThreshold_FallsBackAsOffTopic()
    {
        var answer = Policy.Decide(
            Question, [new(AnswerPolicy.OutOfScopeLabel, Options.OutOfScopeThreshold), new(Sanctions, 0.3f)], []);

        var fallback = Assert.IsType<FallbackAnswer>(answer);
        Assert.True(fallback.OutOfScope);
        Assert.Null(fallback.ClosestSection);
    }

    [Fact]
    public void Decide_EverythingLow_FallsBackToTheClosestSection()
    {
        var low = Options.DidYouMeanThreshold;
        var answer = Policy.Decide(
            Question, [new(History, low * 0.9f), new(Sanctions, low * 0.8f), new(AnswerPolicy.OutOfScopeLabel, low * 0.8f)], []);

        var fallback = Assert.IsType<FallbackAnswer>(answer);
        Assert.False(fallback.OutOfScope);
        Assert.Equal(History, fallback.ClosestSection?.Id);
    }

    [Theory]
    [InlineData("tell me about the history")]
    [InlineData("Give me a summary of the history")]
    public void Decide_SectionLabelAndTopicRequest_AnswersWithTheSection(string question)
    {
        var answer = Policy.Decide(question, [new(History, 0.8f)], [Match("The Soviet Union fell apart in 1991.", 0.5f)]);

        Assert.Equal(History, Assert.IsType<SectionAnswer>(answer).Section.Id);
    }

    [Fact]
    public void Decide_SectionLabelAndMatchAtFactThreshold_QuotesThePassage()
    {
        var match = Match("The Soviet Union fell apart in 1991.", Options.FactThreshold);

        var answer = Policy.Decide("When did the Soviet Union fall apart?", [new(History, 0.8f)], [match]);

        var fact = Assert.IsType<FactAnswer>(answer);
        Assert.Equal(["The Soviet Union fell apart in 1991."], fact.Sentences);
        Assert.Equal(History, fact.Section.Id);
    }

    [Fact]
    public void Decide_SectionLabelAndMatchBelowFactThreshold_AnswersWithTheSection()
    {
        var match = Match("The Soviet Union fell apart in 1991.", MathF.BitDecrement(Options.FactThreshold));

        var answer = Policy.Decide("When did the Soviet Union fall apart?", [new(History, 0.8f)], [match]);

        Assert.Equal(History, Assert.IsType<SectionAnswer>(answer).Section.Id);
    }

    [Fact]
    public void Decide_StrongMatchInsideAnFaqAnswer_AnswersWithThatFaq()
    {
        var match = Match("Sanctions are a tool, not a magic fix.", Options.StrongFactThreshold);

        var answer = Policy.Decide("are sanctions a magic fix", [new(History, 0.3f), new(Diplomacy, 0.28f)], [match]);

        Assert.Equal(Sanctions, Assert.IsType<FaqAnswer>(answer).Faq.Id);
    }

    [Fact]
    public void Validate_DefaultOptions_Valid()
    {
        Assert.Empty(ValidationErrors(new AnswerPolicyOptions()));
    }

    [Fact]
    public void Validate_DidYouMeanThresholdAboveAnswerThreshold_Rejected()
    {
        var options = new AnswerPolicyOptions { AnswerThreshold = 0.4f, DidYouMeanThreshold = 0.5f };

        var error = Assert.Single(ValidationErrors(options));
        Assert.Contains(nameof(AnswerPolicyOptions.DidYouMeanThreshold), error.MemberNames);
    }

    private static SentenceMatch Match(string sentence, float score)
    {
        var essaySentence = Essay.Sentences.Single(s => s.Text == sentence);
        return new SentenceMatch(essaySentence, score, [essaySentence.Text]);
    }

    private static List<ValidationResult> ValidationErrors(AnswerPolicyOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
