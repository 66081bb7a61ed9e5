using System.ComponentModel.DataAnnotations;
using FaqBot.Core.Decision;
using FaqBot.Core.Knowledge;

namespace FaqBot.Core.Tests.Decision;

public class AnswerPolicyTests
{
    private const string Sanctions = "faq:do-sanctions-fix-everything";
    private const string Leaders = "faq:can-leaders-alone-fix-this-relationship";
    private const string Trust = "faq:is-there-any-trust-left-between-them";
    private const string History = "section:a-look-back-history-shapes-today";
    private const string Diplomacy = "section:diplomacy-in-action-trying-to-talk-it-out";

    private static readonly Essay Essay = Essays.ParsedDefault;
    private static readonly AnswerPolicyOptions Options = new() { AnswerThreshold = 0.6f, FactThreshold = 0.5f, DidYouMeanThreshold = 0.2f, AlternativeGap = 1f };
    private static readonly AnswerPolicy Policy = new(Essay, Options);

    [Fact]
    public void Decide_ConfidenceExactlyAtAnswerThreshold_AnswersWithTheBestCandidate()
    {
        var answer = Policy.Decide([Faq(Sanctions, 3f), Faq(Leaders, 0.5f)], Options.AnswerThreshold, offTopic: false);

        Assert.Equal(Sanctions, Assert.IsType<FaqAnswer>(answer).Faq.Id);
    }

    [Fact]
    public void Decide_ConfidenceJustBelowAnswerThreshold_OffersTheCloseCandidatesInstead()
    {
        var answer = Policy.Decide([Faq(Sanctions, 3f), Faq(Leaders, 2.5f), Faq(Trust, 1f)], MathF.BitDecrement(Options.AnswerThreshold), offTopic: false);

        var choice = Assert.IsType<DidYouMeanAnswer>(answer);
        Assert.Equal([Sanctions, Leaders], choice.Candidates.Select(c => c.Id));
        Assert.Equal(["Do sanctions fix everything?", "Can leaders alone fix this relationship?"], choice.Candidates.Select(c => c.Title));
    }

    [Fact]
    public void Decide_ConfidentAnswerWithARunnerUpWithinTheGap_OffersTheRunnerUpBesideIt()
    {
        var answer = Policy.Decide([Faq(Sanctions, 3f), Faq(Leaders, 2.2f), Faq(Trust, 1.5f)], 0.9f, offTopic: false);

        var faq = Assert.IsType<FaqAnswer>(answer);
        Assert.Equal(Sanctions, faq.Faq.Id);
        Assert.Equal([Leaders], faq.Alternatives.Select(c => c.Id));
    }

    [Fact]
    public void Decide_ConfidentAnswerFarAheadOfTheRest_OffersNoAlternatives()
    {
        var answer = Policy.Decide([Faq(Sanctions, 3f), Faq(Leaders, 1.5f)], 0.9f, offTopic: false);

        Assert.Empty(answer.Alternatives);
    }

    [Fact]
    public void Decide_SeveralSentencesOfOneSectionClose_OffersThatSectionOnce()
    {
        var answer = Policy.Decide([Sentence(History, 3f), Sentence(History, 2.9f), Faq(Sanctions, 2.8f), Sentence(Diplomacy, 2.7f)], 0.3f, offTopic: false);

        var choice = Assert.IsType<DidYouMeanAnswer>(answer);
        Assert.Equal([History, Sanctions, Diplomacy], choice.Candidates.Select(c => c.Id));
    }

    [Fact]
    public void Decide_FiveCloseCandidates_OffersTheBestThree()
    {
        var answer = Policy.Decide([Faq(Sanctions, 3f), Faq(Leaders, 2.9f), Faq(Trust, 2.8f), Section(History, 2.7f), Section(Diplomacy, 2.6f)], 0.3f, offTopic: false);

        Assert.Equal(3, Assert.IsType<DidYouMeanAnswer>(answer).Candidates.Count);
    }

    [Fact]
    public void Decide_SentenceWithConfidenceBetweenTheFactAndAnswerThresholds_IsQuoted()
    {
        var answer = Policy.Decide([Sentence(History, 3f)], 0.55f, offTopic: false);

        var fact = Assert.IsType<FactAnswer>(answer);
        Assert.Equal(History, fact.Section.Id);
        Assert.Equal(["A sentence of the history."], fact.Sentences);
    }

    [Fact]
    public void Decide_TheNextSentenceStandsBesideTheBestAndIsClose_QuotesBothInEssayOrder()
    {
        var (first, second) = Neighbours();
        var policy = new AnswerPolicy(Essay, new AnswerPolicyOptions { FactThreshold = 0.5f, JoinGap = 2f });

        var answer = policy.Decide([Said(second, 3f), Said(first, 1.5f)], 0.9f, offTopic: false);

        Assert.Equal([first, second], Assert.IsType<FactAnswer>(answer).Sentences);
    }

