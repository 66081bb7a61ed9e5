using System.Text.RegularExpressions;
using FaqBot.Core.Text;

namespace FaqBot.Core.Knowledge;

/// <summary>
/// Reads a yes/no FAQ question as the myth it voices: "Do sanctions fix everything?" becomes the claim
/// "Sanctions fix everything." When the essay's answer opens with "Yes", the myth is the opposite claim.
/// Wh-questions ("Why do they keep talking?") voice no claim and get none.
/// </summary>
/// <remarks>
/// Turning the question round means finding where its subject ends ("Did [the fire] burn down the whole of London?"),
/// which English words alone cannot say. The essay can: its subject is the longest opening of the question that the
/// essay itself writes as a phrase ("the fire", not "the fire burn"). Only English function words are listed here.
/// </remarks>
internal static partial class MythClaimWriter
{
    private static readonly HashSet<string> BeVerbs = new(StringComparer.OrdinalIgnoreCase) { "is", "are", "was", "were" };
    private static readonly HashSet<string> DoVerbs = new(StringComparer.OrdinalIgnoreCase) { "do", "does", "did" };
    private static readonly HashSet<string> Modals = new(StringComparer.OrdinalIgnoreCase)
    {
        "can", "could", "will", "would", "should", "must", "may", "might", "has", "have",
    };

    private static readonly HashSet<string> Adverbs = new(StringComparer.OrdinalIgnoreCase)
    {
        "always", "ever", "never", "just", "really", "truly", "actually", "still", "necessarily", "simply", "already",
        "completely", "totally", "entirely", "inevitably", "automatically", "merely", "genuinely", "only", "usually",
        "ultimately", "finally", "even", "often", "sometimes", "generally", "mostly", "definitely", "certainly",
    };

    // Words that stay with the subject they follow ("leaders alone"): the auxiliary goes after them.
    private static readonly HashSet<string> PostNominal = new(StringComparer.OrdinalIgnoreCase) { "alone", "themselves", "itself" };

