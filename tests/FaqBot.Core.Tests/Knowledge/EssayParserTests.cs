using FaqBot.Core.Knowledge;

namespace FaqBot.Core.Tests.Knowledge;

public class EssayParserTests
{
    private const string FaqSectionId = "section:faqs-and-debunking-common-myths";

    [Fact]
    public void Load_DefaultEssay_ReadsTitleLine()
    {
        Assert.Equal(
            "What is the relationship between the United States and Russia, and how does diplomacy address conflicts involving the United States?",
            Essays.ParsedDefault.Title);
    }

    [Fact]
    public void Load_DefaultEssay_ReadsElevenSectionsInOrder()
    {
        string[] expected =
        [
            "Understanding the U.S. and Russia: A Complex Dance",
            "A Look Back: History Shapes Today",
            "What\u2019s Happening Now: Confrontation and Cooperation",
            "Diplomacy in Action: Trying to Talk It Out",
            "Real-World Stories: Conflict and Resolution",
            "What Experts Think: Understanding Different Views",
            "Looking Ahead: Future Trends and Possibilities",
            "FAQs and Debunking Common Myths",
            "Different Views and Criticisms",
            "Steps for Better Diplomacy",
            "In Conclusion: A Path Forward",
        ];

        Assert.Equal(expected, Essays.ParsedDefault.Sections.Select(s => s.Title));
    }

    [Fact]
    public void Load_DefaultEssay_ReadsTwelveFaqQuestionsInOrder()
    {
        string[] expected =
        [
            "Are the U.S. and Russia always going to be enemies?",
            "Do sanctions fix everything?",
            "Is Russia just a declining power?",
            "Does NATO expansion always mean aggression to Russia?",
            "Can leaders alone fix this relationship?",
            "Is military conflict inevitable between them?",
            "Does Russia truly want to restore the Soviet Union?",
            "Is interference in elections a new thing?",
            "Can cultural exchanges really make a difference?",
            "Is there any trust left between them?",
            "Why do they keep talking if there\u2019s so much distrust?",
            "What about the space station collaboration?",
        ];

        Assert.Equal(expected, Essays.ParsedDefault.Faqs.Select(f => f.Question));
    }

    [Theory]
    [InlineData("faq:are-the-u-s-and-russia-always-going-to-be-enemies",
        "No, not really. While tensions are very real, history shows periods of working together. They might not be best friends forever. But cooperation certainly happens. It\u2019s not a black and white situation.")]
    [InlineData("faq:what-about-the-space-station-collaboration",
        "That\u2019s a great example of cooperation. The International Space Station shows they can work together. Even during high tensions, they can achieve amazing things. This is truly encouraging to see.")]
    public void Load_DefaultEssay_FaqAnswerIsTheWholeAnswerParagraph(string faqId, string answer)
    {
        Assert.Equal(answer, Essays.ParsedDefault.Faq(faqId).Answer);
    }

    [Fact]
    public void Load_DefaultEssay_EveryFaqBelongsToTheFaqSection()
    {
        var essay = Essays.ParsedDefault;

        Assert.All(essay.Faqs, faq => Assert.Equal(FaqSectionId, faq.SectionId));
        Assert.Equal([FaqSectionId], essay.Sections.Where(s => s.IsFaqSection).Select(s => s.Id));
    }

    [Theory]
    [InlineData("faq:do-sanctions-fix-everything", "Do sanctions fix everything?")]
    [InlineData("section:a-look-back-history-shapes-today", "A Look Back: History Shapes Today")]
    [InlineData("section:whats-happening-now-confrontation-and-cooperation", "What\u2019s Happening Now: Confrontation and Cooperation")]
    public void Load_DefaultEssay_IdsAreSlugsOfTheText(string id, string text)
    {
        var essay = Essays.ParsedDefault;

        var found = id.StartsWith("faq:", StringComparison.Ordinal) ? essay.Faq(id).Question : essay.Section(id).Title;

        Assert.Equal(text, found);
    }

