namespace FaqBot.Core.Answers;

/// <summary>A worded reply: Markdown text and the buttons offered under it.</summary>
public sealed record Reply(string Text, IReadOnlyList<ReplyAction> Actions);

/// <summary>A button: <see cref="Title"/> is shown, <see cref="Value"/> is sent back as if the user typed it.</summary>
public sealed record ReplyAction(string Title, string Value);
