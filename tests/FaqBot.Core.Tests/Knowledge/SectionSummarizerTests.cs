using FaqBot.Core.Knowledge;

namespace FaqBot.Core.Tests.Knowledge;

public class SectionSummarizerTests
{
    public static TheoryData<string> EssayFiles => new() { "us-russia-relations.txt", "honeybees-winter.txt" };

    [Theory]
    [MemberData(nameof(EssayFiles))]
    public void Summarize_EverySection_TwoOrThreeOfItsOwnSentencesInEssayOrder(string file)
    {
        var essay = EssayParser.Load(Path.Combine(AppContext.BaseDirectory, "essays", file));

        Assert.All(essay.Sections, section =>
        {
            var summary = section.Summary.Sentences;
            Assert.InRange(summary.Count, 2, 3);
            Assert.All(summary, sentence => Assert.Contains(sentence, section.Sentences));
            Assert.All(summary, sentence => Assert.False(sentence.EndsWith('?'), $"'{sentence}' is a question"));
            var positions = summary.Select(sentence => section.Sentences.ToList().IndexOf(sentence)).ToList();
            Assert.Equal(positions.Order(), positions);
        });
    }

    [Fact]
    public void Summarize_SameEssayParsedTwice_SameSummaries()
    {
        var first = EssayParser.Load(Essays.Default);
        var second = EssayParser.Load(Essays.Default);

        Assert.Equal(first.Sections.Select(s => s.Summary.Text), second.Sections.Select(s => s.Summary.Text));
    }

    [Fact]
    public void Summarize_ShortSectionOpeningWithQuestion_LeavesTheQuestionOut()
    {
        string[] sentences =
        [
            "Why does this matter?",
            "It matters because of many good reasons here.",
            "And there are other reasons we can list today.",
        ];

        var summary = new SectionSummarizer(sentences).Summarize("Background", sentences);

        Assert.Equal(sentences[1..], summary.Sentences);
    }
}