    [Fact]
    public void Load_HoneybeesEssay_ReadsEightSectionsAndEightFaqs()
    {
        var essay = EssayParser.Load(Essays.Honeybees);

        Assert.Equal("How do honeybees survive the winter, and what can beekeepers do to help?", essay.Title);
        Assert.Equal(8, essay.Sections.Count);
        Assert.Equal("Why Winter Tests Every Honeybee Colony", essay.Sections[0].Title);
        Assert.Equal("Looking Ahead to Spring", essay.Sections[^1].Title);
        Assert.Equal(8, essay.Faqs.Count);
        Assert.Equal("Do bees hibernate in winter?", essay.Faqs[0].Question);
        Assert.Equal("Is damp more dangerous to bees than cold?", essay.Faqs[^1].Question);
        Assert.All(essay.Faqs, faq => Assert.Equal("section:faqs-and-common-winter-myths", faq.SectionId));
    }

    [Fact]
    public void Parse_QuestionLineDirectlyFollowedByAnswer_ReadsThePair()
    {
        var essay = EssayParser.Parse(EssayText.AfterBackground("""
            FAQ

            Is this the first question?
            Yes, and this is its answer,
            wrapped over two lines.

            Is this the second question?
            No, it is not.
            """));

        Assert.Equal(["Is this the first question?", "Is this the second question?"], essay.Faqs.Select(f => f.Question));
        Assert.Equal("Yes, and this is its answer, wrapped over two lines.", essay.Faqs[0].Answer);
        Assert.Equal("No, it is not.", essay.Faqs[1].Answer);
    }

    [Fact]
    public void Parse_WrappedParagraph_JoinsItsLines()
    {
        var essay = EssayParser.Parse($"""
            A Title

            Background

            This paragraph was wrapped
            by an editor at a narrow width.
            It is still one paragraph.

            {EssayText.TwoFaqs}
            """);

        Assert.Equal(
            ["This paragraph was wrapped by an editor at a narrow width. It is still one paragraph."],
            essay.Sections[0].Paragraphs);
    }

    [Fact]
    public void Parse_NoBlankLinesBetweenParagraphs_ReadsTheSameEssay()
    {
        // As a word processor saves text: each paragraph on one line, nothing between them.
        var text = File.ReadAllText(Essays.Default).ReplaceLineEndings("\n");
        var tight = string.Join("\n", text.Split('\n').Where(line => line.Trim().Length > 0));

        var spaced = EssayParser.Parse(text);
        var essay = EssayParser.Parse(tight);

        Assert.Equal(spaced.Title, essay.Title);
        Assert.Equal(spaced.Sections.Select(s => (s.Title, s.Paragraphs.Count)), essay.Sections.Select(s => (s.Title, s.Paragraphs.Count)));
        Assert.Equal(spaced.Faqs.Select(f => (f.Question, f.Answer)), essay.Faqs.Select(f => (f.Question, f.Answer)));
    }

    [Fact]
    public void Parse_HeadingStraightAboveItsWrappedParagraph_HeadsIt()
    {
        var essay = EssayParser.Parse($"""
            A Title

            Background
            This paragraph was wrapped by an editor at a width
            of fifty characters, right under its heading, and
            it is still one paragraph.

            {EssayText.TwoFaqs}
            """);

        Assert.Equal(["Background", "FAQ"], essay.Sections.Select(s => s.Title));
        Assert.Equal(
            ["This paragraph was wrapped by an editor at a width of fifty characters, right under its heading, and it is still one paragraph."],
            essay.Sections[0].Paragraphs);
    }

    [Fact]
    public void Parse_HeadingsEndingInAColon_AreHeadingsWithoutIt()
    {
        var essay = EssayParser.Parse("""
            A Title

            The Early Years:

            Some background text. It has two sentences.

            Three things mattered then:

            Money, time and luck.

            FAQ:

            Is this the first question?

            Yes, it is the first one.

            Is this the second question?

            No, it is the second one.
            """);

        Assert.Equal(["The Early Years", "FAQ"], essay.Sections.Select(s => s.Title));
        Assert.Contains("Three things mattered then:", essay.Sections[0].Paragraphs);
        Assert.Equal(2, essay.Faqs.Count);
    }

