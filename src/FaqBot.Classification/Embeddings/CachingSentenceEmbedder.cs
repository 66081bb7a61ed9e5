namespace FaqBot.Classification.Embeddings;

/// <summary>
/// Remembers the embedding of each single text it is asked for (a user's question, already normalised by the
/// answer engine), so a burst of the same questions runs the model once. Bounded: past <c>capacity</c> texts the
/// least recently used is forgotten. Batches (training, the essay's passages) go straight to the model and are not
/// remembered: a text embedded alone and inside a padded batch can differ in the last bits, and a cached answer
/// must be exactly the one the model gives. Callers get their own copy of a vector.
/// </summary>
public sealed class CachingSentenceEmbedder : ISentenceEmbedder, IDisposable
{
    private readonly ISentenceEmbedder _inner;
    private readonly int _capacity;
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries;
    private readonly LinkedList<Entry> _recency = new();
    private readonly Lock _lock = new();

    public CachingSentenceEmbedder(ISentenceEmbedder inner, int capacity)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _inner = inner;
        _capacity = capacity;
        _entries = new Dictionary<string, LinkedListNode<Entry>>(capacity, StringComparer.Ordinal);
    }

    public int Dimension => _inner.Dimension;

    /// <summary>How many texts are remembered now.</summary>
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

    public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.Count != 1)
        {
            return _inner.Embed(texts, cancellationToken);
        }

        var text = texts[0];
        if (TryGet(text) is { } cached)
        {
            return [cached];
        }

        // Two turns asking the same new question at once may both run the model; both get the same vector.
        var vector = _inner.Embed(texts, cancellationToken)[0];
        Remember(text, vector);
        return [vector];
    }

    public void Dispose() => (_inner as IDisposable)?.Dispose();

    private float[]? TryGet(string text)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(text, out var node))
            {
                return null;
            }

            _recency.Remove(node);
            _recency.AddFirst(node);
            return (float[])node.Value.Vector.Clone();
        }
    }

    private void Remember(string text, float[] vector)
    {
        var copy = (float[])vector.Clone();
        lock (_lock)
        {
            if (_entries.ContainsKey(text))
            {
                return;
            }

            if (_entries.Count >= _capacity)
            {
                var oldest = _recency.Last!;
                _recency.RemoveLast();
                _entries.Remove(oldest.Value.Text);
            }

            _entries.Add(text, _recency.AddFirst(new Entry(text, copy)));
        }
    }

    private sealed record Entry(string Text, float[] Vector);
}
