using System.ComponentModel.DataAnnotations;

namespace FaqBot.Bot.Storage;

/// <summary>
/// Conversation state kept in this process (no Redis): how many conversations' state (the context of follow-ups) is
/// kept, and for how long an idle one. Configure under "State"; Redis has its own lifetime (Redis:StateTimeToLive).
/// </summary>
public sealed class StateOptions
{
    public const string SectionName = "State";

    /// <summary>
    /// At most this many conversations; the one idle longest is forgotten first. Each takes about 12 KB (the SDK keeps
    /// it as a JSON tree; measured with three quoted sentences and two of evidence), so 2,000 are about 24 MB.
    /// </summary>
    [Range(1, 10_000_000)]
    public int MaxConversations { get; set; } = 2_000;

    /// <summary>A conversation idle this long is forgotten (the same default as Redis:StateTimeToLive).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan IdleLifetime { get; set; } = TimeSpan.FromDays(7);
}