    [Theory]
    [InlineData("Myth: Bees sleep all winter.\n\nFact: No, they keep warm in a cluster.\n\nMyth: Bees die after one sting.\n\nFact: Only workers stinging a mammal do.")]
    [InlineData("**Myth:** Bees sleep all winter.\n**Fact:** No, they keep warm in a cluster.\n\n**Myth:** Bees die after one sting.\n**Fact:** Only workers stinging a mammal do.")]
    [InlineData("Myth 1: Bees sleep all winter. Fact: No, they keep warm in a cluster.\n\nMyth 2 - Bees die after one sting. Truth: Only workers stinging a mammal do.")]
    [InlineData("## Myth 1: Bees sleep all winter.\n\nFact: No, they keep warm in a cluster.\n\n## Myth 2: Bees die after one sting.\n\nFact: Only workers stinging a mammal do.")]
    public void Parse_MythsStatedWithTheirFacts_AreFaqEntriesWhoseClaimIsTheMyth(string faq)
    {
        var essay = EssayParser.Parse(EssayText.AfterBackground($"Myths and Facts\n\n{faq}"));

        Assert.Equal(["Bees sleep all winter.", "Bees die after one sting."], essay.Faqs.Select(f => f.Question));
        Assert.Equal(["No, they keep warm in a cluster.", "Only workers stinging a mammal do."], essay.Faqs.Select(f => f.Answer));
        Assert.All(essay.Faqs, f => Assert.Equal(f.Question, f.Myth?.Claim));
        Assert.Equal("Myth: Bees sleep all winter.", essay.Faqs[0].Title);
        Assert.Equal("No, they keep warm in a cluster.", essay.Faqs[0].Myth?.Verdict);
        Assert.Equal(["Background", "Myths and Facts"], essay.Sections.Select(s => s.Title));
    }

    [Fact]
    public void Parse_QuestionsLabelledQWithoutAQuestionMark_AreFaqQuestions()
    {
        var essay = EssayParser.Parse(EssayText.AfterBackground("""
            FAQ

            Q: How Do Bees Survive the Winter
            A: They cluster and shiver to keep warm.

            Q: Do bees sleep all winter

            A: No, they stay awake in the cluster.
            """));

        Assert.Equal(["How Do Bees Survive the Winter", "Do bees sleep all winter"], essay.Faqs.Select(f => f.Question));
        Assert.Equal(["They cluster and shiver to keep warm.", "No, they stay awake in the cluster."], essay.Faqs.Select(f => f.Answer));
    }

    [Fact]
    public void Parse_WordsThatStartLikeALabel_StayText()
    {
        var essay = EssayParser.Parse($"""
            A Title

            Mythology and Bees

            Mythology gave bees many roles. Fact checking came much later.

            {EssayText.TwoFaqs}
            """);

        Assert.Equal(["Mythology and Bees", "FAQ"], essay.Sections.Select(s => s.Title));
        Assert.Equal(["Mythology gave bees many roles. Fact checking came much later."], essay.Sections[0].Paragraphs);
        Assert.All(essay.Faqs, f => Assert.False(f.Stated));
    }

    [Fact]
    public void Parse_RhetoricalQuestionInOrdinarySection_StaysAParagraph()
    {
        var essay = EssayParser.Parse($"""
            A Title

            Background

            Why does any of this matter?

            Because it shapes everything that comes after it.

            {EssayText.TwoFaqs}
            """);

        Assert.Equal(2, essay.Faqs.Count);
        Assert.DoesNotContain(essay.Faqs, f => f.Question == "Why does any of this matter?");
        Assert.Contains("Why does any of this matter?", essay.Sections[0].Paragraphs);
        Assert.False(essay.Sections[0].IsFaqSection);
    }