    // A subject does not end on one of these: "the", "any", "and", "of" always have more of it after them.
    private static readonly HashSet<string> Unfinished = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "an", "the", "no", "any", "every", "each", "some", "this", "that", "these", "those", "my", "your", "our",
        "their", "its", "his", "her", "many", "much", "more", "most", "such", "and", "or", "of", "in", "on", "to", "for",
        "with", "between", "from", "at", "by", "as", "before", "after",
    };

    private static readonly HashSet<string> Pronouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "i", "we", "you", "they", "he", "she", "it", "people", "one",
    };

    private static readonly HashSet<string> Determiners = new(StringComparer.OrdinalIgnoreCase) { "a", "an", "the", "no", "any", "this", "that" };

    private static readonly HashSet<string> Prepositions = new(StringComparer.OrdinalIgnoreCase)
    {
        "of", "in", "on", "to", "for", "with", "between", "from", "at", "by", "before", "after", "during", "without", "about",
    };

    // Words that open a comparison or degree phrase: "Is [damp] more dangerous than cold".
    private static readonly HashSet<string> DegreeWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "more", "less", "most", "least", "much", "so", "too", "very", "as", "not",
    };

    private static readonly string[] AdjectiveEndings = ["ble", "ive", "ous", "ful", "less", "ent", "ant", "ic", "ing", "ed"];

    /// <param name="sectionNamesMyths">The FAQ's heading itself calls its questions myths ("Debunking Common Myths").</param>
    /// <param name="essayText">The essay's text, where the question's subject is looked up; the answer alone when absent.</param>
    public static MythRebuttal? Rebut(string question, string answer, bool sectionNamesMyths = false, string? essayText = null)
    {
        // "ever" belongs to the question only: "Will Russia ever join NATO?" claims "Russia will join NATO."
        var words = question.Trim().TrimEnd('?').Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(w => !w.Equals("ever", StringComparison.OrdinalIgnoreCase)).ToArray();
        if (words.Length < 3)
        {
            return null;
        }

        var verdict = SentenceSplitter.Split(answer).FirstOrDefault() ?? answer;
        var opening = new string(verdict.TakeWhile(char.IsLetter).ToArray()).ToLowerInvariant();
        var negate = opening == "yes";
        var known = new Phrases($"{answer} {essayText}");
        var claim = Claim(words[0], words[1..], negate, answeredNo: opening is "no" or "not", known);
        return claim is null ? null : new MythRebuttal(claim, verdict, ExplicitlyRebutted: sectionNamesMyths || opening is "yes" or "no" or "not");
    }

    private static string? Claim(string auxiliary, string[] rest, bool negate, bool answeredNo, Phrases known)
    {
        var aux = auxiliary.ToLowerInvariant();
        if (BeVerbs.Contains(aux))
        {
            if (rest[0].Equals("there", StringComparison.OrdinalIgnoreCase))
            {
                // "Is there any trust left?" voices the doubt "There is no trust left", unless the essay answers "No".
                var tail = rest[1..]
                    .Where(w => !answeredNo || !w.Equals("any", StringComparison.OrdinalIgnoreCase))
                    .Select(w => w.Equals("any", StringComparison.OrdinalIgnoreCase) ? "no" : w);
                var hadAny = rest.Skip(1).Any(w => w.Equals("any", StringComparison.OrdinalIgnoreCase));
                return Sentence(["There", aux, .. negate && !hadAny ? new[] { "not" } : []], tail);
            }

            var split = Subject(rest, known, BePredicateStart(rest));
            return Sentence(rest[..split], [aux, .. negate ? new[] { "not" } : [], .. rest[split..]]);
        }

        if (DoVerbs.Contains(aux))
        {
            var split = Subject(rest, known, null);
            var adverbs = rest[split..].TakeWhile(Adverbs.Contains).ToList();
            var verbIndex = split + adverbs.Count;
            if (verbIndex >= rest.Length)
            {
                return null;
            }

            var predicate = rest[(verbIndex + 1)..];
            if (negate)
            {
                return Sentence(rest[..split], [aux, "not", .. adverbs, rest[verbIndex], .. predicate]);
            }

            var verb = aux switch
            {
                "does" => ThirdPerson(rest[verbIndex]),
                "did" => "did " + rest[verbIndex],
                _ => rest[verbIndex],
            };
            return Sentence(rest[..split], [.. adverbs, verb, .. predicate]);
        }

        if (Modals.Contains(aux))
        {
            var split = Subject(rest, known, null);
            var modal = negate ? (aux == "can" ? "cannot" : aux + " not") : aux;
            return Sentence(rest[..split], [modal, .. rest[split..]]);
        }

        return null;
    }

    /// <summary>How many of the words after the auxiliary are its subject; at least one word is left for the predicate.</summary>
    /// <param name="predicateStart">For "is"/"are": where an adjective or a comparison plainly starts the predicate, if anywhere.</param>
    private static int Subject(string[] words, Phrases known, int? predicateStart)
    {
        var last = words.Length - 1;

        // An adverb is the surest sign the subject has ended: "Does [NATO expansion] always mean".
        var adverb = Array.FindIndex(words, 1, w => Adverbs.Contains(w));
        if (adverb > 0)
        {
            return adverb;
        }

        // The longest opening the essay writes as a phrase: "the fire" in "Did the fire burn down...".
        var split = 0;
        while (split < last && known.Contain(words[..(split + 1)]))
        {
            split++;
        }

        // An adjective or participle starts the predicate wherever the essay's phrase ends: "[military conflict]
        // inevitable", and "[the fire] started" though the essay writes "the fire started".
        if (predicateStart is { } start)
        {
            return start;
        }

        if (split == 0)
        {
            split = Determiners.Contains(words[0]) ? Math.Min(2, last) : 1;
        }

        // A name goes on while its words are capitalised ("St Paul's Cathedral").
        while (split < last && (Unfinished.Contains(words[split - 1]) || PostNominal.Contains(words[split]) ||
            (char.IsUpper(words[split][0]) && char.IsUpper(words[split - 1][0]))))
        {
            split++;
        }

        // After "do" or "can" a verb follows the subject, never a preposition: "[a drink before bed] help you sleep".
        if (predicateStart is null && split < last - 1 && Prepositions.Contains(words[split]))
        {
            split = Math.Min(last, split + (Determiners.Contains(words[split + 1]) ? 3 : 2));
        }

        // A plural or a name just after the essay's phrase is still the subject: "[your solar panels] keep".
        if (predicateStart is null && split < last && IsHead(words[split]) && !IsHead(words[split - 1]))
        {
            split++;
        }

        // "the cathedral [we see today] the one that burned": a clause of a pronoun and a verb runs to the next determiner.
        if (split < last && Pronouns.Contains(words[split]) && Array.FindIndex(words, split + 1, w => Determiners.Contains(w)) is var next and > 0)
        {
            split = next;
        }

        return split;
    }

    /// <summary>"Is [military conflict] inevitable", "Is [an octopus bite] dangerous", "Was [the fire] started": where an
    /// adjective, a participle, a comparison or a determiner of the predicate begins, when one does.</summary>
    private static int? BePredicateStart(string[] words)
    {
        for (var i = 1; i < words.Length; i++)
        {
            var word = words[i];
            if (DegreeWords.Contains(word) || (Determiners.Contains(word) && !Determiners.Contains(words[0])) ||
                word.Equals("going", StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }

            if (word.Length >= 6 && char.IsLower(word[0]) && AdjectiveEndings.Any(e => word.EndsWith(e, StringComparison.OrdinalIgnoreCase))
                && !Determiners.Contains(words[i - 1]) && !Prepositions.Contains(words[i - 1]))
            {
                // "slimy and aggressive": the predicate starts at the first adjective of the pair.
                return i >= 3 && words[i - 1] is "and" or "or" ? i - 2 : i;
            }
        }

        return null;
    }

    /// <summary>A plural noun ("panels") or a name ("Russia"): the head a subject usually ends on.</summary>
    private static bool IsHead(string word) =>
        char.IsUpper(word[0]) || (word.Length > 3 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) && !word.EndsWith("us", StringComparison.Ordinal));

    private static string ThirdPerson(string verb)
    {
        var lower = verb.ToLowerInvariant();
        if (lower == "have")
        {
            return "has";
        }

        if (lower.EndsWith('y') && lower.Length > 2 && !"aeiou".Contains(lower[^2], StringComparison.Ordinal))
        {
            return verb[..^1] + "ies";
        }

        string[] sibilants = ["s", "x", "z", "ch", "sh", "o"];
        return sibilants.Any(e => lower.EndsWith(e, StringComparison.Ordinal)) ? verb + "es" : verb + "s";
    }

    private static string Sentence(IEnumerable<string> subject, IEnumerable<string> predicate)
    {
        var text = string.Join(" ", subject.Concat(predicate));
        return char.ToUpperInvariant(text[0]) + text[1..] + ".";
    }

    /// <summary>A text's word sequences, compared without case or punctuation.</summary>
    private sealed partial class Phrases(string text)
    {
        private readonly string _text = " " + string.Join(" ", Words(text)) + " ";

        public bool Contain(IEnumerable<string> words) => _text.Contains(" " + string.Join(" ", words.SelectMany(Words)) + " ", StringComparison.Ordinal);

        private static IEnumerable<string> Words(string text) =>
            Word().Matches(TextNormalizer.Fold(text).ToLowerInvariant()).Select(m => m.Value);

        [GeneratedRegex(@"[\p{L}\p{N}]+(?:['.][\p{L}\p{N}]+)*")]
        private static partial Regex Word();
    }
}
