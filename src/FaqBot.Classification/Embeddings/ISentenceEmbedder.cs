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
    public float MaxSim(IReadOnlyList<float[][]> others) => new MaxSimScorer(this).Score(others);

    /// <summary>For each of this text's words, its best cosine with any of the given words (-1 when there are none).</summary>
    public float[] BestMatches(float[][] words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var best = new float[Tokens.Length];
        for (var k = 0; k < Tokens.Length; k++)
        {
            var b = -1f;
            foreach (var word in words)
            {
                var dot = VectorMath.Dot(Tokens[k], word);
                b = dot > b ? dot : b;
            }

            best[k] = b;
        }

        return best;
    }
}

/// <summary>
/// <see cref="TokenEmbedding.MaxSim"/> of one question against many texts that share words, each text's word matches
/// computed once: a question's candidates quote overlapping sentences (a sentence, its neighbours, its paragraph). The
/// maximum of per-text maxima is the maximum over all their words, so scores are bit for bit MaxSim's.
/// </summary>
public sealed class MaxSimScorer(TokenEmbedding question)
{
    private readonly Dictionary<float[][], float[]> _best = new(ReferenceEqualityComparer.Instance);

    /// <summary>MaxSim of the question against the texts' words together; 0 when either side has no words.</summary>
    public float Score(IReadOnlyList<float[][]> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var tokens = question.Tokens.Length;
        if (tokens == 0 || texts.All(t => t.Length == 0))
        {
            return 0f;
        }

        var matches = new float[texts.Count][];
        for (var t = 0; t < texts.Count; t++)
        {
            if (!_best.TryGetValue(texts[t], out matches[t]!))
            {
                _best[texts[t]] = matches[t] = question.BestMatches(texts[t]);
            }
        }

        var sum = 0f;
        for (var k = 0; k < tokens; k++)
        {
            var best = -1f;
            foreach (var m in matches)
            {
                best = m[k] > best ? m[k] : best;
            }

            sum += best;
        }

        return sum / tokens;
    }
}