    [Fact]
    public void Parse_MarkdownMarks_ReadAsThePlainShape()
    {
        var essay = EssayParser.Parse("""
            # A Title

            ## Background

            Some background text. It has two sentences.

            ---

            ## FAQ

            **Is this the first question?**

            Yes, it is the first one.

            ### Is this the second question?

            No, it is the second one.
            """);

        Assert.Equal("A Title", essay.Title);
        Assert.Equal(["Background", "FAQ"], essay.Sections.Select(s => s.Title));
        Assert.Equal(["Is this the first question?", "Is this the second question?"], essay.Faqs.Select(f => f.Question));
        Assert.Equal("faq:is-this-the-first-question", essay.Faqs[0].Id);
    }

    [Theory]
    [InlineData("1. ", "2. ", "")]
    [InlineData("(1) ", "(2) ", "")]
    [InlineData("Q: ", "Q: ", "A: ")]
    [InlineData("Q1. ", "Q2. ", "Answer: ")]
    [InlineData("Question 1: ", "Question 2: ", "A) ")]
    public void Parse_NumberedOrMarkedQuestions_ReadWithoutTheirMarks(string first, string second, string answer)
    {
        var essay = EssayParser.Parse(EssayText.AfterBackground($"""
            FAQ

            {first}Is this the first question?

            {answer}Yes, it is the first one.

            {second}Is this the second question?
            {answer}No, it is the second one.
            """));

        Assert.Equal(["Is this the first question?", "Is this the second question?"], essay.Faqs.Select(f => f.Question));
        Assert.Equal(["Yes, it is the first one.", "No, it is the second one."], essay.Faqs.Select(f => f.Answer));
    }

    [Fact]
    public void Parse_HeadingThatStartsWithANumber_KeepsIt()
    {
        var essay = EssayParser.Parse($"""
            A Title

            1917 and After

            Some background text. It has two sentences.

            {EssayText.TwoFaqs}
            """);

        Assert.Equal("1917 and After", essay.Sections[0].Title);
    }

    [Fact]
    public void Parse_AnswerOverSeveralParagraphs_IsOneAnswer()
    {
        var essay = EssayParser.Parse(EssayText.AfterBackground("""
            FAQ

            Is this the first question?

            Yes, it is the first one.

            It has a second paragraph as well.

            Is this the second question?

            No, it is the second one.

            Closing Thoughts

            That is all.
            """));

        Assert.Equal(["Is this the first question?", "Is this the second question?"], essay.Faqs.Select(f => f.Question));
        Assert.Equal("Yes, it is the first one. It has a second paragraph as well.", essay.Faqs[0].Answer);
        Assert.Equal("No, it is the second one.", essay.Faqs[1].Answer);
        Assert.Equal(["Background", "FAQ", "Closing Thoughts"], essay.Sections.Select(s => s.Title));
    }

    [Fact]
    public void Parse_RhetoricalQuestionsAfterASectionsOpening_StayParagraphs()
    {
        var essay = EssayParser.Parse($"""
            A Title

            {EssayText.Background}

            More background, in a second paragraph.

            Why does any of this matter?

            Because it shapes everything that comes after it.

            And it is still felt today.

            What comes next?

            The rest of the essay says.

            {EssayText.TwoFaqs}
            """);

        Assert.Equal(2, essay.Faqs.Count);
        Assert.Contains("Why does any of this matter?", essay.Sections[0].Paragraphs);
        Assert.False(essay.Sections[0].IsFaqSection);
    }

    [Fact]
    public void Parse_HeadingsWrittenAsQuestions_AreHeadings()
    {
        var essay = EssayParser.Parse($"""
            A Title

            What Is the Background?

            Some background text. It has two sentences.

            Why Does It Matter Today?

            Because it shapes what comes after.

            And it is still felt.

            {EssayText.TwoFaqs}
            """);

        Assert.Equal(["What Is the Background?", "Why Does It Matter Today?", "FAQ"], essay.Sections.Select(s => s.Title));
        Assert.Equal(["Is this the first question?", "Is this the second question?"], essay.Faqs.Select(f => f.Question));
        Assert.Equal([false, false, true], essay.Sections.Select(s => s.IsFaqSection));
    }

