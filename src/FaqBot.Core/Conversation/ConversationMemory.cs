namespace FaqBot.Core.Conversation;

/// <summary>
/// What a conversation remembers between turns (kept by the channel's state store, in memory by default): enough to
/// answer "tell me more", "why?" and "another myth", and to record a vote with the question it is about.
/// </summary>
public sealed class ConversationMemory
{
    /// <summary>The section the last answer came from.</summary>
    public string? LastSectionId { get; set; }

    /// <summary>The essay sentences the last answer quoted.</summary>
    public List<string> LastSentences { get; set; } = [];

    /// <summary>The body sentences shown as evidence for the last answer, each with its section: what "why?" opens up.</summary>
    public List<QuotedSentence> LastEvidence { get; set; } = [];

    /// <summary>The last question answered, kept only so a vote on its answer can be recorded with it.</summary>
    public string? LastQuestion { get; set; }

    /// <summary>The FAQ entry or section the last answer came from.</summary>
    public string? LastAnswerId { get; set; }

    public float LastConfidence { get; set; }

    /// <summary>
    /// The answers the last did-you-mean (or a fallback's nearest questions) offered, in the order of its buttons: what a
    /// typed "yes" or "the second one" takes.
    /// </summary>
    public List<string> LastOffered { get; set; } = [];

    /// <summary>FAQ ids whose myths this conversation has already seen rebutted.</summary>
    public List<string> MythsShown { get; set; } = [];
}

/// <summary>A sentence of the essay and the section it is in.</summary>
public sealed class QuotedSentence
{
    public string SectionId { get; set; } = string.Empty;

    public string Text { get; set; } = string.Empty;
}
