using Microsoft.Bot.Builder;
using Microsoft.Extensions.Options;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using StackExchange.Redis;

namespace FaqBot.Bot.Storage;

/// <summary>
/// Bot Framework <see cref="IStorage"/> in Redis, with its optimistic concurrency: every write gets a new eTag; a
/// write that names an eTag (an <see cref="IStoreItem"/>, or state read earlier, which carries the eTag it was read
/// with) succeeds only if the stored item still has it, atomically (a Lua script), else it throws. "*" or no eTag
/// writes unconditionally, as in the SDK's own stores. Items expire after <see cref="RedisOptions.StateTimeToLive"/>.
/// </summary>
internal sealed class RedisStorage(RedisConnection redis, IOptions<RedisOptions> options) : IStorage
{
    private const string ETagField = "eTag";

    // KEYS[1] item; ARGV: expected eTag ('' = any), new eTag, document, ttl seconds.
    private static readonly LuaScript ConditionalWrite = LuaScript.Prepare("""
        local current = redis.call('HGET', @key, 'etag')
        if @expected ~= '' and current and current ~= @expected then
          return 0
        end
        redis.call('HSET', @key, 'etag', @etag, 'doc', @doc)
        redis.call('EXPIRE', @key, @ttl)
        return 1
        """);

    private static readonly JsonSerializer Serializer = JsonSerializer.Create(new JsonSerializerSettings
    {
        TypeNameHandling = TypeNameHandling.None,
        ReferenceLoopHandling = ReferenceLoopHandling.Error,
    });

    private readonly long _ttlSeconds = (long)options.Value.StateTimeToLive.TotalSeconds;

    public async Task<IDictionary<string, object>> ReadAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var database = redis.Multiplexer.GetDatabase();
        var reads = keys.Select(key => database.HashGetAsync(Key(key), ["etag", "doc"])).ToList();
        var items = new Dictionary<string, object>(keys.Length);
        for (var i = 0; i < keys.Length; i++)
        {
            var values = await reads[i].WaitAsync(cancellationToken).ConfigureAwait(false);
            if (values[1].IsNullOrEmpty)
            {
                continue;
            }

            var document = JObject.Parse(values[1].ToString());
            document[ETagField] = values[0].ToString();
            items[keys[i]] = document;
        }

        return items;
    }

    public async Task WriteAsync(IDictionary<string, object> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var database = redis.Multiplexer.GetDatabase();
        foreach (var (key, value) in changes)
        {
            var document = value is null ? new JObject() : JObject.FromObject(value, Serializer);
            var expected = ExpectedETag(value, document);
            RemoveETag(document);
            var written = (long)await database.ScriptEvaluateAsync(ConditionalWrite, new
            {
                key = Key(key),
                expected = expected is null or "*" ? string.Empty : expected,
                etag = Guid.NewGuid().ToString("N"),
                doc = document.ToString(Formatting.None),
                ttl = _ttlSeconds,
            }).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (written == 0)
            {
                throw new InvalidOperationException($"Etag conflict: '{key}' was changed by another writer since it was read.");
            }
        }
    }

    public async Task DeleteAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        await redis.Multiplexer.GetDatabase().KeyDeleteAsync(keys.Select(Key).ToArray()).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private RedisKey Key(string key) => redis.KeyPrefix + "state:" + key;

    /// <summary>The eTag a write was read with: an IStoreItem's, or the one a read put into the document.</summary>
    private static string? ExpectedETag(object? value, JObject document) => value switch
    {
        IStoreItem item => item.ETag,
        _ => document.Properties().FirstOrDefault(p => p.Name.Equals(ETagField, StringComparison.OrdinalIgnoreCase))?.Value.Type == JTokenType.String
            ? (string?)document.Properties().First(p => p.Name.Equals(ETagField, StringComparison.OrdinalIgnoreCase)).Value
            : null,
    };

    private static void RemoveETag(JObject document)
    {
        foreach (var property in document.Properties().Where(p => p.Name.Equals(ETagField, StringComparison.OrdinalIgnoreCase)).ToList())
        {
            property.Remove();
        }
    }
}
