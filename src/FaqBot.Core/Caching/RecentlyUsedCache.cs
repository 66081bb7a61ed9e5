using System.Diagnostics.CodeAnalysis;

namespace FaqBot.Core.Caching;

/// <summary>
/// A map of at most <see cref="Capacity"/> entries that forgets the least recently used one first; safe to use from
/// many threads. Reads and writes take one short lock: what it saves (a model run) costs milliseconds, the lock
/// nanoseconds.
/// </summary>
public sealed class RecentlyUsedCache<TKey, TValue>
    where TKey : notnull
{
    private readonly Dictionary<TKey, LinkedListNode<KeyValuePair<TKey, TValue>>> _entries;
    private readonly LinkedList<KeyValuePair<TKey, TValue>> _recency = new();
    private readonly Lock _lock = new();

    public RecentlyUsedCache(int capacity, IEqualityComparer<TKey>? comparer = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
        _entries = new Dictionary<TKey, LinkedListNode<KeyValuePair<TKey, TValue>>>(comparer);
    }

    public int Capacity { get; }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>The value kept for the key, which becomes the most recently used.</summary>
    public bool TryGet(TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                value = node.Value.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>Keeps the value for the key (replacing any), forgetting the least recently used entry when full.</summary>
    public void Set(TKey key, TValue value) => Set(key, value, out _);

    /// <summary>As <see cref="Set(TKey, TValue)"/>, saying which key was forgotten to make room, if one was.</summary>
    public bool Set(TKey key, TValue value, [MaybeNullWhen(false)] out TKey forgotten)
    {
        forgotten = default;
        lock (_lock)
        {
            var full = false;
            if (_entries.Remove(key, out var existing))
            {
                _recency.Remove(existing);
            }
            else if (_entries.Count == Capacity)
            {
                forgotten = _recency.Last!.Value.Key;
                _entries.Remove(forgotten);
                _recency.RemoveLast();
                full = true;
            }

            _entries.Add(key, _recency.AddFirst(new KeyValuePair<TKey, TValue>(key, value)));
            return full;
        }
    }

    /// <summary>Forgets the key; false when it was not kept.</summary>
    public bool Remove(TKey key)
    {
        lock (_lock)
        {
            if (!_entries.Remove(key, out var node))
            {
                return false;
            }

            _recency.Remove(node);
            return true;
        }
    }

    /// <summary>Forgets entries from the least recently used on, while <paramref name="stale"/> holds for their values; returns their keys.</summary>
    public IReadOnlyList<TKey> ForgetOldestWhile(Func<TValue, bool> stale)
    {
        ArgumentNullException.ThrowIfNull(stale);
        var forgotten = new List<TKey>();
        lock (_lock)
        {
            while (_recency.Last is { } oldest && stale(oldest.Value.Value))
            {
                forgotten.Add(oldest.Value.Key);
                _entries.Remove(oldest.Value.Key);
                _recency.RemoveLast();
            }
        }

        return forgotten;
    }
}
