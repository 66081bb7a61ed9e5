using FaqBot.Core.Caching;

namespace FaqBot.Classification.Embeddings;

/// <summary>
/// Remembers the embedding of each single text it is asked for (a user's question, already normalised by the
/// answer engine), so a burst of the same questions runs the model once. Bounded: past <c>capacity</c> texts the
/// least recently used is forgotten. Calls with several texts (training, the essay's passages) go straight to the model
/// and are not remembered: they are made once, and would only fill the cache with sentences nobody asks. Callers of
/// <see cref="Embed"/> get their own copy of a vector; <see cref="EmbedTokens"/> gives the remembered record, not to be changed.
/// </summary>
public sealed class CachingSentenceEmbedder : ISentenceEmbedder, IDisposable
{
    private readonly ISentenceEmbedder _inner;
    private readonly RecentlyUsedCache<string, TokenEmbedding> _vectors;

    public CachingSentenceEmbedder(ISentenceEmbedder inner, int capacity)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _vectors = new RecentlyUsedCache<string, TokenEmbedding>(capacity, StringComparer.Ordinal);
    }

    public int Dimension => _inner.Dimension;

    /// <summary>How many texts are remembered now.</summary>
    public int Count => _vectors.Count;

    public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return texts.Count == 1
            ? [(float[])EmbedTokens(texts, cancellationToken)[0].Vector.Clone()]
            : _inner.Embed(texts, cancellationToken);
    }

    public IReadOnlyList<TokenEmbedding> EmbedTokens(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.Count != 1)
        {
            return _inner.EmbedTokens(texts, cancellationToken);
        }

        if (_vectors.TryGet(texts[0], out var cached))
        {
            return [cached];
        }

        // Two turns asking the same new question at once may both run the model; both get the same vectors.
        var embedding = _inner.EmbedTokens(texts, cancellationToken)[0];
        _vectors.Set(texts[0], embedding);
        return [embedding];
    }

    public void Dispose() => (_inner as IDisposable)?.Dispose();
}
