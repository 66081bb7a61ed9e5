using FaqBot.Classification.Retrieval;
using FaqBot.Core.Knowledge;

namespace FaqBot.Classification.Tests.Retrieval;

public class EssayTermsTests
{
    private static readonly Essay Essay = EssayParser.Parse("""
        A title

        The First Section

        The Iran Nuclear Deal (JCPOA) was signed in 2015. The U.S. left the JCPOA in 2018. The United States said so. It helps us all.

        Questions

        Is the deal dead?

        No. It is only weakened.

        Did the U.S. leave?

        Yes. It did.
        """);

    private static readonly EssayTerms Terms = new(Essay);

    [Fact]
    public void Terms_AbbreviationTheEssayDefines_CarriesItsLongForm()
    {
        Assert.Superset(new HashSet<string> { "jcpoa", "iran", "nuclear", "deal" }, Terms.Terms("what is the jcpoa").ToHashSet());
    }

    [Fact]
    public void Terms_InitialismOfAPhraseTheEssayWrites_CarriesThePhrase()
    {
        // The essay writes both "U.S." and "United States": the one carries the other, read from the essay alone.
        Assert.Superset(Core.Text.TextNormalizer.Terms("us united states").ToHashSet(), Terms.Terms("when did the us leave").ToHashSet());
    }

    [Fact]
    public void Count_PronounUsInTheEssay_IsNotTheCountry()
    {
        var counts = Terms.Count("It helps us all.");

        Assert.DoesNotContain(Core.Text.TextNormalizer.Terms("united")[0], counts.Counts.Keys);
    }

    [Fact]
    public void Names_CapitalisedInsideASentence_AreTheEssaysNames()
    {
        Assert.Contains("iran", Terms.Names);
        Assert.DoesNotContain("it", Terms.Names);
    }

    [Fact]
    public void Bm25_AllQueryTermsInAShortText_NearOne()
    {
        var query = Terms.Terms("jcpoa 2018");

        Assert.InRange(Terms.Bm25(query, Terms.Count("The U.S. left the JCPOA in 2018."), Terms.Weight(query)), 0.5f, 1f);
        Assert.Equal(0f, Terms.Bm25(query, Terms.Count("No. It is only weakened."), Terms.Weight(query)));
    }
}