    [Fact]
    public void Parse_TextBeforeTheFirstHeading_OpensTheEssayUnderItsTitle()
    {
        var essay = EssayParser.Parse($"""
            A Title

            An opening paragraph before any heading. It has two sentences.

            {EssayText.Background}

            {EssayText.TwoFaqs}
            """);

        Assert.Equal(["A Title", "Background", "FAQ"], essay.Sections.Select(s => s.Title));
        Assert.Equal("section:a-title", essay.Sections[0].Id);
        Assert.Equal(["An opening paragraph before any heading. It has two sentences."], essay.Sections[0].Paragraphs);
    }

    [Fact]
    public void Parse_HeadingStraightAfterAHeading_TheLowerOneHeadsTheSection()
    {
        var essay = EssayParser.Parse($"""
            A Title

            By the Editors

            Part One

            {EssayText.Background}

            {EssayText.TwoFaqs}
            """);

        Assert.Equal(["Background", "FAQ"], essay.Sections.Select(s => s.Title));
    }

    [Fact]
    public void Parse_HeadingUsedTwice_HeadsTwoSections()
    {
        var essay = EssayParser.Parse($"""
            A Title

            Summary

            Some background text. It has two sentences.

            Details

            The details, in one sentence.

            Summary

            More background text. It also has two sentences.

            {EssayText.TwoFaqs}
            """);

        Assert.Equal(["section:summary", "section:details", "section:summary-2", "section:faq"], essay.Sections.Select(s => s.Id));
        Assert.Equal("More background text. It also has two sentences.", essay.Section("section:summary-2").Paragraphs[0]);
    }

    [Fact]
    public void Parse_FaqHeadingWrittenAsAQuestion_HeadsTheFaq()
    {
        var essay = EssayParser.Parse($"""
            A Title

            {EssayText.Background}

            What Do People Ask?

            Is this the first question?

            Yes, it is the first one.

            Is this the second question?

            No, it is the second one.
            """);

        Assert.Equal(["Background", "What Do People Ask?"], essay.Sections.Select(s => s.Title));
        Assert.Equal([false, true], essay.Sections.Select(s => s.IsFaqSection));
        Assert.Equal(["Some background text. It has two sentences."], essay.Sections[0].Paragraphs);
        Assert.Equal(2, essay.Faqs.Count);
    }

    [Fact]
    public void Parse_WindowsLineEndings_ReadsTheSameEssay()
    {
        var text = File.ReadAllText(Essays.Default).ReplaceLineEndings("\n");

        var unix = EssayParser.Parse(text);
        var windows = EssayParser.Parse(text.Replace("\n", "\r\n", StringComparison.Ordinal));

        Assert.Equal(unix.Sections.Select(s => s.Title), windows.Sections.Select(s => s.Title));
        Assert.Equal(unix.Faqs.Select(f => (f.Question, f.Answer)), windows.Faqs.Select(f => (f.Question, f.Answer)));
    }

    [Fact]
    public void Load_SameFileTwice_SameContentHash()
    {
        var first = EssayParser.Load(Essays.Default);
        var second = EssayParser.Load(Essays.Default);

        Assert.Equal(first.ContentHash, second.ContentHash);
        Assert.Matches("^[0-9a-f]{64}$", first.ContentHash);
    }

    [Fact]
    public void Parse_ChangedText_ChangesContentHash()
    {
        var text = File.ReadAllText(Essays.Default);

        var original = EssayParser.Parse(text);
        var edited = EssayParser.Parse(text.Replace("about 40,000", "about 45,000", StringComparison.Ordinal));

        Assert.NotEqual(original.ContentHash, edited.ContentHash);
        Assert.Equal(original.ContentHash, EssayParser.Parse(text).ContentHash);
    }

}
