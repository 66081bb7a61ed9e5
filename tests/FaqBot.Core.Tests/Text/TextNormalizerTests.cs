using FaqBot.Core.Text;

namespace FaqBot.Core.Tests.Text;

public class TextNormalizerTests
{
    [Theory]
    [InlineData("$1,550", "1550")]
    [InlineData("1,550", "1550")]
    [InlineData("$50 billion", "50")]
    public void Tokenize_MoneyAndThousandsSeparators_BareNumber(string text, string firstToken)
    {
        Assert.Equal(firstToken, TextNormalizer.Tokenize(text)[0]);
    }

    [Theory]
    [InlineData("U.S. sanctions", "us sanctions")]
    [InlineData("the U.S.A. today", "the usa today")]
    [InlineData("e.g. honey", "eg honey")]
    public void Normalize_DottedInitialism_OneWord(string text, string normalized)
    {
        Assert.Equal(normalized, TextNormalizer.Normalize(text));
    }

    [Fact]
    public void Normalize_NamesOfPlaces_LeftAsWritten()
    {
        // What a name stands for is the essay's to say (its abbreviations), not a list in the code.
        Assert.Equal("washington and moscow", TextNormalizer.Normalize("Washington and Moscow"));
    }

    [Fact]
    public void Normalize_LowercasePronounUs_StaysUs()
    {
        Assert.Equal("tell us about the treaty", TextNormalizer.Normalize("Tell us about the treaty"));
    }

    [Fact]
    public void Fold_CurlyQuotesAndDashes_AsciiForms()
    {
        Assert.Equal("\"Trust\" isn't 'easy' - ever", TextNormalizer.Fold("\u201CTrust\u201D isn\u2019t \u2018easy\u2019 \u2013 ever"));
    }

    [Fact]
    public void Tokenize_CurlyApostrophe_SameTokensAsStraight()
    {
        Assert.Equal(TextNormalizer.Tokenize("Russia's power"), TextNormalizer.Tokenize("Russia\u2019s power"));
    }

    [Theory]
    [InlineData("always")]
    [InlineData("never")]
    [InlineData("only")]
    [InlineData("just")]
    [InlineData("all")]
    public void Terms_MythWord_Kept(string word)
    {
        var terms = TextNormalizer.Terms($"Do sanctions {word} work?");

        Assert.Contains(TextNormalizer.Stem(word), terms);
    }

    [Fact]
    public void Terms_StopWords_Dropped()
    {
        Assert.Equal(["sanction", "work"], TextNormalizer.Terms("Do the sanctions work?"));
    }

    [Theory]
    [InlineData("sanctions", "sanction")]
    [InlineData("countries", "country")]
    [InlineData("exchanges", "exchange")]
    [InlineData("warheads", "warhead")]
    [InlineData("isolation", "isolating")]
    [InlineData("isolated", "isolate")]
    [InlineData("agreements", "agreement")]
    public void Stem_RelatedForms_SameStem(string word, string related)
    {
        Assert.Equal(TextNormalizer.Stem(related), TextNormalizer.Stem(word));
    }

    [Theory]
    [InlineData("What\u2019s Happening Now?", "whats-happening-now")]
    [InlineData("Understanding the U.S. and Russia: A Complex Dance", "understanding-the-u-s-and-russia-a-complex-dance")]
    [InlineData("Do sanctions fix everything?", "do-sanctions-fix-everything")]
    [InlineData("  Real-World Stories  ", "real-world-stories")]
    public void Slug_Title_LowercaseHyphenatedWords(string text, string slug)
    {
        Assert.Equal(slug, TextNormalizer.Slug(text));
    }
}

public class TextNormalizerInvalidUnicodeTests
{
    [Theory]
    [InlineData("hi \uFFFE there", "hi there")]
    [InlineData("lone \uD800 surrogate", "lone surrogate")]
    public void Tokenize_TextThatCannotBeNormalised_KeepsTheReadableWords(string text, string expected)
    {
        Assert.Equal(expected.Split(' '), FaqBot.Core.Text.TextNormalizer.Tokenize(text));
    }
}
