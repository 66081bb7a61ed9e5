using FaqBot.Core.Text;

namespace FaqBot.Core.Knowledge;

/// <summary>
/// Extractive summaries: a section's most central sentences (highest summed TF-IDF cosine similarity to the
/// rest of the section), in essay order. Deterministic: ties go to the earlier sentence.
/// </summary>
internal sealed class SectionSummarizer
{
    private const int MinWords = 7;

    // A sentence that opens by pointing back ("This", "They") reads badly out of context, so it is ranked lower.
    private static readonly HashSet<string> AnaphoricOpeners = new(StringComparer.OrdinalIgnoreCase)
    {
        "this", "that", "these", "those", "it", "it's", "they", "he", "she", "but", "so", "also", "yet", "then", "still",
    };
    private readonly Dictionary<string, double> _idf;

    /// <param name="allSentences">Every sentence of the essay: the corpus the inverse document frequencies come from.</param>
    public SectionSummarizer(IEnumerable<string> allSentences)
    {
        var documents = allSentences.Select(s => TextNormalizer.Terms(s).ToHashSet()).ToList();
        _idf = documents.SelectMany(d => d)
            .GroupBy(t => t, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Math.Log((1.0 + documents.Count) / (1.0 + g.Count())) + 1.0, StringComparer.Ordinal);
    }

    public SectionSummary Summarize(string title, IReadOnlyList<string> sentences)
    {
        var titleTerms = TextNormalizer.Terms(title).ToHashSet(StringComparer.Ordinal);
        var size = sentences.Count > 8 ? 3 : 2;
        var candidates = Enumerable.Range(0, sentences.Count)
            .Where(i => !sentences[i].TrimEnd().EndsWith('?') && sentences[i].Split(' ').Length >= MinWords)
            .ToList();
        if (candidates.Count <= size)
        {
            // Too few full statements to rank: keep those there are, or, failing that, the section's opening.
            return new SectionSummary(candidates.Count > 0 ? candidates.Select(i => sentences[i]).ToList() : sentences.Take(size).ToList());
        }

        var vectors = sentences.Select(Vector).ToList();
        var centrality = candidates.ToDictionary(
            i => i,
            i => Enumerable.Range(0, sentences.Count).Where(j => j != i).Sum(j => Cosine(vectors[i], vectors[j]))
                * (1.0 + vectors[i].Keys.Count(titleTerms.Contains))
                * (OpensWithReference(sentences[i]) ? 0.5 : 1.0));

        var chosen = candidates
            .OrderByDescending(i => centrality[i])
            .ThenBy(i => i)
            .Take(size)
            .Order()
            .Select(i => sentences[i])
            .ToList();
        return new SectionSummary(chosen);
    }

    private static bool OpensWithReference(string sentence)
    {
        var first = TextNormalizer.Tokenize(sentence).FirstOrDefault();
        return first is not null && AnaphoricOpeners.Contains(first);
    }

    private Dictionary<string, double> Vector(string sentence)
    {
        var terms = TextNormalizer.Terms(sentence);
        return terms.GroupBy(t => t, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count() * _idf.GetValueOrDefault(g.Key, 1.0), StringComparer.Ordinal);
    }

    private static double Cosine(Dictionary<string, double> a, Dictionary<string, double> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return 0;
        }

        var dot = a.Sum(kv => b.TryGetValue(kv.Key, out var w) ? kv.Value * w : 0);
        var norm = Math.Sqrt(a.Values.Sum(v => v * v)) * Math.Sqrt(b.Values.Sum(v => v * v));
        return dot / norm;
    }
}
