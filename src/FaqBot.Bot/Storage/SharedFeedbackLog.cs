using FaqBot.Core.Feedback;
using FaqBot.Redis;
using StackExchange.Redis;

namespace FaqBot.Bot.Storage;

/// <summary>
/// With Redis configured, records go to the shared stream every replica writes to; when Redis cannot take one, it
/// goes to this replica's local file instead (logged), so a vote is never lost. `review` reads both.
/// </summary>
internal sealed class SharedFeedbackLog(RedisFeedbackLog shared, FeedbackLog local, ILogger<SharedFeedbackLog> logger) : IFeedbackLog
{
    public async Task AppendAsync(FeedbackRecord record, CancellationToken cancellationToken = default)
    {
        try
        {
            await shared.AppendAsync(record, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            logger.LogWarning("Redis unavailable ({Failure}); feedback kept in {Path} instead", ex.GetType().Name, local.Path);
            await local.AppendAsync(record, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<FeedbackRecord>> ReadAllAsync(CancellationToken cancellationToken = default) =>
        [.. (await shared.ReadAllAsync(cancellationToken).ConfigureAwait(false)).Concat(local.ReadAll()).OrderBy(r => r.Time)];
}
