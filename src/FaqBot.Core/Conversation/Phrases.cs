using FaqBot.Core.Text;

namespace FaqBot.Core.Conversation;

/// <summary>
/// Every whole message FaqBot understands without the essay: commands, follow-ups, votes and small talk, in one table.
/// Only whole messages count (case, punctuation, "please" and the bot's name ignored): "hi, are they always enemies?"
/// is a question, and "thanks" is never matched to an FAQ entry.
/// </summary>
public static class Phrases
{
    public const string WhyButton = "Why?";
    public const string AnotherMythButton = "Another myth";
    public const string HelpfulButton = "Helpful";
    public const string NotHelpfulButton = "Not helpful";
    public const string NoneOfTheseButton = "None of these";

    private static readonly (string[] Phrases, UserActionKind Action)[] Actions =
    [
        (["help", "what can i ask", "how does this work"], UserActionKind.Help),
        (["topics", "sections", "list topics"], UserActionKind.Topics),
        (["myths", "list myths", "what myths"], UserActionKind.Myths),
        (["none of these", "none of them", "neither"], UserActionKind.NoneOfThese),
        (["tell me more", "more", "more please", "go on", "tell me more about that", "and", "what else", "more about that", "continue"],
            UserActionKind.TellMeMore),
        (["why", "source", "sources", "where does it say that", "how do you know", "says who", "where is that from", "why is that"],
            UserActionKind.Why),
        (["another myth", "next myth", "one more myth", "another one", "more myths", "give me another myth"], UserActionKind.AnotherMyth),
        (["helpful", "that helped", "thanks that helped", "useful", "good answer"], UserActionKind.Helpful),
        (["not helpful", "unhelpful", "that didn't help", "not useful", "bad answer", "wrong answer", "wrong"],
            UserActionKind.NotHelpful),
    ];

    private static readonly (string[] Phrases, SmallTalk Kind)[] Chat =
    [
        (["hi", "hello", "hey", "hiya", "good morning", "good afternoon", "good evening", "yo", "howdy"], SmallTalk.Greeting),
        (["thanks", "thank you", "thx", "ty", "cheers", "thanks a lot", "many thanks", "great thanks", "ok thanks"], SmallTalk.Thanks),
        (["bye", "goodbye", "see you", "see ya", "cya", "later", "good night"], SmallTalk.Goodbye),
        (["who are you", "what are you", "what can you do", "are you a bot", "what is this"], SmallTalk.Identity),
        (["ok", "okay", "k", "kk", "cool", "got it", "i see", "nice", "great", "alright", "all right", "understood", "makes sense",
            "interesting", "good", "awesome", "perfect", "fine", "wow", "yes", "yep", "yeah", "yup", "sure", "no", "nope", "nah",
            "no thanks", "not really"], SmallTalk.Acknowledgement),
    ];

    // Replies to a did-you-mean, by the place of the choice they take (0: none of them).
    private static readonly (string[] Phrases, int Choice)[] Choices =
    [
        (["yes", "yes please", "yep", "yeah", "yup", "sure", "that one", "first", "the first", "first one", "the first one", "1"], 1),
        (["second", "the second", "second one", "the second one", "2"], 2),
        (["third", "the third", "third one", "the third one", "3"], 3),
        (["no", "nope", "nah", "no thanks", "not really", "none"], 0),
    ];

    // A request about the essay as a whole ("summarize it", "main argument?", "what is this essay about?"): a word that
    // asks for the whole by itself, or one that asks about something beside a word for the essay; and no content word
    // but these and the words of a request. "What does the text say?" asks about a text in the essay (an inscription),
    // and "what is it about?" may follow up on the last answer: neither names the essay, so neither is an overview.
    // Words of any essay, none of a topic.
    private static readonly HashSet<string> OverviewWords =
    [
        "summary", "summarize", "summarise", "summarized", "summarised", "overview", "gist", "tldr", "tl", "dr", "recap",
        "synopsis", "outline", "rundown", "sum", "argument", "arguments", "thesis", "point", "points", "takeaway",
        "takeaways", "idea", "ideas",
    ];

    private static readonly HashSet<string> EssayWords = ["essay", "author", "writer", "article"];

    private static readonly HashSet<string> AboutWords = ["about", "say", "says", "saying", "argue", "argues", "cover", "covers", "discuss", "discusses"];

    private static readonly HashSet<string> RequestWords =
    [
        "main", "key", "big", "overall", "whole", "entire", "quick", "short", "brief", "give", "show", "tell", "want", "need",
        "basically", "central", "core", "general",
    ];

    /// <summary>The action a whole message asks for, or null when it is something else.</summary>
    public static UserAction? Action(string message)
    {
        var text = Key(message);
        return Actions.FirstOrDefault(a => a.Phrases.Contains(text)) is { Phrases: not null } match ? new UserAction(match.Action)
            : AsksForTheWhole(text.Split(' ', StringSplitOptions.RemoveEmptyEntries)) ? new UserAction(UserActionKind.Overview)
            : null;
    }

    private static bool AsksForTheWhole(string[] tokens)
    {
        bool Known(string t) => OverviewWords.Contains(t) || EssayWords.Contains(t) || AboutWords.Contains(t) || RequestWords.Contains(t)
            || !TextNormalizer.IsContentWord(t);

        // The word asking about it ends the request: "what does the author say is key?" asks for one thing the essay says.
        return (tokens.Any(OverviewWords.Contains) || (tokens.Any(EssayWords.Contains) && tokens is [.., var last] && AboutWords.Contains(last)))
            && tokens.All(Known);
    }

    /// <summary>
    /// Which of the choices the last reply offered a whole message takes ("yes" and "the first one" 1, "the second one"
    /// 2), 0 when it declines them all ("no"), null when it is no such reply.
    /// </summary>
    public static int? ChoiceOf(string message)
    {
        var text = Key(message);
        return Choices.FirstOrDefault(c => c.Phrases.Contains(text)) is { Phrases: not null } match ? match.Choice : null;
    }

    /// <summary>The kind of small talk a whole message is, or null.</summary>
    public static SmallTalk? SmallTalkOf(string message)
    {
        var text = string.Join(" ", Key(message).Split(' ').Where(t => t is not ("bot" or "faqbot")));
        return Chat.FirstOrDefault(c => c.Phrases.Contains(text)) is { Phrases: not null } match ? match.Kind : null;
    }

    private static string Key(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return string.Join(" ", TextNormalizer.Tokenize(message).Where(t => t != "please"));
    }
}

public enum SmallTalk
{
    Greeting,
    Thanks,
    Goodbye,
    Identity,

    /// <summary>"ok", "got it", "yes" with nothing to say yes to.</summary>
    Acknowledgement,
}
