namespace FaqBot.Classification.Embeddings;

/// <summary>Maps text to a unit-length vector whose dot product with another measures similarity of meaning.</summary>
public interface ISentenceEmbedder
{
    int Dimension { get; }

    float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default);

    /// <summary>The same vectors, each with the vectors of its text's words from the same model run.</summary>
    IReadOnlyList<TokenEmbedding> EmbedTokens(IReadOnlyList<string> texts, CancellationToken cancellationToken = default);
}

/// <summary>
/// A text's sentence vector, and the unit-length vectors of its word pieces that carry meaning (not markers, punctuation
/// or stop words): what a late-interaction score compares word by word ("nukes" beside "warheads").
/// </summary>
public sealed record TokenEmbedding(float[] Vector, float[][] Tokens)
{
    /// <summary>
    /// Late interaction (max-sim): for each of this text's words, its best cosine with any word of the other, averaged.
    /// 0 when either has no words that carry meaning.
    /// </summary>
    public float MaxSim(IReadOnlyList<float[][]> others)
    {
        ArgumentNullException.ThrowIfNull(others);
        if (Tokens.Length == 0 || others.All(o => o.Length == 0))
        {
            return 0f;
        }

        var sum = 0f;
        foreach (var token in Tokens)
        {
            var best = -1f;
            foreach (var other in others)
            {
                foreach (var word in other)
                {
                    var dot = VectorMath.Dot(token, word);
                    best = dot > best ? dot : best;
                }
            }

            sum += best;
        }

        return sum / Tokens.Length;
    }
}
