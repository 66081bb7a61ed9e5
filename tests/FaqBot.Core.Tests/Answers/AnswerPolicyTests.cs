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

    // A lead of exactly 0.25 is representable, so the boundary is tested exactly; the classifier is unsure between two
    // sections and the sentences score under the strong-fact threshold.
    private static readonly AnswerPolicy LeadPolicy = new(Essay, new AnswerPolicyOptions { FactLead = 0.25f });
    private static readonly LabelScore[] Unplaced = [new(History, 0.45f), new(Diplomacy, 0.4f)];

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
    public void Decide_FactQuestionUnplacedAndSentenceLeadsByFactLead_QuotesIt()
    {
        var answer = LeadPolicy.Decide("When did the Soviet Union fall apart?", Unplaced,
            [Match("The Soviet Union fell apart in 1991.", 0.5f), Match("It was signed in 2010.", 0.25f)]);

        var fact = Assert.IsType<FactAnswer>(answer);
        Assert.Equal(["The Soviet Union fell apart in 1991."], fact.Sentences);
        Assert.Equal(History, fact.Section.Id);
    }

    [Fact]
    public void Decide_FactQuestionUnplacedAndLeadJustBelowFactLead_AsksWhichOneWasMeant()
    {
        var answer = LeadPolicy.Decide("When did the Soviet Union fall apart?", Unplaced,
            [Match("The Soviet Union fell apart in 1991.", 0.5f), Match("It was signed in 2010.", MathF.BitIncrement(0.25f))]);

        Assert.Equal([History, Diplomacy], Assert.IsType<DidYouMeanAnswer>(answer).Candidates.Select(c => c.Id));
    }

    [Fact]
    public void Decide_YesNoQuestionUnplacedAndSentenceStandsOut_AsksWhichOneWasMeant()
    {
        var answer = LeadPolicy.Decide("Did the Soviet Union fall apart?", Unplaced,
            [Match("The Soviet Union fell apart in 1991.", 0.5f), Match("It was signed in 2010.", 0.1f)]);

        Assert.IsType<DidYouMeanAnswer>(answer);
    }

    [Fact]
    public void Decide_FactQuestionUnplacedAndSentenceStandsOutOutsideTheCandidateSections_AsksWhichOneWasMeant()
    {
        var answer = LeadPolicy.Decide("When did the Soviet Union fall apart?", [new(Diplomacy, 0.4f), new(Sanctions, 0.35f)],
            [Match("The Soviet Union fell apart in 1991.", 0.5f), Match("It was signed in 2010.", 0.1f)]);

        Assert.IsType<DidYouMeanAnswer>(answer);
    }

    [Fact]
    public void Decide_FactQuestionUnplacedAndCloseSentenceReadsWithTheBestAsContext_QuotesTheBest()
    {
        var best = Match("The Cold War ended.", 0.5f);
        var following = new SentenceMatch(Sentence("The Soviet Union fell apart in 1991."), 0.45f, ["The Cold War ended.", "The Soviet Union fell apart in 1991."]);

        var answer = LeadPolicy.Decide("When did the Cold War end?", Unplaced, [best, following, Match("It was signed in 2010.", 0.2f)]);

        Assert.Equal(["The Cold War ended."], Assert.IsType<FactAnswer>(answer).Sentences);
    }

    [Fact]
    public void Decide_QuotedSentenceWithinFactLeadOfItsContinuation_QuotesBoth()
    {
        var answer = LeadPolicy.Decide("When did the Cold War end?", [new(History, 0.9f)], [ColdWarEnded(0.5f, continuationScore: MathF.BitIncrement(0.25f))]);

        Assert.Equal(["The Cold War ended.", "The Soviet Union fell apart in 1991."], Assert.IsType<FactAnswer>(answer).Sentences);
    }

    [Fact]
    public void Decide_QuotedSentenceLeadingItsContinuationByFactLead_QuotesItAlone()
    {
        var answer = LeadPolicy.Decide("When did the Cold War end?", [new(History, 0.9f)], [ColdWarEnded(0.5f, continuationScore: 0.25f)]);

        Assert.Equal(["The Cold War ended."], Assert.IsType<FactAnswer>(answer).Sentences);
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

    private static SentenceMatch Match(string sentence, float score) => new(Sentence(sentence), score, [sentence]);

    private static EssaySentence Sentence(string text) => Essay.Sentences.Single(s => s.Text == text);

    /// <summary>"The Cold War ended.", continued by the next sentence, which reads with it as its context.</summary>
    private static SentenceMatch ColdWarEnded(float score, float continuationScore)
    {
        var continuation = new SentenceMatch(
            Sentence("The Soviet Union fell apart in 1991."), continuationScore, ["The Cold War ended.", "The Soviet Union fell apart in 1991."]);
        return Match("The Cold War ended.", score) with { Continuation = continuation };
    }

    private static List<ValidationResult> ValidationErrors(AnswerPolicyOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
