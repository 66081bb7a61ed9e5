using System.Text.Json;
using FaqBot.Bot.DirectLine;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FaqBot.Bot.Storage;

/// <summary>
/// The local Direct Line's conversations in Redis, so Web Chat can poll any replica behind a load balancer. Keys
/// expire by themselves: tokens with their grant, conversations <see cref="DirectLineOptions.ConversationLifetime"/>
/// after their last activity. Tokens are kept by hash only.
/// </summary>
internal sealed class RedisDirectLineStore(RedisConnection redis, IOptions<DirectLineOptions> options, TimeProvider time) : IDirectLineStore
{
    // KEYS: meta, list. ARGV: max activities, lifetime seconds, activities...
    private static readonly LuaScript Append = LuaScript.Prepare("""
        if redis.call('EXISTS', @meta) == 0 then return 0 end
        if redis.call('LLEN', @list) + #cjson.decode(@activities) > tonumber(@max) then return 0 end
        for _, activity in ipairs(cjson.decode(@activities)) do redis.call('RPUSH', @list, activity) end
        redis.call('EXPIRE', @list, @ttl)
        redis.call('EXPIRE', @meta, @ttl)
        return 1
        """);

    private readonly DirectLineOptions _options = options.Value;
    private readonly long _lifetimeSeconds = (long)options.Value.ConversationLifetime.TotalSeconds;

    private IDatabase Database => redis.Multiplexer.GetDatabase();

    public async Task<bool> CreateAsync(string token, DirectLineGrant grant, CancellationToken cancellationToken)
    {
        if (!await Database.StringSetAsync(Meta(grant.ConversationId), "0", _options.ConversationLifetime, When.NotExists).ConfigureAwait(false))
        {
            return false;
        }

        await StoreTokenAsync(token, grant).ConfigureAwait(false);
        return true;
    }

    public async Task<DirectLineGrant?> FindAsync(string token, CancellationToken cancellationToken)
    {
        var stored = await Database.StringGetAsync(Token(token)).ConfigureAwait(false);
        if (stored.IsNullOrEmpty || JsonSerializer.Deserialize<DirectLineGrant>(stored.ToString()) is not { } grant || grant.Expires <= time.GetUtcNow())
        {
            return null;
        }

        return await Database.KeyExistsAsync(Meta(grant.ConversationId)).ConfigureAwait(false) ? grant : null;
    }

    public async Task<bool> AddTokenAsync(string token, DirectLineGrant grant, CancellationToken cancellationToken)
    {
        if (!await Database.KeyExistsAsync(Meta(grant.ConversationId)).ConfigureAwait(false))
        {
            return false;
        }

        await StoreTokenAsync(token, grant).ConfigureAwait(false);
        return true;
    }

    public Task<bool> MarkStartedAsync(string conversationId, CancellationToken cancellationToken) =>
        Database.StringSetAsync(Key(conversationId, "started"), "1", _options.ConversationLifetime, When.NotExists);

    public async Task<long> NextSequenceAsync(string conversationId, int count, CancellationToken cancellationToken)
    {
        var sequence = Key(conversationId, "sequence");
        var last = await Database.StringIncrementAsync(sequence, count).ConfigureAwait(false);
        await Database.KeyExpireAsync(sequence, _options.ConversationLifetime).ConfigureAwait(false);
        return last - count + 1;
    }

    public async Task<bool> AppendAsync(string conversationId, IReadOnlyList<string> activities, CancellationToken cancellationToken)
    {
        var appended = (long)await Database.ScriptEvaluateAsync(Append, new
        {
            meta = Meta(conversationId),
            list = Key(conversationId, "activities"),
            max = _options.MaxActivitiesPerConversation,
            ttl = _lifetimeSeconds,
            activities = JsonSerializer.Serialize(activities),
        }).ConfigureAwait(false);
        return appended == 1;
    }

    public async Task<(IReadOnlyList<string> Activities, int Watermark)> ReadAsync(string conversationId, int watermark, CancellationToken cancellationToken)
    {
        var from = Math.Max(0, watermark);
        var activities = await Database.ListRangeAsync(Key(conversationId, "activities"), from).ConfigureAwait(false);
        return (activities.Select(a => a.ToString()).ToList(), from + activities.Length);
    }

    private Task StoreTokenAsync(string token, DirectLineGrant grant) =>
        Database.StringSetAsync(Token(token), JsonSerializer.Serialize(grant), grant.Expires - time.GetUtcNow());

    private RedisKey Token(string token) => $"{redis.KeyPrefix}directline:token:{DirectLineToken.Hash(token)}";

    private RedisKey Meta(string conversationId) => Key(conversationId, "meta");

    private RedisKey Key(string conversationId, string part) => $"{redis.KeyPrefix}directline:conversation:{conversationId}:{part}";
}
