using System.Globalization;
using System.Text;
using FaqBot.Core.Knowledge;

namespace FaqBot.Core.Answers;

/// <summary>
/// Words an <see cref="Answer"/> for a person. Every fact in a reply is quoted from the essay; the
/// composer adds only framing ("What the essay says", the section's name) and buttons.
/// </summary>
public sealed class ReplyComposer(Essay essay)
{
    public const string NoneOfThese = "None of these";
    private const string SummaryPrefix = "Summary of ";
    private const int ExampleCount = 3;

    public Essay Essay => essay;

    /// <summary>The text that introduces the runners-up offered beside an answer.</summary>
    public const string AlternativesIntro = "Or did you mean:";

    public Reply Compose(Answer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var reply = answer switch
        {
            FaqAnswer faq => Faq(faq),
            FactAnswer fact => Fact(fact),
            SectionAnswer section => Section(section),
            DidYouMeanAnswer choice => DidYouMean(choice),
            FallbackAnswer fallback => Fallback(fallback),
            _ => throw new ArgumentOutOfRangeException(nameof(answer), answer.GetType().Name, "Unknown answer type."),
        };
        return answer.Alternatives.Count == 0
            ? reply
            : reply with
            {
                Text = $"{reply.Text}\n\n{AlternativesIntro}",
                Actions = [.. answer.Alternatives.Select(c => new ReplyAction(c.Title, c.Title)), .. reply.Actions],
            };
    }

    public Reply Welcome() => new(
        $"Hi! I answer questions about the essay **{essay.Title}**\n\n" +
        "Ask me a question, state a claim you have heard and I'll tell you what the essay says about it, " +
        "or type **help** to see what I can do.",
        Examples());

