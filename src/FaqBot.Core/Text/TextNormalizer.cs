using System.Text;
using System.Text.RegularExpressions;

namespace FaqBot.Core.Text;

/// <summary>
/// Turns essay and user text into comparable tokens. Numbers and names survive: "$1,550" becomes "1550",
/// "U.S." becomes "us", and the words that carry a myth ("always", "never", "only") are never dropped. Nothing here
/// knows any essay's subject: what an essay's own terms mean (its abbreviations, its names) is read from the essay.
/// </summary>
public static partial class TextNormalizer
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "by", "for", "from", "with", "as",
        "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "doing", "have", "has", "had",
        "it", "its", "it's", "this", "that", "these", "those", "there", "there's", "their", "them", "they", "then",
        "i", "me", "my", "we", "our", "you", "your", "he", "she", "his", "her", "so", "if", "than", "too", "very",
        "can", "could", "would", "should", "will", "shall", "may", "might", "must", "about", "into", "over",
        "what", "which", "who", "whom", "when", "where", "why", "how", "up", "out", "s", "t", "re", "ve", "ll", "d",
        "tell", "know", "please", "hey", "hi", "bot", "essay", "say", "says", "said", "any", "some", "much", "many",
        "really", "truly", "honestly", "actually", "quite", "something", "thing", "things", "you know",
    };

    /// <summary>Lower-cased text with typographic punctuation folded and dotted initialisms ("U.S.") written as one word.</summary>
    public static string Normalize(string text)
    {
        var collapsed = DottedInitialism().Replace(Fold(text), m => m.Value.Replace(".", "", StringComparison.Ordinal));
        return Whitespace().Replace(collapsed.ToLowerInvariant(), " ").Trim();
    }

    /// <summary>Typographic quotes, apostrophes and dashes folded to their ASCII forms.</summary>
    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var folded = new StringBuilder(text.Length);
        foreach (var c in Compatible(text))
        {
            folded.Append(c switch
            {
                '\u2018' or '\u2019' or '\u02BC' or '`' => '\'',
                '\u201C' or '\u201D' => '"',
                '\u2013' or '\u2014' => '-',
                _ => c,
            });
        }

        return folded.ToString();
    }

    /// <summary>NFKC form; text that cannot be normalised (lone surrogates, U+FFFE) is first cleaned of those characters.</summary>
    private static string Compatible(string text)
    {
        try
        {
            return text.Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            var cleaned = new StringBuilder(text.Length);
            for (var i = 0; i < text.Length; i++)
            {
                if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    cleaned.Append(text[i]).Append(text[++i]);
                }
                else if (!char.IsSurrogate(text[i]) && text[i] is not ('\uFFFE' or '\uFFFF'))
                {
                    cleaned.Append(text[i]);
                }
            }

            try
            {
                return cleaned.ToString().Normalize(NormalizationForm.FormKC);
            }
            catch (ArgumentException)
            {
                return cleaned.ToString();
            }
        }
    }

    /// <summary>All tokens of the text, in order, numbers without currency signs or thousands separators.</summary>
    public static IReadOnlyList<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        foreach (Match match in Token().Matches(Normalize(text)))
        {
            var token = match.Value;
            if (char.IsDigit(token[0]) || token[0] == '$')
            {
                token = token.TrimStart('$').Replace(",", "", StringComparison.Ordinal).TrimEnd('%');
            }
            else if (token.EndsWith("'s", StringComparison.Ordinal))
            {
                token = token[..^2];
            }

            if (token.Length > 0)
            {
                tokens.Add(token);
            }
        }

        return tokens;
    }

    /// <summary>Content terms for keyword retrieval: stop words removed, light suffix stemming.</summary>
    public static IReadOnlyList<string> Terms(string text) =>
        Tokenize(text).Where(t => !StopWords.Contains(t)).Select(Stem).ToList();

    /// <summary>Whether the token carries meaning for retrieval (not a stop word).</summary>
    public static bool IsContentWord(string token) => !StopWords.Contains(token);

    /// <summary>A deliberately small English stemmer: folds plurals, common verb endings and derivations.</summary>
    public static string Stem(string token)
    {
        if (token.Length <= 3 || char.IsDigit(token[0]))
        {
            return token;
        }

        var stem = Inflection(token);

        // Derivational endings: "isolation", "isolating" and "isolate" meet at "isol"; "agreement" at "agree".
        foreach (var ending in DerivationalEndings)
        {
            if (stem.EndsWith(ending, StringComparison.Ordinal) && stem.Length - ending.Length >= 4)
            {
                return stem[..^ending.Length];
            }
        }

        return stem;
    }

    private static string Inflection(string token)
    {
        if (token.EndsWith("ies", StringComparison.Ordinal) && token.Length > 4)
        {
            return token[..^3] + "y";
        }

        if (token.EndsWith("ing", StringComparison.Ordinal) && token.Length > 5)
        {
            return token[..^3];
        }

        if (token.EndsWith("ed", StringComparison.Ordinal) && token.Length > 4)
        {
            return token[..^2];
        }

        if (token.EndsWith("es", StringComparison.Ordinal) && token.Length > 4 &&
            (token.EndsWith("sses", StringComparison.Ordinal) || token.EndsWith("xes", StringComparison.Ordinal) ||
             token.EndsWith("ches", StringComparison.Ordinal) || token.EndsWith("shes", StringComparison.Ordinal)))
        {
            return token[..^2];
        }

        if (token[^1] == 's' && !token.EndsWith("ss", StringComparison.Ordinal) &&
            !token.EndsWith("us", StringComparison.Ordinal) && !token.EndsWith("is", StringComparison.Ordinal))
        {
            return token[..^1];
        }

        return token;
    }

    private static readonly string[] DerivationalEndings = ["ation", "at", "ate", "ment", "ly"];

    /// <summary>A URL- and label-safe identifier: "What’s Happening Now?" becomes "whats-happening-now".</summary>
    public static string Slug(string text)
    {
        var lower = Fold(text).ToLowerInvariant().Replace("'", "", StringComparison.Ordinal);
        return NonAlphanumeric().Replace(lower, "-").Trim('-');
    }

    // "U.S.", "U.S.A.", "e.g.": single letters each followed by a dot.
    [GeneratedRegex(@"\b(?:\p{L}\.){2,}")]
    private static partial Regex DottedInitialism();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\$?\d[\d,]*(?:\.\d+)?%?|[\p{L}][\p{L}\p{Mn}]*(?:'[\p{L}]+)?")]
    private static partial Regex Token();

    [GeneratedRegex(@"[^a-z0-9]+")]
    private static partial Regex NonAlphanumeric();
}
