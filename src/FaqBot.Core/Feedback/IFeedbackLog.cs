namespace FaqBot.Core.Feedback;

/// <summary>Where votes, fallbacks and rejected did-you-means are kept for a curator: append-only, nothing lost.</summary>
public interface IFeedbackLog
{
    /// <summary>Returns once the record is durable (flushed to disk, or acknowledged by the shared store).</summary>
    Task AppendAsync(FeedbackRecord record, CancellationToken cancellationToken = default);

    /// <summary>Every record, oldest first.</summary>
    Task<IReadOnlyList<FeedbackRecord>> ReadAllAsync(CancellationToken cancellationToken = default);
}
