using FaqBot.Core.Conversation;

namespace FaqBot.Core.Tests.Conversation;

public class PhrasesTests
{
    [Theory]
    [InlineData("tell me more", UserActionKind.TellMeMore)]
    [InlineData("More, please!", UserActionKind.TellMeMore)]
    [InlineData("why?", UserActionKind.Why)]
    [InlineData("Source?", UserActionKind.Why)]
    [InlineData("another myth", UserActionKind.AnotherMyth)]
    [InlineData("HELP", UserActionKind.Help)]
    [InlineData("topics.", UserActionKind.Topics)]
    [InlineData("None of these", UserActionKind.NoneOfThese)]
    [InlineData("that didn't help", UserActionKind.NotHelpful)]
    public void Action_WholeMessage_IsRecognised(string message, UserActionKind expected)
    {
        Assert.Equal(expected, Phrases.Action(message)?.Kind);
    }

    [Theory]
    [InlineData("why do they keep talking?")]
    [InlineData("tell me more about sanctions")]
    [InlineData("help me understand sanctions")]
    public void Action_QuestionContainingAPhrase_IsNotAnAction(string message)
    {
        Assert.Null(Phrases.Action(message));
    }

    [Theory]
    [InlineData("what is this essay about?")]
    [InlineData("What's the essay about")]
    [InlineData("summarize the essay")]
    [InlineData("give me a quick summary")]
    [InlineData("tl;dr")]
    [InlineData("main argument?")]
    [InlineData("what does the author argue?")]
    [InlineData("what does the essay say?")]
    public void Action_RequestAboutTheWholeEssay_IsAnOverview(string message)
    {
        Assert.Equal(UserActionKind.Overview, Phrases.Action(message)?.Kind);
    }

    [Theory]
    [InlineData("what is the essay about sanctions?")]
    [InlineData("what's the point of sanctions?")]
    [InlineData("summary of the history section")]
    [InlineData("what does the author say is key?")]
    [InlineData("how does the essay end?")]
    [InlineData("what does the text say?")]
    [InlineData("what is it about?")]
    public void Action_RequestAboutOneThingInTheEssay_IsNoOverview(string message)
    {
        Assert.Null(Phrases.Action(message));
    }

    [Theory]
    [InlineData("hi", SmallTalk.Greeting)]
    [InlineData("Thanks, bot!", SmallTalk.Thanks)]
    [InlineData("who are you?", SmallTalk.Identity)]
    public void SmallTalkOf_WholeMessage_IsRecognised(string message, SmallTalk expected)
    {
        Assert.Equal(expected, Phrases.SmallTalkOf(message));
    }

    [Fact]
    public void SmallTalkOf_QuestionThatStartsWithAGreeting_IsAQuestion()
    {
        Assert.Null(Phrases.SmallTalkOf("hi, are they always enemies?"));
    }

    [Fact]
    public void UserAction_EveryKind_RoundTripsThroughItsName()
    {
        foreach (var kind in Enum.GetValues<UserActionKind>())
        {
            var action = new UserAction(kind, "faq:x");
            Assert.True(UserAction.TryParse(action.Name, action.Target, out var parsed));
            Assert.Equal(action, parsed);
        }
    }

    [Theory]
    [InlineData("answer", null)]
    [InlineData("myth", " ")]
    [InlineData("delete-everything", "faq:x")]
    [InlineData(null, null)]
    public void UserAction_ValueFaqBotNeverSent_IsRefused(string? name, string? target)
    {
        Assert.False(UserAction.TryParse(name, target, out _));
    }
}
