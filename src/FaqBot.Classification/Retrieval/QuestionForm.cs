using System.Text.RegularExpressions;
using FaqBot.Core.Text;

namespace FaqBot.Classification.Retrieval;

/// <summary>The kind of answer a question asks for, read from its English form alone (never from an essay's words).</summary>
public enum AskedFor
{
    Nothing,
    Time,
    Quantity,
    Name,
}

/// <summary>Where in the essay a question points, when it asks about the essay as a text.</summary>
public enum EssayPlace
{
    Anywhere,
    Start,
    End,
}

/// <summary>
/// How a user's text is put: a wh-question and what it asks for, a yes/no question, a request for a topic, or a
/// statement (a claim, as in "sanctions always work"). These are features for the ranker and the decision, which learn
/// what each form means for an answer; only English function words are read here.
/// </summary>
public sealed partial record QuestionForm(
    bool What,
    bool Who,
    bool When,
    bool Where,
    bool Why,
    bool How,
    bool Quantity,
    bool YesNo,
    bool TopicRequest,
    bool Statement,
    EssayPlace Place,
    AskedFor AskedFor,
    string? AskedNoun)
{
    public static QuestionForm Of(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var q = TextNormalizer.Normalize(question);
        var when = WhenQuestion().IsMatch(q);
        var quantity = QuantityQuestion().IsMatch(q);
        var who = WhoQuestion().IsMatch(q);
        var what = WhatQuestion().IsMatch(q);
        var where = WhereQuestion().IsMatch(q);
        var why = WhyQuestion().IsMatch(q);
        var how = HowQuestion().IsMatch(q) && !quantity;
        var yesNo = YesNoQuestion().IsMatch(q);
        var topic = TopicRequestPhrase().IsMatch(q);
        var statement = !(when || quantity || who || what || where || why || how || yesNo || topic) && !q.EndsWith('?');
        var asked = when ? AskedFor.Time : quantity ? AskedFor.Quantity : who ? AskedFor.Name : AskedFor.Nothing;
        var place = EndOfEssay().IsMatch(q) ? EssayPlace.End : StartOfEssay().IsMatch(q) ? EssayPlace.Start : EssayPlace.Anywhere;
        return new QuestionForm(what, who, when, where, why, how, quantity, yesNo, topic, statement, place, asked, Noun(q))
        {
            Given = TextNormalizer.Tokenize(q).ToHashSet(StringComparer.OrdinalIgnoreCase),
        };
    }

    /// <summary>The question's own words: a name or a year it gives is what it asks about, not the answer ("who was Kaldi").</summary>
    public IReadOnlySet<string> Given { get; init; } = new HashSet<string>();

    /// <summary>Whether a text holds the kind of answer asked for: a year or a month, a number, a name.</summary>
    public bool IsHeldBy(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return AskedFor switch
        {
            AskedFor.Time => NotGiven(Year(), text),
            AskedFor.Quantity => Number().IsMatch(text),
            AskedFor.Name => NotGiven(Name(), text),
            _ => false,
        };
    }

    private bool NotGiven(Regex pattern, string text)
    {
        foreach (Match match in pattern.Matches(text))
        {
            if (!Given.Contains(match.Value.TrimEnd('s')) && !Given.Contains(match.Value))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The noun a which/what question asks for ("which election", "what kind of talks"): an answer usually names it
    /// ("The 2016 presidential election..."). A verb ("what happened", "what makes") asks about an event instead.
    /// </summary>
    private static string? Noun(string normalized)
    {
        var match = WhichNoun().Match(normalized);
        if (!match.Success)
        {
            return null;
        }

        var word = match.Groups["noun"].Value;
        var terms = TextNormalizer.Terms(word);
        return terms.Count == 1 && !(word.Length > 4 && word.EndsWith("ed", StringComparison.Ordinal)) && !EventVerbs.Contains(terms[0])
            ? terms[0]
            : null;
    }

    private static readonly HashSet<string> EventVerbs = new(StringComparer.Ordinal)
    {
        "happen", "make", "cause", "mean", "go", "come", "change", "help", "work", "keep", "stop", "lead", "show",
    };

    [GeneratedRegex(@"\b(which|what)\s+(?:(?:kind|kinds|type|types|sort|sorts)\s+of\s+)?(?<noun>[a-z][a-z'-]+)")]
    private static partial Regex WhichNoun();

    [GeneratedRegex(@"\b(when|what year|which year|what years|what date|what month|since when|how long ago|what century|what decade)\b")]
    private static partial Regex WhenQuestion();

    [GeneratedRegex(@"\b(how many|how much|what percentage|what percent|what share|what fraction|how big|how large|how small|what number|what proportion|what size|how (long|far|old|warm|cold|hot|heavy|tall|deep|high|fast|wide|often)(?! ago))\b")]
    private static partial Regex QuantityQuestion();

    [GeneratedRegex(@"\b(who|whom|whose)\b")]
    private static partial Regex WhoQuestion();

    [GeneratedRegex(@"\b(what|which|whats|what's)\b")]
    private static partial Regex WhatQuestion();

    [GeneratedRegex(@"\b(where|wheres|where's)\b")]
    private static partial Regex WhereQuestion();

    [GeneratedRegex(@"\b(why|how come)\b")]
    private static partial Regex WhyQuestion();

    [GeneratedRegex(@"\bhow\b")]
    private static partial Regex HowQuestion();

    [GeneratedRegex(@"^(?:(?:so|and|but|ok|okay|hey|hi|well|then|wait|really|seriously)\W+)?(is|are|was|were|do|does|did|can|could|will|would|should|shall|has|have|had|must|may|might|isn't|aren't|don't|doesn't|didn't|can't|won't|wouldn't|shouldn't)\b")]
    private static partial Regex YesNoQuestion();

    [GeneratedRegex(@"\b(tell me (about|more)|overview|summary|summarise|summarize|explain|describe|what does the essay say|what is said about|anything (on|about)|info (on|about)|information (on|about)|talk about|more about|background on|intro to|introduction to|rundown|basics|walk me through|talk me through|what'?s the deal with|all about|sum up|sum it up|summing up|recap|in short|in a nutshell|bottom line|main idea|main points|key points|gist|outline)\b")]
    private static partial Regex TopicRequestPhrase();

    // A question about the essay as a text ("how does the author wrap things up", "according to the opening"): the words
    // of any essay's structure, not of its topic.
    [GeneratedRegex(@"\b(conclu(de|des|ding|sion)|closing|wrap(s|ping)? (things |it )?up|ending|final (word|words|point|thought|thoughts|message|section|part|paragraph)|last (point|section|part|paragraph|word|words)|(end|close|finish) of the (essay|text|piece|article)|at the end|(essay|text|piece|article|author|writer) (ends|end|closes|close|finishes|finish))\b")]
    private static partial Regex EndOfEssay();

    [GeneratedRegex(@"\b(opening|introduction|first (section|part|paragraph)|(beginning|start) of the (essay|text|piece|article)|at the (start|beginning)|(essay|text|piece|article|author|writer) (opens|open|begins|begin|starts|start))\b")]
    private static partial Regex StartOfEssay();

    [GeneratedRegex(@"\b(1[5-9]\d\d|20\d\d)s?\b|\b(January|February|March|April|May|June|July|August|September|October|November|December|century|decade)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Year();

    [GeneratedRegex(@"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|dozens?|half|twice|double|triple|percent)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Number();

    [GeneratedRegex(@"(?<!^)(?<![.!?:]\s)\b\p{Lu}\p{Ll}+\b")]
    private static partial Regex Name();
}
