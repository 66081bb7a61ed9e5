namespace FaqBot.Core.Knowledge;

/// <summary>
/// Reads a yes/no FAQ question as the myth it voices: "Do sanctions fix everything?" becomes the claim
/// "Sanctions fix everything." When the essay's answer opens with "Yes", the myth is the opposite claim.
/// Wh-questions ("Why do they keep talking?") voice no claim and get none.
/// </summary>
internal static class MythClaimWriter
{
    private static readonly HashSet<string> BeVerbs = new(StringComparer.OrdinalIgnoreCase) { "is", "are", "was", "were" };
    private static readonly HashSet<string> DoVerbs = new(StringComparer.OrdinalIgnoreCase) { "do", "does", "did" };
    private static readonly HashSet<string> Modals = new(StringComparer.OrdinalIgnoreCase)
    {
        "can", "could", "will", "would", "should", "must", "may", "might", "has", "have",
    };

    private static readonly HashSet<string> Adverbs = new(StringComparer.OrdinalIgnoreCase)
    {
        "always", "ever", "never", "just", "really", "truly", "actually", "still", "necessarily", "simply", "alone",
        "already", "completely", "totally", "entirely", "inevitably", "automatically", "merely", "genuinely", "only",
        "usually", "ultimately", "finally", "even",
    };

    // Adverbs that modify the subject itself ("leaders alone"): the auxiliary goes after them.
    private static readonly HashSet<string> PostNominal = new(StringComparer.OrdinalIgnoreCase) { "alone" };

    private static readonly HashSet<string> Determiners = new(StringComparer.OrdinalIgnoreCase) { "a", "an", "the", "no" };

