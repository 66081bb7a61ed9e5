using System.Text.RegularExpressions;
using FaqBot.Classification.Embeddings;
using FaqBot.Core.Answers;
using FaqBot.Core.Knowledge;
using FaqBot.Core.Text;

namespace FaqBot.Classification.Retrieval;

/// <summary>
/// Sentence-level retrieval over the essay. Essays often name the subject in one sentence and give the fact in the
/// next ("The New START Treaty is a cornerstone... It was signed in 2010."), so each sentence is scored with up to
/// two sentences before it in its paragraph as context: its own matching terms count fully, the context's partly.
/// A score blends BM25-style term weights (normalised to 0-1 by the query's own weight) with MiniLM cosine
/// similarity, plus a bonus when the sentence holds what the question asks for: a year for "when", a number
/// for "how many" or "how warm", a name for "who" or "which organisation", and the noun itself for "which
/// election" or "what balance" (in the sentence, not only in its context), and a penalty as large when the question
/// names a country and the sentence names only others ("the Soviet Union had..." for the American arsenal). An
/// abbreviation the essay spells out ("the Iran Nuclear Deal (JCPOA)") carries its words wherever it is used, in the
/// essay and in questions.
/// The sentence is quoted with the context sentence that carried the match, when one did. A sentence quoted alone is
/// linked to the later sentence of its paragraph that reads with it as context and holds the rest of what is asked
/// (<see cref="SentenceMatch.Continuation"/>): the policy quotes both when the first does not stand out.
/// </summary>
public sealed partial class SentenceIndex
{
    private const double K1 = 1.2;
    private const double B = 0.75;
    private const float TermWeight = 0.5f;
    private const float AnswerTypeBonus = 0.15f;

    // As much as holding the kind of answer asked for is worth (0.05 and 0.10 gave the same results on every split).
    private const float PlacePenalty = AnswerTypeBonus;
    private const double ContextTermShare = 1.0;
    private const float ContextSimilarityShare = 1.0f;
    private const int ContextSentences = 12;
    private const double RestatementNovelty = 0.5;
    private const double ContextDecay = 1.0;
    private const float RelevantSimilarity = 0.3f;

    // Context reaches back to the start of the paragraph in practice: pronouns ("She said...") point back that far.
    // The sentence alone must score this share of its score with context to be quoted alone.
    private const float StandAloneShare = 0.9f;

    private readonly IReadOnlyList<EssaySentence> _sentences;
    private readonly float[][] _embeddings;
    private readonly float[][] _pairEmbeddings;
    private readonly List<Dictionary<string, int>> _termCounts;
    private readonly string[][] _places;
    private readonly int[] _lengths;
    private readonly Dictionary<Regex, bool[]> _holdsAnswerType;
    private readonly int[] _contextStart;
    private readonly double _averageLength;
    private readonly Dictionary<string, double> _idf;
    private readonly Dictionary<string, string[]> _abbreviations;
    private readonly double _unknownIdf;

    /// <param name="embeddings">The embeddings of <see cref="TextsToEmbed"/>, in that order.</param>
    public SentenceIndex(Essay essay, float[][] embeddings)
    {
        ArgumentNullException.ThrowIfNull(essay);
        ArgumentNullException.ThrowIfNull(embeddings);
        _sentences = essay.Sentences;
        var n = _sentences.Count;
        if (embeddings.Length != 2 * n)
        {
            throw new ArgumentException($"Expected {2 * n} embeddings (sentences, then sentence pairs), got {embeddings.Length}.", nameof(embeddings));
        }

        _embeddings = embeddings[..n];
        _pairEmbeddings = embeddings[n..];
        _contextStart = Enumerable.Range(0, n).Select(i =>
        {
            var start = i;
            while (start > 0 && i - start < ContextSentences && SameParagraph(_sentences[start - 1], _sentences[i]))
            {
                start--;
            }

            return start;
        }).ToArray();
        _abbreviations = Abbreviations(_sentences);
        _termCounts = _sentences.Select(s => Counts(s.Text)).ToList();
        _places = _termCounts.Select(c => c.Keys.Where(TextNormalizer.IsPlace).ToArray()).ToArray();
        // An abbreviation's spelled-out words say the same thing again; they do not make the sentence longer.
        _lengths = _sentences.Select(s => TextNormalizer.Terms(s.Text).Count).ToArray();
        _averageLength = Math.Max(1.0, _lengths.Average());
        _holdsAnswerType = new[] { Year(), Number(), Name() }
            .ToDictionary(r => r, r => _sentences.Select(s => r.IsMatch(s.Text)).ToArray());
        _idf = _termCounts.SelectMany(c => c.Keys)
            .GroupBy(t => t, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Idf(n, g.Count()), StringComparer.Ordinal);
        _unknownIdf = Idf(n, 0);
    }