    [Fact]
    public void Decide_TheNextSentenceStandsBesideTheBestButFarBehind_QuotesOnlyTheBest()
    {
        var (first, second) = Neighbours();
        var policy = new AnswerPolicy(Essay, new AnswerPolicyOptions { FactThreshold = 0.5f, JoinGap = 2f });

        var answer = policy.Decide([Said(first, 6f), Said(second, 1.9f)], 0.9f, offTopic: false);

        Assert.Equal([first], Assert.IsType<FactAnswer>(answer).Sentences);
    }

    [Fact]
    public void Decide_FaqWithConfidenceBetweenTheFactAndAnswerThresholds_IsOnlyOffered()
    {
        var answer = Policy.Decide([Faq(Sanctions, 3f)], 0.55f, offTopic: false);

        Assert.Equal([Sanctions], Assert.IsType<DidYouMeanAnswer>(answer).Candidates.Select(c => c.Id));
    }

    [Fact]
    public void Decide_SectionCandidateConfident_AnswersWithItsSummary()
    {
        var answer = Policy.Decide([Section(History, 3f)], 0.9f, offTopic: false);

        Assert.Equal(History, Assert.IsType<SectionAnswer>(answer).Section.Id);
    }

    [Fact]
    public void Decide_ConfidenceBelowDidYouMeanThreshold_FallsBackToTheBestCandidatesSection()
    {
        var answer = Policy.Decide([Sentence(Diplomacy, 1f)], 0.1f, offTopic: false);

        var fallback = Assert.IsType<FallbackAnswer>(answer);
        Assert.False(fallback.OutOfScope);
        Assert.Equal(Diplomacy, fallback.ClosestSection?.Id);
    }

    [Fact]
    public void Decide_FallingBack_OffersTheFaqEntriesRankedNearestAsQuestionsToTry()
    {
        var answer = Policy.Decide([Sentence(Diplomacy, 3f), Faq(Trust, 2f), Faq(Sanctions, 1.5f), Sentence(History, 1f), Faq(Leaders, 0.5f)], 0.1f, offTopic: true);

        var fallback = Assert.IsType<FallbackAnswer>(answer);
        Assert.Equal([Trust, Sanctions, Leaders], fallback.Nearest.Select(c => c.Id));
        Assert.Equal("Is there any trust left between them?", fallback.Nearest[0].Title);
    }

    [Fact]
    public void Decide_OffTopicAndUnsure_SaysTheEssayDoesNotCoverIt()
    {
        var answer = Policy.Decide([Faq(Sanctions, 0.1f)], 0.05f, offTopic: true);

        var fallback = Assert.IsType<FallbackAnswer>(answer);
        Assert.True(fallback.OutOfScope);
        Assert.Null(fallback.ClosestSection);
    }

    [Fact]
    public void Decide_NoCandidates_FallsBack()
    {
        Assert.IsType<FallbackAnswer>(Policy.Decide([], 1f, offTopic: false));
    }

    [Fact]
    public void AnswerWith_FaqId_AnswersWithThatEntryAndItsSection()
    {
        var answer = Assert.IsType<FaqAnswer>(Policy.AnswerWith(Sanctions));

        Assert.Equal("Do sanctions fix everything?", answer.Faq.Question);
        Assert.Equal(Essay.Faq(Sanctions).SectionId, answer.Section.Id);
    }

    [Fact]
    public void AnswerWith_SectionId_AnswersWithItsSummary()
    {
        Assert.Equal(History, Assert.IsType<SectionAnswer>(Policy.AnswerWith(History)).Section.Id);
    }

    [Fact]
    public void Validate_DefaultOptions_Valid()
    {
        Assert.Empty(ValidationErrors(new AnswerPolicyOptions()));
    }

    [Theory]
    [InlineData(0.4f, 0.6f)]
    [InlineData(0.6f, 0.4f)]
    public void Validate_DidYouMeanThresholdAboveAnAnswerThreshold_Rejected(float answer, float fact)
    {
        var options = new AnswerPolicyOptions { AnswerThreshold = answer, FactThreshold = fact, DidYouMeanThreshold = 0.5f };

        var error = Assert.Single(ValidationErrors(options));
        Assert.Contains(nameof(AnswerPolicyOptions.DidYouMeanThreshold), error.MemberNames);
    }

    private static RankedCandidate Faq(string id, float score) =>
        new(CandidateKind.Faq, id, Essay.Section(Essay.Faq(id).SectionId), [], score);

    private static RankedCandidate Section(string id, float score) => new(CandidateKind.Section, id, Essay.Section(id), [], score);

    private static RankedCandidate Sentence(string sectionId, float score) =>
        new(CandidateKind.Sentence, sectionId, Essay.Section(sectionId), [$"A sentence of the {(sectionId == History ? "history" : "diplomacy")}."], score);

    private static (string First, string Second) Neighbours()
    {
        var sentences = Essay.Section(History).Sentences;
        return (sentences[0], sentences[1]);
    }

    private static RankedCandidate Said(string sentence, float score) => new(CandidateKind.Sentence, History, Essay.Section(History), [sentence], score);

    private static List<ValidationResult> ValidationErrors(AnswerPolicyOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
