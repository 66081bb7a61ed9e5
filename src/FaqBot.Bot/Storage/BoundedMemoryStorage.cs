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
    private readonly MemoryStorage _inner = new();
    private readonly StateOptions _options = options.Value;
    private readonly Dictionary<string, DateTimeOffset> _lastUsed = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private DateTimeOffset _nextSweep = time.GetUtcNow() + SweepEvery;

    // Idle items are looked for once a minute, and whenever the bound is passed; between sweeps an expired item
    // still reads as missing.
    private static readonly TimeSpan SweepEvery = TimeSpan.FromMinutes(1);

    /// <summary>How many items are kept now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _lastUsed.Count;
            }
        }
    }

    public async Task<IDictionary<string, object>> ReadAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var now = time.GetUtcNow();
        var live = new List<string>(keys.Length);
        lock (_lock)
        {
            foreach (var key in keys)
            {
                if (_lastUsed.TryGetValue(key, out var used) && now - used < _options.IdleLifetime)
                {
                    _lastUsed[key] = now;
                    live.Add(key);
                }
            }
        }

        return live.Count == 0 ? new Dictionary<string, object>() : await _inner.ReadAsync([.. live], cancellationToken).ConfigureAwait(false);
    }

    public async Task WriteAsync(IDictionary<string, object> changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);

        // The inner store checks eTags and throws on a conflict before anything is recorded here.
        await _inner.WriteAsync(changes, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        string[] forget;
        lock (_lock)
        {
            foreach (var key in changes.Keys)
            {
                _lastUsed[key] = now;
            }

            forget = _lastUsed.Count > _options.MaxConversations || now >= _nextSweep ? Sweep(now) : [];
        }

        // Outside the lock: a conversation written again in between loses that write, as if forgotten a moment later.
        if (forget.Length > 0)
        {
            await _inner.DeleteAsync(forget, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task DeleteAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        lock (_lock)
        {
            foreach (var key in keys)
            {
                _lastUsed.Remove(key);
            }
        }

        await _inner.DeleteAsync(keys, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Forgets the idle items and, past the bound, the least recently used; returns their keys. Under the lock.</summary>
    private string[] Sweep(DateTimeOffset now)
    {
        _nextSweep = now + SweepEvery;

        // Past the bound, a tenth more than the excess goes at once, so that a full store does not sort on every write.
        var excess = _lastUsed.Count - _options.MaxConversations;
        var room = excess > 0 ? excess + (_options.MaxConversations / 10) : 0;
        var forget = _lastUsed
            .OrderBy(p => p.Value)
            .Where((p, i) => i < room || now - p.Value >= _options.IdleLifetime)
            .Select(p => p.Key)
            .ToArray();
        foreach (var key in forget)
        {
            _lastUsed.Remove(key);
        }

        return forget;
    }
}