    /// <summary>What to embed for the index: every sentence, then every sentence with the one before it in its paragraph.</summary>
    public static IReadOnlyList<string> TextsToEmbed(Essay essay)
    {
        var sentences = essay.Sentences;
        var pairs = sentences.Select((s, i) => i > 0 && SameParagraph(sentences[i - 1], s) ? sentences[i - 1].Text + " " + s.Text : s.Text);
        return sentences.Select(s => s.Text).Concat(pairs).ToList();
    }

    /// <summary>The best sentences for a question, best first, each with the passage to quote.</summary>
    public IReadOnlyList<SentenceMatch> Match(string question, float[] questionEmbedding, int top = 10)
    {
        var terms = Terms(question);
        var queryWeight = terms.Sum(t => _idf.GetValueOrDefault(t, _unknownIdf));
        var wanted = AnswerTypeOf(question);
        var wantedInQuestion = wanted?.IsMatch(question) ?? false;
        var matches = new List<SentenceMatch>(_sentences.Count);
        var askedFor = AskedFor(question);
        var askedPlaces = terms.Where(TextNormalizer.IsPlace).ToList();
        for (var i = 0; i < _sentences.Count; i++)
        {
            var bonus = wanted is not null && !wantedInQuestion && _holdsAnswerType[wanted][i] ? AnswerTypeBonus : 0f;
            if (askedFor is not null && _termCounts[i].ContainsKey(askedFor))
            {
                bonus += AnswerTypeBonus;
            }

            var ownTerms = queryWeight > 0 ? (float)Math.Min(1.0, Bm25(i, terms, contextOnly: false) / queryWeight) : 0f;
            var ownSimilarity = Math.Max(0f, VectorMath.Dot(questionEmbedding, _embeddings[i]));
            // Context speaks only for a sentence that holds something asked for itself: a term, the kind of answer, or meaning.
            var relevant = ownTerms > 0 || bonus > 0 || ownSimilarity >= RelevantSimilarity;
            var withContext = queryWeight > 0 && relevant ? (float)Math.Min(1.0, Bm25(i, terms, contextOnly: true) / queryWeight) : 0f;
            var pairSimilarity = Math.Max(0f, VectorMath.Dot(questionEmbedding, _pairEmbeddings[i])) * ContextSimilarityShare;
            // A sentence that names only other countries than the question does answers for them ("the Soviet Union had
            // about 40,000" for a question about the American arsenal, beside "The United States had roughly 31,000").
            if (NamesOnlyOtherPlaces(i, askedPlaces))
            {
                bonus -= PlacePenalty;
            }

            var alone = (TermWeight * ownTerms) + ((1 - TermWeight) * ownSimilarity) + bonus;
            var full = (TermWeight * Math.Min(1f, ownTerms + withContext)) + ((1 - TermWeight) * Math.Max(ownSimilarity, pairSimilarity)) + bonus;
            var context = _contextStart[i] < i && alone < full * StandAloneShare ? BestContextSentence(i, terms) : i;
            var passage = context != i
                ? new[] { _sentences[context].Text, _sentences[i].Text }
                : RestatesQuestion(i, terms) && i + 1 < _sentences.Count && SameParagraph(_sentences[i], _sentences[i + 1])
                    ? new[] { _sentences[i].Text, _sentences[i + 1].Text }
                    : new[] { _sentences[i].Text };
            matches.Add(new SentenceMatch(_sentences[i], Math.Min(1f, full), passage));
        }

        for (var i = 0; i < matches.Count; i++)
        {
            if (Continuation(i, matches, terms) is { } continuation)
            {
                matches[i] = matches[i] with { Continuation = continuation };
            }
        }

        return matches.OrderByDescending(m => m.Score).Take(top).ToList();
    }

