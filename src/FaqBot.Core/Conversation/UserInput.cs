namespace FaqBot.Core.Conversation;

/// <summary>What a user sent: the text, and the typed action when it came from one of FaqBot's buttons.</summary>
public sealed record UserInput(string Text, UserAction? Action = null);

/// <summary>What a button (or a typed phrase) asks FaqBot to do. <see cref="Target"/> is an FAQ or section id where one applies.</summary>
public sealed record UserAction(UserActionKind Kind, string? Target = null)
{
    /// <summary>The name a channel carries in a button's value; read back by <see cref="TryParse"/>.</summary>
    public string Name => Kind switch
    {
        UserActionKind.TellMeMore => "tell-me-more",
        UserActionKind.AnotherMyth => "another-myth",
        UserActionKind.NotHelpful => "not-helpful",
        UserActionKind.NoneOfThese => "none-of-these",
        _ => Kind.ToString().ToLowerInvariant(),
    };

    /// <summary>The action a button's value names; false for a value FaqBot never sent (an old or forged button).</summary>
    public static bool TryParse(string? name, string? target, out UserAction action)
    {
        action = Enum.GetValues<UserActionKind>().Select(k => new UserAction(k, target)).FirstOrDefault(a => a.Name == name)!;
        if (action is null || (NeedsTarget(action.Kind) && string.IsNullOrWhiteSpace(target)))
        {
            action = null!;
            return false;
        }

        return true;
    }

    private static bool NeedsTarget(UserActionKind kind) => kind is UserActionKind.Answer or UserActionKind.Myth;
}

public enum UserActionKind
{
    /// <summary>Answer with the FAQ entry or section <see cref="UserAction.Target"/> names (a did-you-mean pick, an example).</summary>
    Answer,

    /// <summary>The myth of FAQ entry <see cref="UserAction.Target"/>, rebutted (a pick from "myths").</summary>
    Myth,

    Help,
    Topics,
    Myths,

    /// <summary>"what is this essay about?": how the essay opens and how it concludes, and its sections.</summary>
    Overview,

    /// <summary>"tell me more": the section around the last answer.</summary>
    TellMeMore,

    /// <summary>"why?", "source?": the passages the last answer stands on.</summary>
    Why,

    /// <summary>"another myth": a myth not rebutted yet in this conversation.</summary>
    AnotherMyth,

    Helpful,
    NotHelpful,

    /// <summary>None of the did-you-mean choices.</summary>
    NoneOfThese,
}
