using FaqBot.Classification.Retrieval;

namespace FaqBot.Classification.Tests.Retrieval;

public class QuestionFormTests
{
    [Theory]
    [InlineData("when did the canal open", AskedFor.Time)]
    [InlineData("how many bees are left by midwinter", AskedFor.Quantity)]
    [InlineData("how long does a summer bee live", AskedFor.Quantity)]
    [InlineData("who studied the cluster", AskedFor.Name)]
    [InlineData("why do bees fly out in winter", AskedFor.Nothing)]
    public void Of_WhQuestion_KnowsWhatItAsksFor(string question, AskedFor asked)
    {
        Assert.Equal(asked, QuestionForm.Of(question).AskedFor);
    }

    [Theory]
    [InlineData("do sanctions work?")]
    [InlineData("so is russia declining")]
    [InlineData("can leaders fix it")]
    public void Of_AuxiliaryFirst_IsYesNo(string question)
    {
        Assert.True(QuestionForm.Of(question).YesNo);
    }

    [Theory]
    [InlineData("sanctions always work")]
    [InlineData("bees just sleep all winter")]
    public void Of_NoQuestionWordsNoQuestionMark_IsAStatement(string text)
    {
        Assert.True(QuestionForm.Of(text).Statement);
    }

    [Theory]
    [InlineData("tell me about the winter cluster")]
    [InlineData("quick intro to mite treatments")]
    [InlineData("what's the deal with the locks")]
    [InlineData("the basics of hive insulation")]
    [InlineData("gist of the section on tolls?")]
    public void Of_RequestForATopic_IsATopicRequest(string text)
    {
        Assert.True(QuestionForm.Of(text).TopicRequest);
    }

    [Theory]
    [InlineData("what's the author's concluding thought", EssayPlace.End)]
    [InlineData("how does the piece end?", EssayPlace.End)]
    [InlineData("what does the writer say at the end", EssayPlace.End)]
    [InlineData("what does the introduction argue", EssayPlace.Start)]
    [InlineData("how does the essay begin", EssayPlace.Start)]

    // The first or last of something in the essay's topic is not a place in the essay.
    [InlineData("when was the last eruption of vesuvius", EssayPlace.Anywhere)]
    [InlineData("who first read the hieroglyphs", EssayPlace.Anywhere)]
    [InlineData("how did the war end", EssayPlace.Anywhere)]
    public void Of_QuestionAboutTheEssayAsAText_KnowsWhereItPoints(string question, EssayPlace place)
    {
        Assert.Equal(place, QuestionForm.Of(question).Place);
    }

    [Theory]
    [InlineData("which election brought interference into the spotlight", "election")]
    [InlineData("what kind of talks are vital", "talk")]
    [InlineData("what happened in 2014", null)]
    public void Of_WhichNoun_IsTheNounAskedFor(string question, string? noun)
    {
        Assert.Equal(noun, QuestionForm.Of(question).AskedNoun);
    }

    [Theory]
    [InlineData("when did it open", "It opened on 15 August 1914.", true)]
    [InlineData("when did it open", "It opened after a long delay.", false)]
    [InlineData("how many died", "About 22,000 died.", true)]
    [InlineData("how long do they live", "They live for four to six months.", true)]

    // A name or a year the question gives is what it asks about, not its answer.
    [InlineData("who was kaldi", "It is a charming tale, but there is no evidence that Kaldi ever lived.", false)]
    [InlineData("who was kaldi", "A goat herder named Kaldi noticed it, the monk Abbas said.", true)]
    [InlineData("when in 2021 did they meet", "In 2021 the two leaders met.", false)]
    [InlineData("when in 2021 did they meet", "The two leaders met in June 2021.", true)]
    [InlineData("who met champollion in 1822", "Champollion met Young in 1822.", true)]
    public void IsHeldBy_TextWithTheKindOfAnswerAsked_True(string question, string text, bool held)
    {
        Assert.Equal(held, QuestionForm.Of(question).IsHeldBy(text));
    }
}
