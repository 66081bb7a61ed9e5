using FaqBot.Core.Conversation;
using FaqBot.Core.Decision;
using FaqBot.Core.Replies;
using FaqBot.Core.Knowledge;
using FaqBot.Core.Tests.Knowledge;

namespace FaqBot.Core.Tests.Replies;

public class ReplyComposerTests
{
    private static readonly Essay Essay = Essays.ParsedDefault;
    private static readonly AnswerConfidence Sure = new(0.9f, 0.6f);
    private readonly ReplyComposer _composer = new(Essay);

    [Fact]
    public void Compose_MythFaq_StatesMythVerdictTheRestOfTheAnswerAndSourceInThatOrder()
    {
        var faq = Essay.Faq("faq:do-sanctions-fix-everything");

        var reply = _composer.Compose(new FaqAnswer(faq, Essay.Section(faq.SectionId), Sure) { Stance = Stance.StatesMyth });

        string[] parts =
        [
            "**Myth:** Sanctions fix everything.",
            "**Verdict:** Sanctions can pressure a country, yes.",
            "**What the essay says:** But they often cause other problems too.",
            "Sanctions are a tool, not a magic fix.",
            "_Source: FAQs and Debunking Common Myths_",
        ];
        var positions = parts.Select(p => reply.Text.IndexOf(p, StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.Order(), positions);
        Assert.Single(AllIndexesOf(reply.Text, "Sanctions can pressure a country, yes."));
    }

    [Fact]
    public void Compose_MythWhoseAnswerIsOneSentence_GivesTheVerdictAlone()
    {
        var faq = new FaqEntry("faq:x", "Do sanctions fix everything?", "No, not at all.", "section:faqs-and-debunking-common-myths",
            new MythRebuttal("Sanctions fix everything.", "No, not at all.", ExplicitlyRebutted: true));

        var reply = _composer.Compose(new FaqAnswer(faq, Essay.Section(faq.SectionId), Sure) { Stance = Stance.StatesMyth });

        Assert.Contains("**Verdict:** No, not at all.", reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("What the essay says", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_UserAgreesWithTheEssay_SaysSoAndNeverCallsTheirWordsAMyth()
    {
        var faq = Essay.Faq("faq:do-sanctions-fix-everything");

        var reply = _composer.Compose(new FaqAnswer(faq, Essay.Section(faq.SectionId), Sure) { Stance = Stance.Agrees });

        Assert.StartsWith("**The essay agrees with you.**", reply.Text, StringComparison.Ordinal);
        Assert.Contains(faq.Answer, reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Myth:", reply.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Stance.Asks)]
    [InlineData(Stance.Unsure)]
    public void Compose_UserAsksOrIsUnclear_AnswersTheQuestionNeutrally(Stance stance)
    {
        var faq = Essay.Faq("faq:do-sanctions-fix-everything");

        var reply = _composer.Compose(new FaqAnswer(faq, Essay.Section(faq.SectionId), Sure) { Stance = stance });

        Assert.StartsWith($"**{faq.Question}**", reply.Text, StringComparison.Ordinal);
        Assert.Contains(faq.Answer, reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Myth:", reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("agrees", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_AskedAboutAMythTheEssayStates_LabelsTheClaimAsAMyth()
    {
        // An essay that writes "Myth: ..." and "Fact: ...": its claim must never read as the essay's own statement.
        var essay = EssayParser.Parse(EssayText.AfterBackground("""
            Myths and Facts

            Myth: Bees sleep all winter.

            Fact: No, they keep warm in a cluster.

            Myth: Bees die after one sting.

            Fact: Only workers stinging a mammal do.
            """));
        var faq = essay.Faqs[0];

        var reply = new ReplyComposer(essay).Compose(new FaqAnswer(faq, essay.Section(faq.SectionId), Sure) { Stance = Stance.Asks });

        Assert.StartsWith("**Myth: Bees sleep all winter.**", reply.Text, StringComparison.Ordinal);
        Assert.Contains("No, they keep warm in a cluster.", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_MythWithEvidence_ListsEachSentenceWithItsSectionAndNamesThoseSectionsAsTheSource()
    {
        var faq = Essay.Faq("faq:is-military-conflict-inevitable-between-them");
        var evidence = Essay.Sentences.Where(s => s.Text.StartsWith("Both countries built up huge nuclear arsenals", StringComparison.Ordinal)).ToList();

        var reply = _composer.Compose(new FaqAnswer(faq, Essay.Section(faq.SectionId), Sure) { Stance = Stance.StatesMyth, Evidence = evidence });

        var sentence = Assert.Single(evidence);
        Assert.Contains($"**Evidence:**\n- \u201c{sentence.Text}\u201d ({sentence.Section.Title})", reply.Text, StringComparison.Ordinal);
        Assert.EndsWith($"_Source: {sentence.Section.Title}_", reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("FAQs and Debunking Common Myths", reply.Text, StringComparison.Ordinal);
        Assert.Contains(reply.Actions, a => a.Value.Kind == UserActionKind.Why);
        Assert.Equal(new UserAction(UserActionKind.Answer, sentence.Section.Id), reply.Actions[0].Value);
    }

    [Fact]
    public void Compose_MythWithoutEvidence_ShowsNoEvidenceAndNamesTheFaqSection()
    {
        var faq = Essay.Faq("faq:do-sanctions-fix-everything");

        var reply = _composer.Compose(new FaqAnswer(faq, Essay.Section(faq.SectionId), Sure) { Stance = Stance.StatesMyth });

        Assert.DoesNotContain("Evidence", reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(reply.Actions, a => a.Value.Kind == UserActionKind.Why);
    }

    [Fact]
    public void Compose_FaqAnswerOnlyTheFaqSectionBearsOut_OffersTheFaqsQuestionsNotASummary()
    {
        var faq = Essay.Faq("faq:do-sanctions-fix-everything");
        var faqSection = Essay.Section(faq.SectionId);

        var reply = _composer.Compose(new FaqAnswer(faq, faqSection, Sure));

        var button = Assert.Single(reply.Actions, a => a.Value == new UserAction(UserActionKind.Answer, faqSection.Id));
        Assert.Equal($"Questions in {faqSection.Title}", button.Title);
    }

    [Fact]
    public void Compose_AnyAnswer_SaysWhatItIs()
    {
        var faq = Essay.Faq("faq:do-sanctions-fix-everything");

        var about = _composer.Compose(new FaqAnswer(faq, Essay.Section(faq.SectionId), Sure)).About;

        Assert.Equal(new AnswerAbout(ReplyKind.Myth, faq.Id, Essay.Section(faq.SectionId), about!.Quoted, Sure.Probability), about);
        Assert.Equal(faq.Answer, string.Join(" ", about.Quoted));
    }

    private static IEnumerable<int> AllIndexesOf(string text, string part)
    {
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal))
        {
            yield return i;
        }
    }

    [Fact]
    public void Compose_FaqWithoutMyth_ShowsQuestionAndAnswerWithoutMythLabel()
    {
        var faq = Essay.Faq("faq:what-about-the-space-station-collaboration");

        var reply = _composer.Compose(new FaqAnswer(faq, Essay.Section(faq.SectionId), Sure));

        Assert.Contains(faq.Question, reply.Text, StringComparison.Ordinal);
        Assert.Contains(faq.Answer, reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Myth:", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_Fact_QuotesSentencesNamesSectionAndOffersItsSummary()
    {
        var section = Essay.Section("section:a-look-back-history-shapes-today");
        string[] sentences = ["Then came the Cold War.", "That lasted from 1947 to 1991."];

        var reply = _composer.Compose(new FactAnswer(sentences, section, Sure));

        Assert.Contains("Then came the Cold War. That lasted from 1947 to 1991.", reply.Text, StringComparison.Ordinal);
        Assert.Contains(section.Title, reply.Text, StringComparison.Ordinal);
        Assert.Equal(["Summary of A Look Back: History Shapes Today", "Why?"], reply.Actions.Select(a => a.Title));
        Assert.Equal([new UserAction(UserActionKind.Answer, section.Id), new UserAction(UserActionKind.Why)], reply.Actions.Select(a => a.Value));
    }

    [Fact]
    public void Compose_FactSentencesNotAdjacent_ShowsTheGapWithAnEllipsis()
    {
        var section = Essay.Section("section:a-look-back-history-shapes-today");
        string[] sentences = ["Then came the Cold War.", "The Soviet Union fell apart in 1991."];

        var reply = _composer.Compose(new FactAnswer(sentences, section, Sure));

        Assert.Contains("Then came the Cold War. \u2026 The Soviet Union fell apart in 1991.", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Supporting_QuotedSentences_ShowsTheirWholeParagraphAndSection()
    {
        var section = Essay.Section("section:a-look-back-history-shapes-today");

        var reply = ReplyComposer.Supporting(section, ["That lasted from 1947 to 1991."]);

        Assert.Contains(section.Title, reply.Text, StringComparison.Ordinal);
        Assert.Contains(section.Paragraphs.Single(p => p.Contains("1947", StringComparison.Ordinal)), reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_Section_ShowsTitleAndSummary()
    {
        var section = Essay.Section("section:steps-for-better-diplomacy");

        var reply = _composer.Compose(new SectionAnswer(section, Sure));

        Assert.Contains(section.Title, reply.Text, StringComparison.Ordinal);
        Assert.Contains(section.Summary.Text, reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_TheFaqSection_OffersItsQuestionsNotSentencesOfItsAnswers()
    {
        var section = Essay.Sections.Single(s => s.IsFaqSection);

        var reply = _composer.Compose(new SectionAnswer(section, Sure));

        Assert.Contains(section.Title, reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(section.Summary.Sentences[0], reply.Text, StringComparison.Ordinal);
        Assert.Equal(Essay.Faqs.Where(f => f.SectionId == section.Id).Select(f => f.Title), reply.Actions.Select(a => a.Title));
    }

    [Fact]
    public void Compose_DidYouMean_OneButtonPerCandidateAndNoneOfThese()
    {
        AnswerCandidate[] candidates =
        [
            new("faq:do-sanctions-fix-everything", "Do sanctions fix everything?", 0.4f),
            new("section:steps-for-better-diplomacy", "Steps for Better Diplomacy", 0.35f),
        ];

        var reply = _composer.Compose(new DidYouMeanAnswer(candidates, Sure));

        Assert.Equal(
            ["Do sanctions fix everything?", "Steps for Better Diplomacy", Phrases.NoneOfTheseButton],
            reply.Actions.Select(a => a.Title));
        Assert.Equal([.. candidates.Select(c => c.Id), null], reply.Actions.Select(a => a.Value.Target));
    }

    [Fact]
    public void Compose_Fallback_SaysNoDirectAnswerShowsClosestSummaryAndEveryTopic()
    {
        var closest = Essay.Section("section:diplomacy-in-action-trying-to-talk-it-out");

        var reply = _composer.Compose(new FallbackAnswer(closest, OutOfScope: false, AnswerConfidence.None));

        Assert.Contains("couldn't find a direct answer", reply.Text, StringComparison.Ordinal);
        Assert.Contains(closest.Summary.Text, reply.Text, StringComparison.Ordinal);
        Assert.All(Essay.Sections, s => Assert.Contains(s.Title, reply.Text, StringComparison.Ordinal));
    }

    [Fact]
    public void Compose_FallbackWithNearestFaqEntries_OffersThemAsButtons()
    {
        var nearest = new[] { Essay.Faqs[^1], Essay.Faqs[1] }.Select(f => new AnswerCandidate(f.Id, f.Question, 1f)).ToList();

        var reply = _composer.Compose(new FallbackAnswer(null, OutOfScope: true, AnswerConfidence.None) { Nearest = nearest });

        Assert.Equal(nearest.Select(c => c.Title), reply.Actions.Select(a => a.Title));
        Assert.Equal(nearest.Select(c => c.Id), reply.Actions.Select(a => a.Value.Target));
        Assert.EndsWith("Or try one of these questions:", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_FallbackClosestToTheFaqSection_OffersItsNearestQuestionsInsteadOfItsSummary()
    {
        var faqSection = Essay.Sections.Single(s => s.IsFaqSection);
        var nearest = new[] { Essay.Faqs[2], Essay.Faqs[0] }.Select(f => new AnswerCandidate(f.Id, f.Question, 1f)).ToList();

        var reply = _composer.Compose(new FallbackAnswer(faqSection, OutOfScope: false, AnswerConfidence.None) { Nearest = nearest });

        Assert.EndsWith($"The closest part is **{faqSection.Title}**, and its questions nearest to yours are these:", reply.Text, StringComparison.Ordinal);
        Assert.All(faqSection.Summary.Sentences, s => Assert.DoesNotContain(s, reply.Text, StringComparison.Ordinal));
        Assert.Equal(nearest.Select(c => c.Title), reply.Actions.Select(a => a.Title));
    }

    [Fact]
    public void Compose_OutOfScopeFallback_SaysTheEssayDoesNotCoverIt()
    {
        var reply = _composer.Compose(new FallbackAnswer(null, OutOfScope: true, AnswerConfidence.None));

        Assert.Contains("doesn't seem to be something the essay covers", reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("closest part", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Welcome_DefaultEssay_NamesTheEssayAndOffersThreeExampleQuestions()
    {
        var reply = _composer.Welcome();

        Assert.Contains(Essay.Title, reply.Text, StringComparison.Ordinal);
        Assert.Equal(3, reply.Actions.Count);
        Assert.All(reply.Actions, a => Assert.Equal(Essay.Faq(a.Value.Target!).Question, a.Title));
        Assert.Equal(3, reply.Actions.Select(a => a.Value).Distinct().Count());
    }

    [Fact]
    public void Help_DefaultEssay_ListsEveryTopic()
    {
        var reply = _composer.Help();

        Assert.All(Essay.Sections, s => Assert.Contains($"- {s.Title}", reply.Text, StringComparison.Ordinal));
    }
}