    public Reply Help()
    {
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"I answer from one essay: **{essay.Title}**\n\n")
            .Append("- Ask a question (\"").Append(essay.Faqs[0].Question).Append("\")\n")
            .Append("- State a myth and I'll say what the essay says about it")
            .Append(essay.Faqs.FirstOrDefault(f => f.Myth is not null) is { Myth: { } myth } ? $" (\"{myth.Claim}\")\n" : "\n")
            .Append("- Ask for a fact, and I'll quote the sentence that answers it\n")
            .Append("- Ask about a topic (\"tell me about ").Append(essay.Sections[Math.Min(1, essay.Sections.Count - 1)].Title).Append("\")\n\n")
            .Append("When I can't find a direct answer I say so and show you the closest part of the essay.\n\n")
            .Append(Topics());
        return new Reply(text.ToString(), Examples());
    }

    /// <summary>"topics": the sections, each a button that asks for its summary.</summary>
    public Reply TopicsReply() => new(
        "The essay has these sections. Pick one for its summary, or ask me about it:",
        essay.Sections.Select(s => new ReplyAction(s.Title, SummaryRequest(s))).ToList());

    /// <summary>"myths": the myths the essay rebuts, each a button.</summary>
    public Reply MythsReply()
    {
        var myths = essay.Faqs.Where(f => f.Myth is not null).ToList();
        return myths.Count == 0
            ? new Reply("The essay doesn't rebut any myths as such, but its FAQ answers these questions:",
                essay.Faqs.Select(f => new ReplyAction(f.Question, f.Question)).ToList())
            : new Reply("Myths the essay answers. Pick one to see what the essay says:",
                myths.Select(f => new ReplyAction(f.Myth!.Claim, f.Question)).ToList());
    }

    /// <summary>The sections, as a bulleted list.</summary>
    public string Topics() =>
        "Topics I can talk about:\n" + string.Join("\n", essay.Sections.Select(s => $"- {s.Title}"));

    /// <summary>The text that asks for a section's summary, as typed or sent by a button.</summary>
    public static string SummaryRequest(Section section) => SummaryPrefix + section.Title;

    private Reply Faq(FaqAnswer answer)
    {
        var faq = answer.Faq;
        var text = faq.Myth is { } myth
            ? $"{Rebuttal(myth, faq.Answer)}\n\n{Source(answer.Section)}"
            : $"**{faq.Question}**\n\n{faq.Answer}\n\n{Source(answer.Section)}";
        List<ReplyAction> actions = [new ReplyAction(SummaryRequest(answer.Section), SummaryRequest(answer.Section))];
        if (faq.Myth is not null)
        {
            actions.Add(new ReplyAction(FollowUp.AnotherMythButton, FollowUp.AnotherMythButton));
        }

        return new Reply(text, actions);
    }

    private static Reply Fact(FactAnswer answer) => new(
        (answer.LessSure ? "I'm less sure than usual about this one, but this passage of the essay looks closest:\n\n" : string.Empty) +
        $"{Quote(answer.Section, answer.Sentences)}\n\n{Source(answer.Section)}",
        [new ReplyAction(SummaryRequest(answer.Section), SummaryRequest(answer.Section)), new ReplyAction(FollowUp.WhyButton, FollowUp.WhyButton)]);

    /// <summary>"why?": the whole paragraphs the quoted sentences come from, and their section.</summary>
    public static Reply Supporting(Section section, IReadOnlyList<string> sentences)
    {
        ArgumentNullException.ThrowIfNull(section);
        var paragraphs = section.Paragraphs.Where(p => sentences.Any(s => p.Contains(s, StringComparison.Ordinal))).ToList();
        var passage = paragraphs.Count > 0 ? string.Join("\n\n", paragraphs) : section.Summary.Text;
        return new Reply($"That comes from **{section.Title}**, which says:\n\n{passage}", []);
    }

    /// <summary>"tell me more" after a section's summary: the section's opening paragraphs in full.</summary>
    public static Reply MoreOf(Section section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return new Reply($"More from **{section.Title}**:\n\n{string.Join("\n\n", section.Paragraphs.Take(2))}",
            [new ReplyAction(SummaryRequest(section), SummaryRequest(section))]);
    }

    /// <summary>A follow-up that has nothing to follow.</summary>
    public static Reply NothingToFollowUp() =>
        new("Ask me a question first, then I can tell you more about the answer or where it comes from.", []);

    /// <summary>"another myth" after every myth has been shown.</summary>
    public Reply NoMoreMyths() => new("That's every myth the essay rebuts. Here they are again:", MythsReply().Actions);

    private static Reply Section(SectionAnswer answer) => new(
        $"Here is what the essay says in **{answer.Section.Title}**:\n\n{answer.Section.Summary.Text}",
        []);

    private static Reply DidYouMean(DidYouMeanAnswer answer) => new(
        "I'm not sure which of these you mean. Did you mean:",
        answer.Candidates.Select(c => new ReplyAction(c.Title, c.Title)).Append(new ReplyAction(NoneOfThese, NoneOfThese)).ToList());

    private Reply Fallback(FallbackAnswer answer)
    {
        var text = new StringBuilder();
        if (answer.OutOfScope)
        {
            text.Append("That doesn't seem to be something the essay covers, so I have no answer from it.\n\n");
        }
        else if (answer.ClosestSection is null)
        {
            text.Append("I couldn't find a direct answer to that in the essay.\n\n");
        }
        else
        {
            text.Append("I couldn't find a direct answer to that in the essay. The closest part is **")
                .Append(answer.ClosestSection.Title).Append("**:\n\n")
                .Append(answer.ClosestSection.Summary.Text).Append("\n\n");
        }

        text.Append(Topics());
        return new Reply(text.ToString(), Examples());
    }

    /// <summary>The sentences in essay order; where the essay has text between two of them, an ellipsis shows the gap.</summary>
    private static string Quote(Section section, IReadOnlyList<string> sentences)
    {
        var quoted = new StringBuilder(sentences[0]);
        for (var i = 1; i < sentences.Count; i++)
        {
            var adjacent = section.Sentences.Zip(section.Sentences.Skip(1)).Contains((sentences[i - 1], sentences[i]));
            quoted.Append(adjacent ? " " : " \u2026 ").Append(sentences[i]);
        }

        return quoted.ToString();
    }

    /// <summary>
    /// The claim, the essay's short verdict on it (its answer's opening sentence, "No, not really."), then the rest of
    /// the answer: every word after the labels is the essay's.
    /// </summary>
    private static string Rebuttal(MythRebuttal myth, string answer)
    {
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"**{(myth.ExplicitlyRebutted ? "Myth" : "A common claim")}:** {myth.Claim}\n\n")
            .Append(CultureInfo.InvariantCulture, $"**Verdict:** {myth.Verdict}");
        var rest = answer.StartsWith(myth.Verdict, StringComparison.Ordinal) ? answer[myth.Verdict.Length..].Trim() : answer;
        if (rest.Length > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n\n**What the essay says:** {rest}");
        }

        return text.ToString();
    }

    private static string Source(Section section) => $"_Source: {section.Title}_";

    private List<ReplyAction> Examples()
    {
        // Spread the examples over the FAQ rather than always offering the first three.
        var step = Math.Max(1, essay.Faqs.Count / ExampleCount);
        return essay.Faqs.Where((_, i) => i % step == 0).Take(ExampleCount)
            .Select(f => new ReplyAction(f.Question, f.Question)).ToList();
    }
}
