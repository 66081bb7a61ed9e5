using System.Text.RegularExpressions;
using FaqBot.Core.Knowledge;
using FaqBot.Core.Text;

namespace FaqBot.Classification.Retrieval;

/// <summary>
/// The essay's vocabulary as retrieval sees it: inverse document frequencies over its sentences, the abbreviations it
/// defines, and the terms it writes as names. Everything here is read from the essay; nothing is known in advance.
/// An abbreviation carries its long form wherever it appears, in the essay and in questions: "the Iran Nuclear Deal
/// (JCPOA)" links "JCPOA" and the deal, and "United States" beside "U.S." links those.
/// </summary>
public sealed partial class EssayTerms
{
    private const double K1 = 1.2;
    private const double B = 0.75;

    private readonly Dictionary<string, double> _idf;
    private readonly Dictionary<string, string[]> _abbreviations;
    private readonly double _unknownIdf;
    private readonly double _averageLength;

    public EssayTerms(Essay essay)
    {
        ArgumentNullException.ThrowIfNull(essay);
        var texts = essay.Sentences.Select(s => s.Text)
            .Concat(essay.Faqs.Select(f => f.Question))
            .Concat(essay.Sections.Select(s => s.Title))
            .ToList();
        _abbreviations = Abbreviations(texts);
        var documents = texts.Select(t => Terms(t).ToHashSet(StringComparer.Ordinal)).ToList();
        _idf = documents.SelectMany(d => d).GroupBy(t => t, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Idf(documents.Count, g.Count()), StringComparer.Ordinal);
        _unknownIdf = Idf(documents.Count, 0);
        _averageLength = Math.Max(1.0, essay.Sentences.Average(s => TextNormalizer.Terms(s.Text).Count));
        Names = NameTerms(texts);
    }

    /// <summary>Terms the essay writes with a capital inside a sentence: the names of people, places and things.</summary>
    public IReadOnlySet<string> Names { get; }

    /// <summary>Whether the essay uses the term at all.</summary>
    public bool Knows(string term) => _idf.ContainsKey(term);

    public double Idf(string term) => _idf.GetValueOrDefault(term, _unknownIdf);

    /// <summary>
    /// The distinct content terms of a question, with the long form of every abbreviation of the essay it uses, in
    /// whatever case (people type "nato" and "us").
    /// </summary>
    public List<string> Terms(string text)
    {
        var terms = TextNormalizer.Terms(text).Distinct(StringComparer.Ordinal).ToList();
        foreach (var term in terms.ToList())
        {
            if (_abbreviations.TryGetValue(term, out var expansion))
            {
                terms.AddRange(expansion.Where(e => !terms.Contains(e)));
            }
        }

        return terms;
    }

    /// <summary>
    /// Term counts of an essay text, for <see cref="Bm25"/>. Here an abbreviation counts only written in capitals: the
    /// essay's "US" is the country, its "us" the pronoun.
    /// </summary>
    public TermCounts Count(string text)
    {
        var all = TextNormalizer.Terms(text);
        var counts = all.GroupBy(t => t, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        foreach (Match written in Initialism().Matches(TextNormalizer.Fold(text)))
        {
            var term = written.Value.Replace(".", "", StringComparison.Ordinal).ToLowerInvariant();
            if (_abbreviations.TryGetValue(term, out var expansion))
            {
                foreach (var word in expansion)
                {
                    counts.TryAdd(word, 1);
                }
            }
        }

        // An abbreviation's spelled-out words say the same thing again; they do not make the text longer.
        return new TermCounts(counts, all.Count);
    }

    /// <summary>The summed inverse document frequency of the terms: what a text holding all of them would score.</summary>
    public double Weight(IEnumerable<string> terms) => terms.Sum(Idf);

    /// <summary>BM25 of the text for the query terms, over the query's own weight: 0 (nothing shared) to about 1.</summary>
    public float Bm25(IReadOnlyList<string> query, TermCounts text, double queryWeight)
    {
        if (queryWeight <= 0)
        {
            return 0f;
        }

        var score = 0.0;
        foreach (var term in query)
        {
            if (text.Counts.TryGetValue(term, out var tf))
            {
                score += Idf(term) * tf * (K1 + 1) / (tf + (K1 * (1 - B + (B * text.Length / _averageLength))));
            }
        }

        return (float)Math.Min(1.0, score / queryWeight);
    }

    /// <summary>The share of the query's weight whose terms the texts hold, whichever of them holds each.</summary>
    public float Coverage(IReadOnlyList<string> query, double queryWeight, params TermCounts[] texts)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(texts);
        if (queryWeight <= 0)
        {
            return 0f;
        }

        // Summed in query order, as a LINQ Where/Sum would: every sentence's prior is ranked on these.
        var found = 0.0;
        foreach (var term in query)
        {
            foreach (var text in texts)
            {
                if (text.Counts.ContainsKey(term))
                {
                    found += Idf(term);
                    break;
                }
            }
        }

        return (float)(found / queryWeight);
    }

