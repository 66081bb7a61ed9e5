using FaqBot.Core.Conversation;
using FaqBot.Core.Decision;

namespace FaqBot.Core.Replies;

/// <summary>
/// A worded reply, the same for every channel: Markdown blocks (paragraphs, in order), the buttons offered under them,
/// and, when it gives an answer, what that answer is.
/// </summary>
public sealed record Reply(IReadOnlyList<string> Blocks, IReadOnlyList<ReplyAction> Actions)
{
    public Reply(string text, IReadOnlyList<ReplyAction> actions)
        : this([text], actions)
    {
    }

    /// <summary>The blocks as one Markdown text, a blank line between blocks.</summary>
    public string Text => string.Join("\n\n", Blocks);

    /// <summary>The answer this reply words; null for commands, small talk and follow-ups that answer nothing new.</summary>
    public AnswerAbout? About { get; init; }
}

/// <summary>
/// A button: <see cref="Title"/> is shown and, on channels that cannot send a value, sent back as if typed;
/// <see cref="Value"/> says what the click means, so it never depends on matching the title's words.
/// </summary>
public sealed record ReplyAction(string Title, UserAction Value);
