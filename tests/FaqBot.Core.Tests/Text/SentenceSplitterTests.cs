using FaqBot.Core.Text;

namespace FaqBot.Core.Tests.Text;

public class SentenceSplitterTests
{
    [Theory]
    [InlineData("The U.S. Department of the Treasury reported something. These sanctions cost a lot.",
        new[] { "The U.S. Department of the Treasury reported something.", "These sanctions cost a lot." })]
    [InlineData("Russia criticized the U.S. They stressed diplomacy.",
        new[] { "Russia criticized the U.S.", "They stressed diplomacy." })]
    [InlineData("Over $2.5 billion has gone there since 2014. That is a lot.",
        new[] { "Over $2.5 billion has gone there since 2014.", "That is a lot." })]
    [InlineData("He noted, \u201CDiplomacy is about building trust.\u201D This idea is essential.",
        new[] { "He noted, \u201CDiplomacy is about building trust.\u201D", "This idea is essential." })]
    [InlineData("No. Bees stay awake all winter.",
        new[] { "No.", "Bees stay awake all winter." })]
    [InlineData("Dr. Hill said the talks failed. Then they met again.",
        new[] { "Dr. Hill said the talks failed.", "Then they met again." })]
    [InlineData("It\u2019s been quite a wild ride, you know? Big moments shaped it!",
        new[] { "It\u2019s been quite a wild ride, you know?", "Big moments shaped it!" })]
    public void Split_Paragraph_SentencesAsAReaderSeesThem(string paragraph, string[] sentences)
    {
        Assert.Equal(sentences, SentenceSplitter.Split(paragraph));
    }

    [Fact]
    public void Split_TextWithoutFinalPunctuation_KeepsTheLastSentence()
    {
        Assert.Equal(["It began in 1917.", "Then came the Cold War"], SentenceSplitter.Split("It began in 1917. Then came the Cold War"));
    }
}
