using FaqBot.Core.Answers;

namespace FaqBot.Core.Tests.Answers;

public class FollowUpTests
{
    [Theory]
    [InlineData("tell me more", FollowUpKind.TellMeMore)]
    [InlineData("More, please!", FollowUpKind.TellMeMore)]
    [InlineData("why?", FollowUpKind.Why)]
    [InlineData("Source?", FollowUpKind.Why)]
    [InlineData("another myth", FollowUpKind.AnotherMyth)]
    [InlineData("Another myth", FollowUpKind.AnotherMyth)]
    [InlineData("why do they keep talking?", FollowUpKind.None)]
    [InlineData("tell me more about sanctions", FollowUpKind.None)]
    public void Parse_Message_RecognisesOnlyWholeFollowUps(string message, FollowUpKind expected)
    {
        Assert.Equal(expected, FollowUp.Parse(message));
    }
}
