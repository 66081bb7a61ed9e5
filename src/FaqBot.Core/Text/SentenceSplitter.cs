namespace FaqBot.Core.Text;

/// <summary>
/// Splits a paragraph into sentences without breaking abbreviations ("U.S. Department", "Dr. Hill") or
/// decimals ("2.5 billion"), and keeps closing quotes with the sentence they end.
/// </summary>
public static class SentenceSplitter
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "dr", "prof", "st", "vs", "etc", "jr", "sr", "inc", "ltd", "co", "gen", "gov",
        "sen", "rep", "approx", "fig", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    };

    // After a dotted initialism ("U.S."), these words start a new sentence rather than continue a name.
    private static readonly HashSet<string> SentenceStarters = new(StringComparer.Ordinal)
    {
        "The", "This", "That", "These", "Those", "They", "It", "He", "She", "We", "I", "In", "But", "And", "However",
        "Both", "Its", "Their", "There", "So", "Yet", "As", "A", "An",
    };

    private const string ClosingMarks = "\"'\u201D\u2019)]";

    public static IReadOnlyList<string> Split(string paragraph)
    {
        ArgumentNullException.ThrowIfNull(paragraph);
        var sentences = new List<string>();
        var text = paragraph.Trim();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is not ('.' or '!' or '?'))
            {
                continue;
            }

            var end = i + 1;
            while (end < text.Length && (text[end] is '.' or '!' or '?' || ClosingMarks.Contains(text[end], StringComparison.Ordinal)))
            {
                end++;
            }

            if (end < text.Length && !char.IsWhiteSpace(text[end]))
            {
                continue;
            }

            var next = end;
            while (next < text.Length && char.IsWhiteSpace(text[next]))
            {
                next++;
            }

            if (next < text.Length && !StartsSentence(text, next))
            {
                continue;
            }

            if (text[i] == '.' && IsAbbreviation(text, start, i, next))
            {
                continue;
            }

            sentences.Add(text[start..end].Trim());
            start = next;
            i = end - 1;
        }

        if (start < text.Length)
        {
            var rest = text[start..].Trim();
            if (rest.Length > 0)
            {
                sentences.Add(rest);
            }
        }

        return sentences;
    }

    private static bool StartsSentence(string text, int index)
    {
        var c = text[index];
        return char.IsUpper(c) || char.IsDigit(c) || c is '"' or '\u201C' or '\'' or '\u2018' or '$' or '(';
    }

    private static bool IsAbbreviation(string text, int sentenceStart, int periodIndex, int nextWordStart)
    {
        var wordStart = periodIndex;
        while (wordStart > sentenceStart && !char.IsWhiteSpace(text[wordStart - 1]))
        {
            wordStart--;
        }

        var word = text[wordStart..periodIndex].TrimStart('(', '"', '\u201C');
        if (Abbreviations.Contains(word))
        {
            return true;
        }

        // "No. 5" is a number; "No. Bees stay awake" is an answer.
        if (word.Equals("no", StringComparison.OrdinalIgnoreCase))
        {
            return nextWordStart < text.Length && char.IsDigit(text[nextWordStart]);
        }

        // "U.S" (the last period is the one being judged) or a lone initial like "J".
        var isInitialism = word.Length > 0 && word.Split('.').All(part => part.Length == 1 && char.IsLetter(part[0]));
        if (!isInitialism)
        {
            return false;
        }

        var nextWordEnd = nextWordStart;
        while (nextWordEnd < text.Length && char.IsLetter(text[nextWordEnd]))
        {
            nextWordEnd++;
        }

        return !SentenceStarters.Contains(text[nextWordStart..nextWordEnd]);
    }
}
