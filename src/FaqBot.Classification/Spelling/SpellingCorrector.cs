using System.Text;
using System.Text.RegularExpressions;
using FaqBot.Core.Text;

namespace FaqBot.Classification.Spelling;

/// <summary>
/// Corrects words a user misspelt towards the essay's own words before matching: "sactions" becomes "sanctions" and
/// "rusia" "russia" when the essay has them. Only a word known to neither the essay nor the general vocabulary is
/// touched (so a real English word is never turned into an essay word), only towards an essay word within one edit
/// (two for words of eight letters or more), the nearest first, then the one the essay uses most.
/// </summary>
public sealed partial class SpellingCorrector
{
    private const int MinimumLength = 4;
    private const int LongWord = 8;

    private readonly Dictionary<string, int> _essayWords;
    private readonly HashSet<string> _essayStems;
    private readonly IReadOnlySet<string> _general;
    private readonly Dictionary<int, List<string>> _byLength;

    /// <param name="essayText">Every text of the essay (title, headings, questions, paragraphs).</param>
    /// <param name="general">Words that are real whatever the essay says (<see cref="GeneralVocabulary.Words"/>).</param>
    public SpellingCorrector(IEnumerable<string> essayText, IReadOnlySet<string> general)
    {
        ArgumentNullException.ThrowIfNull(essayText);
        ArgumentNullException.ThrowIfNull(general);
        _general = general;
        _essayWords = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var word in essayText.SelectMany(t => Word().Matches(TextNormalizer.Fold(t).ToLowerInvariant())).Select(m => m.Value))
        {
            _essayWords[word] = _essayWords.GetValueOrDefault(word) + 1;
        }

        _essayStems = _essayWords.Keys.Select(TextNormalizer.Stem).ToHashSet(StringComparer.Ordinal);
        _byLength = _essayWords.Keys.Where(w => w.Length >= MinimumLength).GroupBy(w => w.Length)
            .ToDictionary(g => g.Key, g => g.OrderBy(w => w, StringComparer.Ordinal).ToList());
    }

    /// <summary>The text with each misspelt word replaced by the essay word it most likely meant; otherwise unchanged.</summary>
    public string Correct(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        StringBuilder? corrected = null;
        var copied = 0;
        foreach (Match match in Word().Matches(text))
        {
            if (Suggest(match.Value.ToLowerInvariant()) is not { } suggestion)
            {
                continue;
            }

            corrected ??= new StringBuilder(text.Length + 8);
            corrected.Append(text, copied, match.Index - copied).Append(suggestion);
            copied = match.Index + match.Length;
        }

        return corrected is null ? text : corrected.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>The essay word a misspelt word most likely meant, or null when the word is known or nothing is near.</summary>
    public string? Suggest(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Length < MinimumLength || _essayWords.ContainsKey(word) || _general.Contains(word) || _essayStems.Contains(TextNormalizer.Stem(word)))
        {
            return null;
        }

        var allowed = word.Length >= LongWord ? 2 : 1;
        string? best = null;
        var (bestDistance, bestCount) = (int.MaxValue, 0);
        for (var length = word.Length - allowed; length <= word.Length + allowed; length++)
        {
            if (!_byLength.TryGetValue(length, out var candidates))
            {
                continue;
            }

            foreach (var candidate in candidates)
            {
                var distance = Distance(word, candidate, allowed);
                var count = _essayWords[candidate];
                if (distance <= allowed && (distance < bestDistance || (distance == bestDistance && count > bestCount)))
                {
                    (best, bestDistance, bestCount) = (candidate, distance, count);
                }
            }
        }

        return best;
    }

    /// <summary>Optimal string alignment distance (insert, delete, substitute, swap two neighbours), or more than <paramref name="limit"/>.</summary>
    internal static int Distance(string a, string b, int limit)
    {
        if (Math.Abs(a.Length - b.Length) > limit)
        {
            return limit + 1;
        }

        var previous2 = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMinimum = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, previous2[j - 2] + 1);
                }

                current[j] = value;
                rowMinimum = Math.Min(rowMinimum, value);
            }

            if (rowMinimum > limit)
            {
                return limit + 1;
            }

            (previous2, previous, current) = (previous, current, previous2);
        }

        return previous[b.Length];
    }

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex Word();
}