    /// <summary>
    /// The nearest later sentence of the paragraph quoted with this one as its context that itself holds a term asked
    /// for that this one lacks: "One important way they talk is through the Strategic Stability Dialogue." names the
    /// subject a question about the dialogue's purpose asks about, and "This effort aims to control nuclear arms." gives
    /// the fact. Only for a sentence quoted alone, so a passage stays at two sentences.
    /// </summary>
    private SentenceMatch? Continuation(int sentence, List<SentenceMatch> matches, List<string> terms)
    {
        if (matches[sentence].Passage.Count != 1)
        {
            return null;
        }

        var text = _sentences[sentence].Text;
        for (var j = sentence + 1; j < matches.Count && SameParagraph(_sentences[sentence], _sentences[j]) && _contextStart[j] <= sentence; j++)
        {
            if (matches[j].Passage is [var context, _] && context == text &&
                terms.Any(t => _termCounts[j].ContainsKey(t) && !_termCounts[sentence].ContainsKey(t)))
            {
                return matches[j];
            }
        }

        return null;
    }

    /// <summary>
    /// A sentence that mostly repeats the question's own terms names the subject rather than answering ("They used
    /// the Minsk Agreements."): the answer is usually the sentence after it, which is then quoted too.
    /// </summary>
    private bool RestatesQuestion(int sentence, List<string> terms)
    {
        var own = _termCounts[sentence].Keys;
        return own.Count > 0 && own.Count(t => !terms.Contains(t)) <= own.Count * RestatementNovelty;
    }

    /// <summary>The sentence of the context that matched the question best (the nearest one on a tie).</summary>
    private int BestContextSentence(int sentence, List<string> terms)
    {
        var best = sentence - 1;
        var bestScore = 0.0;
        for (var c = sentence - 1; c >= _contextStart[sentence]; c--)
        {
            var score = Bm25(c, terms, contextOnly: false);
            if (score > bestScore)
            {
                (best, bestScore) = (c, score);
            }
        }

        return best;
    }

    /// <summary>The best sentence by term overlap alone (no embedding): the answer path when the models fail.</summary>
    public SentenceMatch? MatchByTerms(string question)
    {
        var terms = Terms(question);
        var queryWeight = terms.Sum(t => _idf.GetValueOrDefault(t, _unknownIdf));
        if (queryWeight <= 0)
        {
            return null;
        }

        // A sentence must match some terms itself: the last sentence of a paragraph would otherwise inherit all of them.
        var best = Enumerable.Range(0, _sentences.Count)
            .Select(i => (Index: i, Own: Bm25(i, terms, contextOnly: false)))
            .Where(m => m.Own > 0)
            .Select(m => (m.Index, Score: (float)Math.Min(1.0, (m.Own + Bm25(m.Index, terms, contextOnly: true)) / queryWeight)))
            .DefaultIfEmpty((Index: 0, Score: 0f))
            .MaxBy(m => m.Score);
        return best.Score <= 0 ? null : new SentenceMatch(_sentences[best.Index], best.Score, [_sentences[best.Index].Text]);
    }

    /// <summary>BM25 of the sentence's own terms, or (contextOnly) the discounted weight of terms only its context has.</summary>
    private double Bm25(int sentence, List<string> terms, bool contextOnly)
    {
        var counts = _termCounts[sentence];
        var length = _lengths[sentence];
        var score = 0.0;
        foreach (var term in terms)
        {
            if (counts.TryGetValue(term, out var tf))
            {
                if (!contextOnly)
                {
                    score += _idf.GetValueOrDefault(term, _unknownIdf) * tf * (K1 + 1) / (tf + (K1 * (1 - B + (B * length / _averageLength))));
                }
            }
            else if (contextOnly)
            {
                // The nearer the context sentence holding the term, the more it speaks for this one.
                for (var c = sentence - 1; c >= _contextStart[sentence]; c--)
                {
                    if (_termCounts[c].ContainsKey(term))
                    {
                        score += _idf.GetValueOrDefault(term, _unknownIdf) * ContextTermShare * Math.Pow(ContextDecay, sentence - c - 1);
                        break;
                    }
                }
            }
        }

        return score;
    }

    /// <summary>
    /// The question names a country or bloc, and the sentence names one or more, none of them the question's. A sentence
    /// that names none ("They backed the Assad regime.") is not judged: its paragraph may say whom it is about.
    /// </summary>
    private bool NamesOnlyOtherPlaces(int sentence, List<string> askedPlaces) =>
        askedPlaces.Count > 0 && _places[sentence].Length > 0 && !_places[sentence].Any(askedPlaces.Contains);

    private static bool SameParagraph(EssaySentence a, EssaySentence b) => a.Section == b.Section && a.Paragraph == b.Paragraph;

