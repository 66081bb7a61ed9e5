using FaqBot.Core.Text;

namespace FaqBot.Core.Answers;

/// <summary>Follow-ups that only make sense after an answer: they refer to "that", the last thing FaqBot said.</summary>
public enum FollowUpKind
{
    None,

    /// <summary>"tell me more": the section around the last answer.</summary>
    TellMeMore,

    /// <summary>"why?", "source?": the passage the last answer stands on, and its section.</summary>
    Why,

    /// <summary>"another myth": a myth not rebutted yet in this conversation.</summary>
    AnotherMyth,

    /// <summary>A vote that the last answer helped.</summary>
    Helpful,

    /// <summary>A vote that the last answer did not help.</summary>
    NotHelpful,
}

public static class FollowUp
{
    public const string WhyButton = "Why?";
    public const string AnotherMythButton = "Another myth";
    public const string HelpfulButton = "Helpful";
    public const string NotHelpfulButton = "Not helpful";

    private static readonly string[] TellMeMore = ["tell me more", "more", "more please", "go on", "tell me more about that", "and", "what else", "more about that", "continue"];
    private static readonly string[] Why = ["why", "source", "sources", "where does it say that", "how do you know", "says who", "where is that from", "why is that"];
    private static readonly string[] Helpful = ["helpful", "that helped", "thanks that helped", "useful", "good answer"];
    private static readonly string[] NotHelpful = ["not helpful", "unhelpful", "that didn't help", "not useful", "bad answer", "wrong answer", "wrong"];
    private static readonly string[] AnotherMyth = ["another myth", "next myth", "one more myth", "another one", "more myths", "give me another myth"];

    /// <summary>What kind of follow-up a whole message is (case, punctuation and "please" ignored), or None.</summary>
    public static FollowUpKind Parse(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = string.Join(" ", TextNormalizer.Tokenize(message).Where(t => t != "please"));
        return TellMeMore.Contains(text) ? FollowUpKind.TellMeMore
            : Why.Contains(text) ? FollowUpKind.Why
            : AnotherMyth.Contains(text) ? FollowUpKind.AnotherMyth
            : Helpful.Contains(text) ? FollowUpKind.Helpful
            : NotHelpful.Contains(text) ? FollowUpKind.NotHelpful
            : FollowUpKind.None;
    }
}
