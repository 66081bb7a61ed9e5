using FaqBot.Core.Text;

namespace FaqBot.Core.Answers;

/// <summary>
/// Greetings, thanks, goodbyes and "who are you": answered briefly and never sent to the classifier, so
/// "thanks" is not matched to an FAQ entry. Only whole messages count ("hi, are they always enemies?" is a question).
/// </summary>
public static class SmallTalk
{
    private static readonly string[] Greetings = ["hi", "hello", "hey", "hiya", "good morning", "good afternoon", "good evening", "yo", "howdy"];
    private static readonly string[] Thanks = ["thanks", "thank you", "thx", "ty", "cheers", "thanks a lot", "many thanks", "great thanks", "ok thanks"];
    private static readonly string[] Goodbyes = ["bye", "goodbye", "see you", "see ya", "cya", "later", "good night"];
    private static readonly string[] Identity = ["who are you", "what are you", "what can you do", "are you a bot", "what is this"];

    /// <summary>The reply to small talk, or null when the message is something else.</summary>
    public static string? Reply(string message, string essayTitle)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = string.Join(" ", TextNormalizer.Tokenize(message).Where(t => t != "bot" && t != "faqbot"));
        if (Greetings.Contains(text))
        {
            return "Hello! Ask me anything about the essay, or type **help**.";
        }

        if (Thanks.Contains(text))
        {
            return "You're welcome!";
        }

        if (Goodbyes.Contains(text))
        {
            return "Goodbye! Come back any time you have a question about the essay.";
        }

        return Identity.Contains(text)
            ? $"I'm FaqBot. I answer questions and check claims against one essay: **{essayTitle}** Type **help** to see how."
            : null;
    }
}
