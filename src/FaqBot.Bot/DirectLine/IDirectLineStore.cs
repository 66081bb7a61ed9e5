namespace FaqBot.Bot.DirectLine;

/// <summary>What a Direct Line token opens: one conversation, for one user, until it expires.</summary>
public sealed record DirectLineGrant(string ConversationId, string UserId, DateTimeOffset Expires);

/// <summary>
/// The local Direct Line's conversations and tokens. Activities are kept as their JSON, in order; a client's
/// watermark is how many it has seen. In memory by default, in Redis when replicas share state.
/// </summary>
public interface IDirectLineStore
{
    /// <summary>Starts a conversation opened by <paramref name="token"/>; false when no more can be held now.</summary>
    Task<bool> CreateAsync(string token, DirectLineGrant grant, CancellationToken cancellationToken);

    /// <summary>The grant of a token that exists and has not expired, else null.</summary>
    Task<DirectLineGrant?> FindAsync(string token, CancellationToken cancellationToken);

    /// <summary>Adds another token for an existing conversation (a refresh); false when the conversation is gone.</summary>
    Task<bool> AddTokenAsync(string token, DirectLineGrant grant, CancellationToken cancellationToken);

    /// <summary>True the first time it is asked for a conversation: the client has started it.</summary>
    Task<bool> MarkStartedAsync(string conversationId, CancellationToken cancellationToken);

    /// <summary>Reserves <paramref name="count"/> activity sequence numbers; returns the first.</summary>
    Task<long> NextSequenceAsync(string conversationId, int count, CancellationToken cancellationToken);

    /// <summary>Appends activities; false when the conversation is gone or full.</summary>
    Task<bool> AppendAsync(string conversationId, IReadOnlyList<string> activities, CancellationToken cancellationToken);

    /// <summary>The activities after the first <paramref name="watermark"/>, and the new watermark.</summary>
    Task<(IReadOnlyList<string> Activities, int Watermark)> ReadAsync(string conversationId, int watermark, CancellationToken cancellationToken);
}
