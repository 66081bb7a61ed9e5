using FaqBot.Core.Caching;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.Options;

namespace FaqBot.Bot.Storage;

/// <summary>
/// Conversation state in this process, bounded. The SDK's <see cref="MemoryStorage"/> keeps every conversation it ever
/// saw, so a bot that runs for weeks without Redis grows without end; this one keeps it (its eTags and all) but
/// forgets items idle longer than <see cref="StateOptions.IdleLifetime"/> and, past
/// <see cref="StateOptions.MaxConversations"/>, the least recently used. A forgotten conversation loses only the context
/// of its follow-ups, as it would when its Redis key expires.
/// </summary>
internal sealed class BoundedMemoryStorage(IOptions<StateOptions> options, TimeProvider time) : IStorage
{
    // Idle items are looked for once a minute; between sweeps an expired item still reads as missing.
    private static readonly TimeSpan SweepEvery = TimeSpan.FromMinutes(1);

    private readonly MemoryStorage _inner = new();
    private readonly TimeSpan _idleLifetime = options.Value.IdleLifetime;

    // When each item was last read or written, least recently used first out.
    private readonly RecentlyUsedCache<string, DateTimeOffset> _used = new(options.Value.MaxConversations, StringComparer.Ordinal);
    private long _nextSweepTicks = (time.GetUtcNow() + SweepEvery).UtcTicks;

    /// <summary>How many items are kept now.</summary>
    public int Count => _used.Count;

    public async Task<IDictionary<string, object>> ReadAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var now = time.GetUtcNow();
        var (live, expired) = (new List<string>(keys.Length), new List<string>());
        foreach (var key in keys)
        {
            if (!_used.TryGet(key, out var used))
            {
                continue;
            }

            if (now - used < _idleLifetime)
            {
                _used.Set(key, now);
                live.Add(key);
            }
            else if (_used.Remove(key))
            {
                expired.Add(key);
            }
        }

        await ForgetAsync(expired, cancellationToken).ConfigureAwait(false);
        return live.Count == 0 ? new Dictionary<string, object>() : await _inner.ReadAsync([.. live], cancellationToken).ConfigureAwait(false);
    }

    public async Task WriteAsync(IDictionary<string, object> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);

        // The inner store checks eTags and throws on a conflict before anything is recorded here.
        await _inner.WriteAsync(changes, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var forget = new List<string>();
        foreach (var key in changes.Keys)
        {
            if (_used.Set(key, now, out var forgotten))
            {
                forget.Add(forgotten);
            }
        }

        var due = Interlocked.Read(ref _nextSweepTicks);
        if (now.UtcTicks >= due && Interlocked.CompareExchange(ref _nextSweepTicks, (now + SweepEvery).UtcTicks, due) == due)
        {
            forget.AddRange(_used.ForgetOldestWhile(used => now - used >= _idleLifetime));
        }

        await ForgetAsync(forget, cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var key in keys)
        {
            _used.Remove(key);
        }

        await _inner.DeleteAsync(keys, cancellationToken).ConfigureAwait(false);
    }

    // A conversation written again between being forgotten here and deleted below loses that write, as if forgotten a
    // moment later.
    private Task ForgetAsync(List<string> keys, CancellationToken cancellationToken) =>
        keys.Count == 0 ? Task.CompletedTask : _inner.DeleteAsync([.. keys], cancellationToken);
}
