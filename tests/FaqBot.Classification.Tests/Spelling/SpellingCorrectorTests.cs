using FaqBot.Classification.Spelling;

namespace FaqBot.Classification.Tests.Spelling;

public class SpellingCorrectorTests
{
    private static readonly SpellingCorrector Corrector = new(
        ["Do sanctions fix everything?", "Russia is not simply declining.", "The space station is a joint effort.", "Enemies can still talk."],
        GeneralVocabulary.Words);

    [Theory]
    [InlineData("sactions solve everything?", "sanctions solve everything?")]
    [InlineData("is rusia declinig", "is russia declining")]
    [InlineData("what's the spce station example", "what's the space station example")]
    public void Correct_WordsKnownToNeitherTheEssayNorEnglish_BecomeTheNearestEssayWord(string question, string corrected)
    {
        Assert.Equal(corrected, Corrector.Correct(question));
    }

    [Theory]
    [InlineData("do sanctions fix everything")]
    [InlineData("is the station safe")] // "safe" is English, though the essay never uses it
    [InlineData("are they enemys for life")] // "enemys" stems as the essay's "enemies" do
    public void Correct_RealOrKnownWords_LeftAlone(string question)
    {
        Assert.Equal(question, Corrector.Correct(question));
    }

    [Fact]
    public void Correct_RealEnglishWordOneEditFromAnEssayWord_NeverTurnedIntoIt()
    {
        // "spice" is one edit from "space", but it is a word: the user meant it.
        Assert.Equal("what about spice", Corrector.Correct("what about spice"));
    }

    [Fact]
    public void Correct_NothingNearEnough_LeftAlone()
    {
        Assert.Equal("qwzxv", Corrector.Correct("qwzxv"));
    }

    [Fact]
    public void Correct_KeepsPunctuationAndCaseOfTheRest()
    {
        Assert.Equal("Why did SANCTIONS fail, in russia's view?", Corrector.Correct("Why did SANCTIONS fail, in Rusia's view?"));
    }

    [Theory]
    [InlineData("sanctions", "sactions", 1)]
    [InlineData("russia", "rusia", 1)]
    [InlineData("form", "from", 1)]
    [InlineData("winter", "summer", 4)]
    public void Distance_CountsInsertionsDeletionsSubstitutionsAndSwaps(string a, string b, int distance)
    {
        Assert.Equal(distance, SpellingCorrector.Distance(a, b, limit: 5));
    }

    [Fact]
    public void Distance_BeyondTheLimit_StopsEarly()
    {
        Assert.Equal(2, SpellingCorrector.Distance("abcdef", "uvwxyz", limit: 1));
    }
}