    /// <summary>
    /// The noun a which/what question asks for ("which election", "what kind of talks"): the sentence that answers
    /// usually names it itself ("The 2016 presidential election..."), where one that only mentions the topic does not.
    /// </summary>
    private static string? AskedFor(string question)
    {
        var match = WhichNoun().Match(TextNormalizer.Normalize(question));
        if (!match.Success)
        {
            return null;
        }

        // "What happened", "what caused", "what makes": a verb asks about an event, not for a named thing.
        var word = match.Groups["noun"].Value;
        var terms = TextNormalizer.Terms(word);
        return terms.Count == 1 && !(word.Length > 4 && word.EndsWith("ed", StringComparison.Ordinal)) && !EventVerbs.Contains(terms[0])
            ? terms[0]
            : null;
    }

    private static readonly HashSet<string> EventVerbs = new(StringComparer.Ordinal) { "happen", "make", "cause", "mean", "go", "come", "change" };

    [GeneratedRegex(@"\b(which|what)\s+(?:(?:kind|kinds|type|types|sort|sorts)\s+of\s+)?(?<noun>[a-z][a-z'-]+)")]
    private static partial Regex WhichNoun();

    private static Regex? AnswerTypeOf(string question)
    {
        var q = TextNormalizer.Normalize(question);
        if (WhenQuestion().IsMatch(q))
        {
            return Year();
        }

        if (QuantityQuestion().IsMatch(q))
        {
            return Number();
        }

        return WhoQuestion().IsMatch(q) ? Name() : null;
    }

    private Dictionary<string, int> Counts(string text)
    {
        var counts = TextNormalizer.Terms(text).GroupBy(t => t, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        foreach (var term in Expansions(counts.Keys))
        {
            counts.TryAdd(term, 1);
        }

        return counts;
    }

    /// <summary>The terms of a text with the words of every abbreviation it uses that the essay spells out.</summary>
    private List<string> Terms(string text)
    {
        var terms = TextNormalizer.Terms(text).Distinct(StringComparer.Ordinal).ToList();
        return terms.Union(Expansions(terms), StringComparer.Ordinal).ToList();
    }

    private List<string> Expansions(IEnumerable<string> terms) =>
        terms.Where(_abbreviations.ContainsKey).SelectMany(t => _abbreviations[t]).ToList();

    /// <summary>
    /// Abbreviations the essay defines, "the Iran Nuclear Deal (JCPOA)", so that a later "the U.S. left the JCPOA"
    /// matches a question about the Iran deal, and a question about the JCPOA matches sentences about the deal.
    /// </summary>
    private static Dictionary<string, string[]> Abbreviations(IEnumerable<EssaySentence> sentences)
    {
        var abbreviations = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (Match definition in sentences.SelectMany(s => AbbreviationDefinition().Matches(s.Text)))
        {
            var abbreviation = TextNormalizer.Terms(definition.Groups["short"].Value);
            var words = TextNormalizer.Terms(definition.Groups["long"].Value);
            if (abbreviation.Count == 1 && words.Count > 0)
            {
                abbreviations.TryAdd(abbreviation[0], words.Where(w => w != abbreviation[0]).ToArray());
            }
        }

        return abbreviations;
    }

    private static double Idf(int documents, int containing) =>
        Math.Log(1 + ((documents - containing + 0.5) / (containing + 0.5)));

    // Two to six capitalised words, then the abbreviation in brackets: "Iran Nuclear Deal (JCPOA)".
    [GeneratedRegex(@"(?<long>\b\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*){1,5})\s*\((?<short>\p{Lu}[\p{Lu}\d]{1,9})\)")]
    private static partial Regex AbbreviationDefinition();

    [GeneratedRegex(@"\b(when|what year|which year|what years|what date|since when|how long ago)\b")]
    private static partial Regex WhenQuestion();

    [GeneratedRegex(@"\b(how many|how much|what percentage|what share|how big|how large|what number|what proportion|how (long|far|old|warm|cold|hot|heavy|tall|deep|high|fast)(?! ago))\b")]
    private static partial Regex QuantityQuestion();

    [GeneratedRegex(@"\b(who|whom|whose|(which|what) (person|people|president|leader|scientist|researcher|biologist|expert|official|author|organi[sz]ation|group|company|institution|country|city|place))\b")]
    private static partial Regex WhoQuestion();

    [GeneratedRegex(@"\b(1[5-9]\d\d|20\d\d)\b|\b(January|February|March|April|May|June|July|August|September|October|November|December)\b")]
    private static partial Regex Year();

    [GeneratedRegex(@"\d|\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|dozens?|half|twice)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Number();

    [GeneratedRegex(@"(?<!^)(?<![.!?]\s)\b[A-Z][a-z]+\b")]
    private static partial Regex Name();
}
