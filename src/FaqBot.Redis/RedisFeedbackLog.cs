using System.Text.Json;
using FaqBot.Core.Feedback;
using StackExchange.Redis;

namespace FaqBot.Redis;

/// <summary>
/// The feedback log as a Redis stream, so every replica's records land in one log in the order Redis received
/// them. A record is appended when Redis acknowledges it (with AOF persistence on, it survives a Redis restart).
/// </summary>
public sealed class RedisFeedbackLog(IConnectionMultiplexer redis, string keyPrefix) : IFeedbackLog
{
    private const string Field = "record";
    private const int Page = 1000;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public RedisKey Key { get; } = keyPrefix + "feedback";

    public async Task AppendAsync(FeedbackRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(redis);
        await redis.GetDatabase().StreamAddAsync(Key, Field, JsonSerializer.Serialize(record, Json)).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<FeedbackRecord>> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        var database = redis.GetDatabase();
        var records = new List<FeedbackRecord>();
        RedisValue after = "-";
        while (true)
        {
            var entries = await database.StreamRangeAsync(Key, after, "+", Page).WaitAsync(cancellationToken).ConfigureAwait(false);
            foreach (var entry in entries)
            {
                if (entry.Id == after)
                {
                    continue;
                }

                if (entry[Field] is { IsNullOrEmpty: false } value && JsonSerializer.Deserialize<FeedbackRecord>(value.ToString(), Json) is { } record)
                {
                    records.Add(record);
                }
            }

            if (entries.Length < Page)
            {
                return records;
            }

            after = entries[^1].Id;
        }
    }
}
