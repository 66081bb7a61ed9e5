using FaqBot.Core.Knowledge;

namespace FaqBot.Core.Tests.Knowledge;

public class MythClaimWriterTests
{
    [Theory]
    [InlineData("faq:are-the-u-s-and-russia-always-going-to-be-enemies", "The U.S. and Russia are always going to be enemies.")]
    [InlineData("faq:do-sanctions-fix-everything", "Sanctions fix everything.")]
    [InlineData("faq:does-nato-expansion-always-mean-aggression-to-russia", "NATO expansion always means aggression to Russia.")]
    [InlineData("faq:can-leaders-alone-fix-this-relationship", "Leaders alone can fix this relationship.")]
    [InlineData("faq:is-there-any-trust-left-between-them", "There is no trust left between them.")]
    [InlineData("faq:can-cultural-exchanges-really-make-a-difference", "Cultural exchanges cannot really make a difference.")]
    public void Rebut_DefaultEssayYesNoQuestion_StatesTheMythAsAClaim(string faqId, string claim)
    {
        var myth = Essays.ParsedDefault.Faq(faqId).Myth;

        Assert.NotNull(myth);
        Assert.Equal(claim, myth.Claim);
    }

    [Theory]
    [InlineData("Can cultural exchanges really make a difference?", "Yes, they can. Meeting people builds understanding.", "Cultural exchanges cannot really make a difference.")]
    [InlineData("Do bees hibernate in winter?", "Yes. They sleep until spring.", "Bees do not hibernate in winter.")]
    [InlineData("Is damp more dangerous to bees than cold?", "Yes, very often.", "Damp is not more dangerous to bees than cold.")]
    public void Rebut_AnswerOpensWithYes_StatesTheOppositeClaim(string question, string answer, string claim)
    {
        Assert.Equal(claim, MythClaimWriter.Rebut(question, answer)?.Claim);
    }

    [Theory]
    [InlineData("Do sanctions fix everything?", "No. They are a tool.", "Sanctions fix everything.")]
    [InlineData("Is Russia just a declining power?", "It\u2019s more complex than that.", "Russia is just a declining power.")]
    public void Rebut_AnswerDoesNotOpenWithYes_StatesTheQuestionAsAClaim(string question, string answer, string claim)
    {
        Assert.Equal(claim, MythClaimWriter.Rebut(question, answer)?.Claim);
    }

    [Theory]
    [InlineData("Why do they keep talking if there\u2019s so much distrust?", "They talk because they have to.")]
    [InlineData("What about the space station collaboration?", "That\u2019s a great example of cooperation.")]
    [InlineData("How do bees stay warm?", "They shiver.")]
    public void Rebut_WhQuestion_ReturnsNoMyth(string question, string answer)
    {
        Assert.Null(MythClaimWriter.Rebut(question, answer));
    }

    [Fact]
    public void Rebut_DefaultEssayWhQuestions_HaveNoMyth()
    {
        var essay = Essays.ParsedDefault;

        Assert.Null(essay.Faq("faq:why-do-they-keep-talking-if-theres-so-much-distrust").Myth);
        Assert.Null(essay.Faq("faq:what-about-the-space-station-collaboration").Myth);
    }

    [Theory]
    [InlineData("faq:are-the-u-s-and-russia-always-going-to-be-enemies", "No, not really.")]
    [InlineData("faq:do-sanctions-fix-everything", "Sanctions can pressure a country, yes.")]
    public void Rebut_DefaultEssayFaq_VerdictIsTheAnswersFirstSentence(string faqId, string verdict)
    {
        Assert.Equal(verdict, Essays.ParsedDefault.Faq(faqId).Myth?.Verdict);
    }

    // "ever" belongs in questions and negations; in an affirmative claim it is ungrammatical.
    [Theory]
    [InlineData("Will Russia ever join NATO?", "No.", "Russia will join NATO.")]
    [InlineData("Have sanctions ever worked?", "No, not really.", "Sanctions have worked.")]
    public void Rebut_QuestionWithEver_ClaimIsGrammatical(string question, string answer, string claim)
    {
        Assert.Equal(claim, MythClaimWriter.Rebut(question, answer)?.Claim);
    }
}

public class MythClaimWriterRebuttalTests
{
    [Theory]
    [InlineData("Is trust gone for good?", "Trust is very low.", false)]
    [InlineData("Is trust gone for good?", "No. It can be rebuilt.", true)]
    [InlineData("Is trust gone for good?", "Yes, it is.", true)]
    public void Rebut_AnswerWithoutPlainYesOrNo_IsNotCalledAMyth(string question, string answer, bool expected)
    {
        Assert.Equal(expected, FaqBot.Core.Knowledge.MythClaimWriter.Rebut(question, answer)!.ExplicitlyRebutted);
    }

    [Fact]
    public void Rebut_FaqHeadingCallsThemMyths_CountsAsRebutted()
    {
        Assert.True(FaqBot.Core.Knowledge.MythClaimWriter.Rebut("Is trust gone for good?", "Trust is very low.", sectionNamesMyths: true)!.ExplicitlyRebutted);
    }
}
