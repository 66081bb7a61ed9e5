using FaqBot.Core.Answers;
using FaqBot.Core.Knowledge;

namespace FaqBot.Core.Tests.Answers;

public class ReplyComposerTests
{
    private static readonly Essay Essay = Essays.ParsedDefault;
    private static readonly AnswerConfidence Sure = new(0.9f, 0.6f);
    private readonly ReplyComposer _composer = new(Essay);

    [Fact]
    public void Compose_MythFaq_StatesMythVerdictTheRestOfTheAnswerAndSourceInThatOrder()
    {
        var faq = Essay.Faq("faq:do-sanctions-fix-everything");

        var reply = _composer.Compose(new FaqAnswer(faq, Essay.Section(faq.SectionId), Sure));

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

        var reply = _composer.Compose(new FaqAnswer(faq, Essay.Section(faq.SectionId), Sure));

        Assert.Contains("**Verdict:** No, not at all.", reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("What the essay says", reply.Text, StringComparison.Ordinal);
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
        Assert.All(reply.Actions, a => Assert.Equal(a.Title, a.Value));
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
    public void Compose_DidYouMean_OneButtonPerCandidateAndNoneOfThese()
    {
        AnswerCandidate[] candidates =
        [
            new("faq:do-sanctions-fix-everything", "Do sanctions fix everything?", 0.4f),
            new("section:steps-for-better-diplomacy", "Steps for Better Diplomacy", 0.35f),
        ];

        var reply = _composer.Compose(new DidYouMeanAnswer(candidates, Sure));

        Assert.Equal(
            ["Do sanctions fix everything?", "Steps for Better Diplomacy", ReplyComposer.NoneOfThese],
            reply.Actions.Select(a => a.Title));
        Assert.All(reply.Actions, a => Assert.Equal(a.Title, a.Value));
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
        Assert.All(reply.Actions, a => Assert.Contains(a.Value, Essay.Faqs.Select(f => f.Question)));
        Assert.Equal(3, reply.Actions.Select(a => a.Value).Distinct().Count());
    }

    [Fact]
    public void Help_DefaultEssay_ListsEveryTopic()
    {
        var reply = _composer.Help();

        Assert.All(Essay.Sections, s => Assert.Contains($"- {s.Title}", reply.Text, StringComparison.Ordinal));
    }
}
