namespace FaqBot.Bot.Bots;

/// <summary>
/// What a conversation remembers between turns, kept in Bot Framework conversation state (in memory by default):
/// enough to answer "tell me more", "why?" and "another myth". No user text is stored.
/// </summary>
public sealed class ConversationMemory
{
    /// <summary>The section the last answer came from.</summary>
    public string? LastSectionId { get; set; }

    /// <summary>The essay sentences the last answer quoted.</summary>
    public List<string> LastSentences { get; set; } = [];

    /// <summary>FAQ ids whose myths this conversation has already seen rebutted.</summary>
    public List<string> MythsShown { get; set; } = [];
}
