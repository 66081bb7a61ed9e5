using System.Globalization;
using System.Text;
using FaqBot.Core.Conversation;
using FaqBot.Core.Knowledge;
using FaqBot.Core.Decision;

namespace FaqBot.Core.Replies;

/// <summary>
/// Words an <see cref="Answer"/> for a person. Every fact in a reply is quoted from the essay; the
/// composer adds only framing ("What the essay says", the section's name) and buttons.
/// </summary>
public sealed class ReplyComposer(Essay essay)
{
    private const string SummaryPrefix = "Summary of ";
    private const string QuestionsPrefix = "Questions in ";
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
        reply = answer.Alternatives.Count == 0
            ? reply
            : reply with
            {
                Blocks = [.. reply.Blocks, AlternativesIntro],
                Actions = [.. answer.Alternatives.Select(Pick), .. reply.Actions],
            };
        return reply with { About = answer.About };
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
            .Append(essay.Faqs.FirstOrDefault(f => !f.Stated) is { } asked ? $"- Ask a question (\"{asked.Question}\")\n" : "- Ask a question\n")
            .Append("- State a myth and I'll say what the essay says about it")
            .Append(essay.Faqs.FirstOrDefault(f => f.Myth is not null) is { Myth: { } myth } ? $" (\"{myth.Claim}\")\n" : "\n")
            .Append("- Ask for a fact, and I'll quote the sentence that answers it\n")
            .Append("- Ask about a topic (\"tell me about ").Append(essay.Sections[Math.Min(1, essay.Sections.Count - 1)].Title).Append("\")\n")
            .Append("- Ask what the essay is about, and I'll tell you how it opens and how it ends\n\n")
            .Append("When I can't find a direct answer I say so and show you the closest part of the essay.\n\n")
            .Append(Topics());
        return new Reply(text.ToString(), Examples());
    }

    /// <summary>"topics": the sections, each a button that asks for its summary.</summary>
    public Reply TopicsReply() => new(
        "The essay has these sections. Pick one for its summary, or ask me about it:",
        SectionButtons(essay.Sections));

    /// <summary>
    /// "what is this essay about?": its title, the summaries of its first and last body sections (where an essay states
    /// what it sets out to do and what it concludes), and its sections as buttons. Every sentence is the essay's.
    /// </summary>
    public Reply Overview()
    {
        var body = essay.BodySections;
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"The essay **{essay.Title}**\n\n");
        if (body.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"It opens with **{body[0].Title}**: {body[0].Summary.Text}\n\n");
        }

        if (body.Count > 1)
        {
            text.Append(CultureInfo.InvariantCulture, $"It ends with **{body[^1].Title}**: {body[^1].Summary.Text}\n\n");
        }

        text.Append("Pick a section for its summary, or ask me about anything in it.");
        return new Reply(text.ToString(), SectionButtons(essay.Sections));
    }

    /// <summary>"myths": the myths the essay rebuts, each a button.</summary>
    public Reply MythsReply()
    {
        var myths = essay.Faqs.Where(f => f.Myth is not null).ToList();
        return myths.Count == 0
            ? new Reply("The essay doesn't rebut any myths as such, but its FAQ answers these questions:",
                [.. essay.Faqs.Select(FaqButton)])
            : new Reply("Myths the essay answers. Pick one to see what the essay says:",
                myths.Select(f => new ReplyAction(f.Myth!.Claim, new UserAction(UserActionKind.Myth, f.Id))).ToList());
    }

    /// <summary>The sections, as a bulleted list.</summary>
    public string Topics() =>
        "Topics I can talk about:\n" + string.Join("\n", essay.Sections.Select(s => $"- {s.Title}"));

    /// <summary>
    /// The text that asks for a section's summary, as typed or sent by a button; for the FAQ section, whose reply is its
    /// list of questions, it asks for those.
    /// </summary>
    public static string SummaryRequest(Section section) =>
        (section ?? throw new ArgumentNullException(nameof(section))).IsFaqSection ? QuestionsPrefix + section.Title : SummaryPrefix + section.Title;

    /// <summary>
    /// An FAQ answer, framed by what the user did with its myth: stated it (the rebuttal), agreed with the essay ("The
    /// essay agrees"), or asked (the question and its answer); then the body sentences that bear it out, and their sections.
    /// </summary>
    private Reply Faq(FaqAnswer answer)
    {
        var faq = answer.Faq;
        List<string> blocks = faq.Myth is { } myth
            ? answer.Stance switch
            {
                Stance.StatesMyth => Rebuttal(myth, faq.Answer),
                Stance.Agrees => ["**The essay agrees with you.**", $"**{faq.Title}**", faq.Answer],
                _ => [$"**{faq.Title}**", faq.Answer],
            }
            : [$"**{faq.Title}**", faq.Answer];
        if (answer.Evidence.Count > 0)
        {
            blocks.Add("**Evidence:**\n" + string.Join("\n", answer.Evidence.Select(e => $"- \u201c{e.Text}\u201d ({e.Section.Title})")));
        }

        var sources = answer.Evidence.Count > 0 ? answer.Evidence.Select(e => e.Section).DistinctBy(s => s.Id).ToList() : [answer.Section];
        blocks.Add($"_Source: {string.Join("; ", sources.Select(s => s.Title))}_");
        List<ReplyAction> actions = [Summary(sources[0])];
        if (answer.Evidence.Count > 0)
        {
            actions.Add(new ReplyAction(Phrases.WhyButton, new UserAction(UserActionKind.Why)));
        }

        if (faq.Myth is not null)
        {
            actions.Add(new ReplyAction(Phrases.AnotherMythButton, new UserAction(UserActionKind.AnotherMyth)));
        }

        return new Reply(blocks, actions);
    }

    /// <summary>The section an FAQ answer is best read in: where its first piece of evidence is, else the FAQ section.</summary>
    public static Section SourceOf(FaqAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return answer.Evidence.Count > 0 ? answer.Evidence[0].Section : answer.Section;
    }

    private static ReplyAction Summary(Section section) => new(SummaryRequest(section), new UserAction(UserActionKind.Answer, section.Id));

    private static ReplyAction Pick(AnswerCandidate candidate) => Opens(candidate.Title, candidate.Id);

    private static ReplyAction FaqButton(FaqEntry faq) => Opens(faq.Title, faq.Id);

    private static List<ReplyAction> SectionButtons(IEnumerable<Section> sections) => [.. sections.Select(s => Opens(s.Title, s.Id))];

    /// <summary>A button that answers with one FAQ entry or section, as if its question had been asked.</summary>
    private static ReplyAction Opens(string title, string id) => new(title, new UserAction(UserActionKind.Answer, id));

    private static Reply Fact(FactAnswer answer) => new(
        (answer.LessSure ? "I'm less sure than usual about this one, but this passage of the essay looks closest:\n\n" : string.Empty) +
        $"{Quote(answer.Section, answer.Sentences)}\n\n{Source(answer.Section)}",
        [Summary(answer.Section), new ReplyAction(Phrases.WhyButton, new UserAction(UserActionKind.Why))]);

    /// <summary>"why?": the whole paragraphs the quoted sentences come from, and their section.</summary>
    public static Reply Supporting(Section section, IReadOnlyList<string> sentences)
    {
        ArgumentNullException.ThrowIfNull(section);
        return new Reply($"That comes from **{section.Title}**, which says:\n\n{Passage(section, sentences)}", []);
    }

    /// <summary>"why?" after an answer with evidence: each evidence sentence's paragraph, under its section's name.</summary>
    public static Reply Supporting(IReadOnlyList<(Section Section, string Sentence)> evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var blocks = evidence.GroupBy(e => e.Section.Id)
            .Select(g => $"**{g.First().Section.Title}** says:\n\n{Passage(g.First().Section, g.Select(e => e.Sentence).ToList())}");
        return new Reply(["The essay shows it here:", .. blocks], []);
    }

    private static string Passage(Section section, IReadOnlyList<string> sentences)
    {
        var paragraphs = section.Paragraphs.Where(p => sentences.Any(s => p.Contains(s, StringComparison.Ordinal))).ToList();
        return paragraphs.Count > 0 ? string.Join("\n\n", paragraphs) : section.Summary.Text;
    }

    /// <summary>"tell me more" after a section's summary: the section's opening paragraphs in full.</summary>
    public static Reply MoreOf(Section section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return new Reply($"More from **{section.Title}**:\n\n{string.Join("\n\n", section.Paragraphs.Take(2))}",
            [Summary(section)]);
    }

    /// <summary>"the second one" when no choices are open.</summary>
    public static Reply NoChoicesOpen() =>
        new("I haven't offered any choices just now. Ask me a question about the essay, or type **help**.", []);

    /// <summary>"tell me more" after an FAQ answer that no body sentence bears out: the answer was all the essay says.</summary>
    public Reply NothingMoreOnThat() => new(
        "That answer is all the essay says on that question. Pick a section to read more, or ask me something else:",
        SectionButtons(essay.BodySections));

    /// <summary>A follow-up that has nothing to follow.</summary>
    public static Reply NothingToFollowUp() =>
        new("Ask me a question first, then I can tell you more about the answer or where it comes from.", []);

    /// <summary>A follow-up on an answer the essay no longer has (it was edited while the conversation was open).</summary>
    public static Reply ChangedSince(ReplyComposer composer)
    {
        ArgumentNullException.ThrowIfNull(composer);
        return new Reply("The essay has changed since that answer, and that part of it is no longer there. Please ask again; here is what it covers now:",
            composer.TopicsReply().Actions);
    }

    /// <summary>"another myth" after every myth has been shown.</summary>
    public Reply NoMoreMyths() => new("That's every myth the essay rebuts. Here they are again:", MythsReply().Actions);

    /// <summary>
    /// Whether the reply to an answer is the FAQ section's list of questions: its summary would be sentences of several
    /// answers, each without its question, so its questions say what it holds.
    /// </summary>
    public static bool ListsQuestions(Answer answer) => answer is SectionAnswer { Section.IsFaqSection: true };

    private Reply Section(SectionAnswer answer) => ListsQuestions(answer)
        ? new($"**{answer.Section.Title}** answers these questions. Pick one:", [.. essay.Faqs.Where(f => f.SectionId == answer.Section.Id).Select(FaqButton)])
        : new($"Here is what the essay says in **{answer.Section.Title}**:\n\n{answer.Section.Summary.Text}", []);

    private static Reply DidYouMean(DidYouMeanAnswer answer) => new(
        "I'm not sure which of these you mean. Did you mean:",
        answer.Candidates.Select(Pick).Append(new ReplyAction(Phrases.NoneOfTheseButton, new UserAction(UserActionKind.NoneOfThese))).ToList());

    private Reply Fallback(FallbackAnswer answer)
    {
        var text = new StringBuilder();
        var closest = answer.ClosestSection;

        // The FAQ section's summary is sentences of several answers, each without its question; the questions say more.
        var closestQuestions = closest is { IsFaqSection: true } && answer.Nearest.Count > 0;
        if (answer.OutOfScope)
        {
            text.Append("That doesn't seem to be something the essay covers, so I have no answer from it.\n\n");
        }
        else if (closest is null || closestQuestions)
        {
            text.Append("I couldn't find a direct answer to that in the essay.\n\n");
        }
        else
        {
            text.Append("I couldn't find a direct answer to that in the essay. The closest part is **").Append(closest.Title)
                .Append("**:\n\n").Append(closest.Summary.Text).Append("\n\n");
        }

        text.Append(Topics());
        var actions = answer.Nearest.Count > 0 ? answer.Nearest.Select(Pick).ToList() : Examples();

        // Last, so that the line that introduces the buttons is the one just above them.
        if (closestQuestions)
        {
            text.Append("\n\nThe closest part is **").Append(closest!.Title).Append("**, and its questions nearest to yours are these:");
        }
        else if (actions.Count > 0)
        {
            text.Append("\n\nOr try one of these questions:");
        }

        return new Reply(text.ToString(), actions);
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
    private static List<string> Rebuttal(MythRebuttal myth, string answer)
    {
        List<string> blocks = [$"**{(myth.ExplicitlyRebutted ? "Myth" : "A common claim")}:** {myth.Claim}", $"**Verdict:** {myth.Verdict}"];
        var rest = answer.StartsWith(myth.Verdict, StringComparison.Ordinal) ? answer[myth.Verdict.Length..].Trim() : answer;
        if (rest.Length > 0)
        {
            blocks.Add($"**What the essay says:** {rest}");
        }

        return blocks;
    }

    private static string Source(Section section) => $"_Source: {section.Title}_";

    private List<ReplyAction> Examples()
    {
        // Spread the examples over the FAQ rather than always offering the first three.
        var step = Math.Max(1, essay.Faqs.Count / ExampleCount);
        return essay.Faqs.Where((_, i) => i % step == 0).Take(ExampleCount)
            .Select(FaqButton).ToList();
    }
}