    private static double Idf(int documents, int containing) =>
        Math.Log(1 + ((documents - containing + 0.5) / (containing + 0.5)));

    /// <summary>
    /// "Long Form (LF)" definitions, and capitalised phrases whose initials spell an abbreviation the essay uses
    /// ("United States" and "U.S.", "North Atlantic Treaty Organization" and "NATO").
    /// </summary>
    private static Dictionary<string, string[]> Abbreviations(IReadOnlyList<string> texts)
    {
        var abbreviations = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (Match definition in texts.SelectMany(t => AbbreviationDefinition().Matches(t)))
        {
            Add(abbreviations, definition.Groups["short"].Value, definition.Groups["long"].Value);
        }

        var used = texts.SelectMany(t => Initialism().Matches(t)).Select(m => m.Value.Replace(".", "", StringComparison.Ordinal))
            .Where(a => a.Length >= 2).ToHashSet(StringComparer.Ordinal);
        foreach (Match phrase in texts.SelectMany(t => CapitalisedPhrase().Matches(t)))
        {
            var words = phrase.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            for (var start = 0; start < words.Length; start++)
            {
                for (var end = start + 2; end <= words.Length; end++)
                {
                    var initials = string.Concat(words[start..end].Select(w => w[0]));
                    if (used.Contains(initials))
                    {
                        Add(abbreviations, initials, string.Join(' ', words[start..end]));
                    }
                }
            }
        }

        return abbreviations;
    }

    private static void Add(Dictionary<string, string[]> abbreviations, string abbreviation, string longForm)
    {
        var shortTerms = TextNormalizer.Terms(abbreviation.Replace(".", "", StringComparison.Ordinal));
        var words = TextNormalizer.Terms(longForm);
        if (shortTerms.Count == 1 && words.Count > 0)
        {
            abbreviations.TryAdd(shortTerms[0], words.Where(w => w != shortTerms[0]).ToArray());
        }
    }

    private static HashSet<string> NameTerms(IEnumerable<string> texts)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            foreach (Match match in InnerCapital().Matches(text))
            {
                names.UnionWith(TextNormalizer.Terms(match.Value));
            }
        }

        return names;
    }

    // Two to six capitalised words, then the abbreviation in brackets: "Iran Nuclear Deal (JCPOA)".
    [GeneratedRegex(@"(?<long>\b\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*){1,5})\s*\((?<short>\p{Lu}[\p{Lu}\d]{1,9})\)")]
    private static partial Regex AbbreviationDefinition();

    // "NATO", "U.S.", "UK": capitals only, or single capitals with dots.
    [GeneratedRegex(@"\b(?:\p{Lu}\.){2,}|\b\p{Lu}{2,6}\b")]
    private static partial Regex Initialism();

    [GeneratedRegex(@"\b\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+){1,5}")]
    private static partial Regex CapitalisedPhrase();

    // A capitalised word that does not open a sentence (not at the start, not after . ! ? or a colon).
    [GeneratedRegex(@"(?<!^)(?<![.!?:]\s)(?<!^\W)\b\p{Lu}[\p{L}'-]+")]
    private static partial Regex InnerCapital();
}

/// <summary>A text's term counts and its length in terms.</summary>
public sealed record TermCounts(IReadOnlyDictionary<string, int> Counts, int Length);
