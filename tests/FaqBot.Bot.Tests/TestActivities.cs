namespace FaqBot.Bot.Tests;

/// <summary>Bot Framework activities as a channel posts them to /api/messages.</summary>
internal static class TestActivities
{
    /// <summary>
    /// A message from <paramref name="user"/> in <paramref name="conversation"/> (a new one when null). With no
    /// <paramref name="serviceUrl"/> the replies come back in the response (expectReplies); with one, they are posted there.
    /// </summary>
    public static object Message(string text, string user = "user1", string? conversation = null, string? serviceUrl = null,
        string channelId = "emulator", string recipient = "bot") => new
    {
        type = "message",
        id = Guid.NewGuid().ToString("N"),
        text,
        channelId,
        serviceUrl = serviceUrl ?? "http://localhost:9",
        deliveryMode = serviceUrl is null ? "expectReplies" : "normal",
        from = new { id = user },
        recipient = new { id = recipient },
        conversation = new { id = conversation ?? $"conversation-{Guid.NewGuid():N}" },
    };
}