    // Words that open a comparison or degree phrase: "Is [damp] more dangerous than cold".
    private static readonly HashSet<string> DegreeWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "more", "less", "most", "least", "so", "too", "very", "as", "not",
    };

    private static readonly HashSet<string> Pronouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "they", "we", "you", "it", "he", "she", "i", "people", "both", "everyone", "anyone",
    };

    private static readonly string[] AdjectiveEndings = ["ble", "ive", "ous", "ful", "less", "ent", "ant", "ic", "ing", "ed"];

    /// <param name="sectionNamesMyths">The FAQ's heading itself calls its questions myths ("Debunking Common Myths").</param>
    public static MythRebuttal? Rebut(string question, string answer, bool sectionNamesMyths = false)
    {
        // "ever" belongs to the question only: "Will Russia ever join NATO?" claims "Russia will join NATO."
        var words = question.Trim().TrimEnd('?').Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(w => !w.Equals("ever", StringComparison.OrdinalIgnoreCase)).ToArray();
        if (words.Length < 3)
        {
            return null;
        }

        var verdict = Text.SentenceSplitter.Split(answer).FirstOrDefault() ?? answer;
        var opening = new string(verdict.TakeWhile(char.IsLetter).ToArray()).ToLowerInvariant();
        var negate = opening == "yes";
        var claim = Claim(words[0], words[1..], negate, answeredNo: opening is "no" or "not");
        return claim is null ? null : new MythRebuttal(claim, verdict, ExplicitlyRebutted: sectionNamesMyths || opening is "yes" or "no" or "not");
    }

    private static string? Claim(string auxiliary, string[] rest, bool negate, bool answeredNo)
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
                return Sentence(["There", aux], tail, negate && !hadAny ? "not" : null);
            }

            var split = SplitAfterSubject(rest, BeSubjectEnds);
            return Sentence(rest[..split], Prepend(aux, negate ? "not" : null).Concat(rest[split..]));
        }

        if (DoVerbs.Contains(aux))
        {
            var split = SplitAfterSubject(rest, DoSubjectEnds);
            var adverbs = rest[split..].TakeWhile(Adverbs.Contains).ToList();
            var verbIndex = split + adverbs.Count;
            if (verbIndex >= rest.Length)
            {
                return null;
            }

            var predicate = rest[(verbIndex + 1)..];
            if (negate)
            {
                var doForm = aux == "did" ? "did" : aux;
                return Sentence(rest[..split], new[] { doForm, "not" }.Concat(adverbs).Append(rest[verbIndex]).Concat(predicate));
            }

            var verb = aux switch
            {
                "does" => ThirdPerson(rest[verbIndex]),
                "did" => "did " + rest[verbIndex],
                _ => rest[verbIndex],
            };
            return Sentence(rest[..split], adverbs.Append(verb).Concat(predicate));
        }

        if (Modals.Contains(aux))
        {
            var split = SplitAfterSubject(rest, DoSubjectEnds);
            var subject = rest[..split].ToList();
            var after = rest[split..].ToList();
            while (after.Count > 0 && PostNominal.Contains(after[0]))
            {
                subject.Add(after[0]);
                after.RemoveAt(0);
            }

            var modal = negate ? (aux == "can" ? "cannot" : aux + " not") : aux;
            return Sentence(subject, Prepend(modal, null).Concat(after));
        }

        return null;
    }

    private static int SplitAfterSubject(string[] words, Func<string[], int, bool> endsSubject)
    {
        // An adverb is the surest sign the subject has ended: "Does [NATO expansion] always mean".
        for (var i = 1; i < words.Length; i++)
        {
            if (Adverbs.Contains(words[i]))
            {
                return i;
            }
        }

        for (var i = 1; i < words.Length; i++)
        {
            if (endsSubject(words, i))
            {
                return i;
            }
        }

        // No marker found: "the whole hive" reads best as determiner, modifier, noun.
        return Determiners.Contains(words[0]) ? Math.Min(3, words.Length - 1) : 1;
    }

    /// <summary>"Is [military conflict] inevitable", "Is [Russia] just a ...", "Is [interference in elections] a ...".</summary>
    private static bool BeSubjectEnds(string[] words, int i)
    {
        var word = words[i];
        if (Adverbs.Contains(word) || (Determiners.Contains(word) && !Determiners.Contains(words[0])) || DegreeWords.Contains(word) ||
            word.Equals("going", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return i >= 2 && word.Length >= 6 && char.IsLower(word[0]) && AdjectiveEndings.Any(e => word.EndsWith(e, StringComparison.OrdinalIgnoreCase))
            && !Determiners.Contains(words[i - 1]) && !IsPreposition(words[i - 1]);
    }

    /// <summary>"Do [sanctions] fix", "Does [NATO expansion] always mean", "Can [cultural exchanges] really make".</summary>
    private static bool DoSubjectEnds(string[] words, int i)
    {
        if (Adverbs.Contains(words[i]))
        {
            return true;
        }

        var previous = words[i - 1];
        var previousIsHead = Pronouns.Contains(previous) || char.IsUpper(previous[0]) ||
            (previous.EndsWith('s') && previous.Length > 3 && !previous.EndsWith("ss", StringComparison.Ordinal));
        var continuesName = char.IsUpper(words[i][0]) || words[i].Contains('.', StringComparison.Ordinal);
        var continuesNoun = char.IsUpper(previous[0]) && char.IsLower(words[i][0]) && words[i].EndsWith('s') && i + 1 < words.Length;
        return previousIsHead && !continuesName && !continuesNoun && !Determiners.Contains(previous) && !IsPreposition(words[i]);
    }

    private static bool IsPreposition(string word) =>
        word.ToLowerInvariant() is "of" or "in" or "on" or "to" or "for" or "with" or "and" or "between" or "from";

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

    private static IEnumerable<string> Prepend(string first, string? second) =>
        second is null ? [first] : [first, second];

    private static string Sentence(IEnumerable<string> subject, IEnumerable<string> predicate, string? insertAfterSubject = null)
    {
        var words = subject.ToList();
        if (insertAfterSubject is not null)
        {
            words.Add(insertAfterSubject);
        }

        words.AddRange(predicate);
        var text = string.Join(" ", words);
        return char.ToUpperInvariant(text[0]) + text[1..] + ".";
    }
}
