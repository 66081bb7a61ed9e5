using FaqBot.Core.Decision;
using FaqBot.Core.Replies;
using FaqBot.Tests.Shared;

namespace FaqBot.Classification.Tests.Engine;

public class FaqAnswerEngineTests
{
    public static TheoryData<string> FaqIds => new(TestKnowledge.Default.Essay.Faqs.Select(f => f.Id));

    [Theory]
    [MemberData(nameof(FaqIds))]
    public void Answer_CanonicalFaqQuestion_AnswersThatEntry(string faqId)
    {
        var engine = TestKnowledge.Default;
        var faq = engine.Essay.Faq(faqId);

        var answer = Assert.IsType<FaqAnswer>(engine.Answer(faq.Question.ToLowerInvariant().TrimEnd('?')));

        Assert.Equal(faqId, answer.Faq.Id);
    }

    [Theory]
    [MemberData(nameof(FaqIds))]
    public void Answer_MythStatedAsClaim_AnswersItsRebuttal(string faqId)
    {
        var engine = TestKnowledge.Default;
        var myth = engine.Essay.Faq(faqId).Myth;
        if (myth is null)
        {
            return; // wh-questions voice no myth
        }

        var answer = Assert.IsType<FaqAnswer>(engine.Answer(myth.Claim));

        Assert.Equal(faqId, answer.Faq.Id);
        Assert.Equal(ReplyKind.Myth, answer.Kind);
    }

    [Theory]
    [InlineData("are they always enemies?", "faq:are-the-u-s-and-russia-always-going-to-be-enemies")]
    [InlineData("Sanctions always work", "faq:do-sanctions-fix-everything")]
    [InlineData("is a war between them inevitable", "faq:is-military-conflict-inevitable-between-them")]
    public void Answer_EverydayPhrasing_AnswersTheFaq(string question, string expectedFaq)
    {
        var answer = Assert.IsType<FaqAnswer>(TestKnowledge.Default.Answer(question));

        Assert.Equal(expectedFaq, answer.Faq.Id);
    }

    [Fact]
    public void Answer_TopicRequest_GivesTheSectionSummary()
    {
        var answer = Assert.IsType<SectionAnswer>(TestKnowledge.Default.Answer("tell me about the history"));

        Assert.Equal("section:a-look-back-history-shapes-today", answer.Section.Id);
        Assert.InRange(answer.Section.Summary.Sentences.Count, 2, 3);
    }

    [Theory]
    [InlineData("how does the piece end?")]
    [InlineData("what does the writer say at the end")]
    public void Answer_QuestionAboutTheEssaysEnding_AnswersFromItsLastSection(string question)
    {
        // An essay with no curated data: where it ends is read from its headings, not from its words.
        var engine = TestKnowledge.Honeybees;
        var last = engine.Essay.BodySections[^1];

        var about = engine.Answer(question).About;

        Assert.Contains(about.Kind, new[] { ReplyKind.Section, ReplyKind.Fact });
        Assert.Equal(last.Id, about.Section?.Id);
    }

    [Fact]
    public void Answer_FactAtTheEndOfAChainOfPointingBackSentences_QuotesTheChainFromTheSentenceThatNamesItsSubject()
    {
        // "The New START Treaty is a cornerstone... It was signed... It was extended... This limits both nations to 1,550..."
        var answer = Assert.IsType<FactAnswer>(TestKnowledge.Default.Answer("what limits does New START set?"));

        Assert.StartsWith("The New START Treaty", answer.Sentences[0], StringComparison.Ordinal);
        Assert.Contains("1,550", answer.Sentences[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Answer_FactThatNamesItsSubjectOnlyAsAPronoun_QuotesTheSentenceBeforeIt()
    {
        // "...this complex relationship, we simply must start with history. The rivalry between them goes way back."
        var answer = Assert.IsType<FactAnswer>(TestKnowledge.Default.Answer("does the rivalry go way back"));

        var at = answer.Sentences.ToList().FindIndex(s => s.StartsWith("The rivalry between them", StringComparison.Ordinal));
        Assert.True(at > 0, string.Join(" | ", answer.Sentences));
        Assert.Contains("this complex relationship", answer.Sentences[at - 1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("what limits does New START set?", "1,550 deployed nuclear warheads")]
    [InlineData("who met in Geneva in June 2021?", "President Biden and President Putin met there.")]
    [InlineData("what did the Treasury say sanctions cost?", "about $50 billion in lost investment")]
    [InlineData("which treaty limits deployed warheads?", "The New START Treaty")] // the answer names the treaty asked for
    public void Answer_FactQuestion_QuotesTheAnsweringSentenceWithItsSection(string question, string expected)
    {
        var engine = TestKnowledge.Default;

        var answer = Assert.IsType<FactAnswer>(engine.Answer(question));

        Assert.Contains(answer.Sentences, s => s.Contains(expected, StringComparison.Ordinal));
        Assert.Contains(answer.Section.Sentences, s => s.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("how long do the bees that are raised in autumn live?", "can live for four to six months")] // a number in words
    public void Answer_FactQuestionOnAnEssayWithNoCuratedData_QuotesTheAnsweringSentence(string question, string expected)
    {
        var answer = Assert.IsType<FactAnswer>(TestKnowledge.Honeybees.Answer(question));

        Assert.Contains(answer.Sentences, s => s.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("what's the weather like in Paris tomorrow?")]
    [InlineData("give me a recipe for banana bread")]
    [InlineData("who won the world cup in 2018")]
    public void Answer_OffTopicQuestion_FallsBackWithoutAnAnswer(string question)
    {
        var answer = Assert.IsType<FallbackAnswer>(TestKnowledge.Default.Answer(question));

        Assert.True(answer.OutOfScope);
    }

    [Theory]
    [InlineData("what limits does New START set?")]
    [InlineData("when did the Cold War end")]
    [InlineData("how many troops did Russia have near Ukraine")]
    public void Answer_AnyFact_QuotesOnlyTheEssaysOwnSentences(string question)
    {
        var engine = TestKnowledge.Default;
        var essaySentences = engine.Essay.Sentences.Select(s => s.Text).ToHashSet();

        var answer = Assert.IsType<FactAnswer>(engine.Answer(question));

        Assert.All(answer.Sentences, s => Assert.Contains(s, essaySentences));
    }

    [Fact]
    public void Answer_SectionTitleAsSentByAButton_GivesThatSection()
    {
        var engine = TestKnowledge.Default;
        var section = engine.Essay.Sections[4];

        var answer = Assert.IsType<SectionAnswer>(engine.Answer(ReplyComposer.SummaryRequest(section)));

        Assert.Equal(section.Id, answer.Section.Id);
    }

    [Fact]
    public void Answer_ManyThreadsAtOnce_GiveTheSameAnswersAsOneThread()
    {
        var engine = TestKnowledge.Default;
        var questions = engine.Essay.Faqs.Select(f => f.Question).Concat(engine.Essay.Sections.Select(s => $"what happened in {s.Title}")).ToList();
        var sequential = questions.Select(q => engine.Answer(q).ToString()).ToList();

        var parallel = new string[questions.Count * 4];
        Parallel.For(0, parallel.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            i => parallel[i] = engine.Answer(questions[i % questions.Count]).ToString());

        for (var i = 0; i < parallel.Length; i++)
        {
            Assert.Equal(sequential[i % questions.Count], parallel[i]);
        }
    }
}
