using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FaqBot.Classification.Evaluation;
using FaqBot.Core.Decision;
using FaqBot.Core.Replies;
using FaqBot.Core.Knowledge;

namespace FaqBot.Training;

/// <summary>
/// eval --bot: asks a running bot every held-out question of its essay over /api/messages (expectReplies), as a user
/// would, and scores what comes back, read the way a user reads it: which FAQ answer, quoted sentence or section summary
/// the reply shows, which choices its buttons offer. The numbers then say whether the bot answers as `eval` says it does.
/// </summary>
internal sealed class BotReplies(HttpClient http, Essay essay)
{
    private int _turn;

    public async Task<Outcome> AskAsync(LabelledQuestion question, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _turn);
        var activity = new JsonObject
        {
            ["type"] = "message",
            ["id"] = $"q{id}",
            ["text"] = question.Text,
            ["channelId"] = "emulator",
            ["serviceUrl"] = "http://localhost:9",
            ["deliveryMode"] = "expectReplies",
            ["from"] = new JsonObject { ["id"] = $"evaluator-{id}" },
            ["recipient"] = new JsonObject { ["id"] = "bot" },
            ["conversation"] = new JsonObject { ["id"] = $"evaluation-{id}" },
        };
        using var response = await http.PostAsJsonAsync("api/messages", activity, cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken)
            ?? throw new InvalidDataException("The bot answered with no body.");
        var replies = body["activities"]?.AsArray().OfType<JsonObject>().ToList() ?? [];
        var text = string.Join("\n\n", replies.Select(r => r["text"]?.GetValue<string>()).OfType<string>());
        var buttons = replies.SelectMany(r => r["attachments"]?.AsArray().OfType<JsonObject>() ?? [])
            .SelectMany(a => a["content"]?["buttons"]?.AsArray().OfType<JsonObject>() ?? [])
            .Select(b => b["title"]?.GetValue<string>()).OfType<string>().ToList();
        return Read(question, text, buttons);
    }

    /// <summary>What the reply gave, in the evaluation's terms, from its text and its buttons alone.</summary>
    internal Outcome Read(LabelledQuestion question, string text, IReadOnlyList<string> buttons)
    {
        var offered = buttons.Select(IdOf).OfType<string>().ToList();
        Answer answer;
        if (text.StartsWith("I'm not sure which of these you mean", StringComparison.Ordinal))
        {
            answer = new DidYouMeanAnswer(offered.Select(o => new AnswerCandidate(o, o, 0f)).ToList(), AnswerConfidence.None);
        }
        else if (essay.Faqs.FirstOrDefault(f => text.Contains(AfterVerdict(f), StringComparison.Ordinal)) is { } faq)
        {
            answer = new FaqAnswer(faq, essay.Section(faq.SectionId), AnswerConfidence.None) { Alternatives = Alternatives(text, buttons) };
        }
        else if (essay.Sections.FirstOrDefault(s => text.Contains($"_Source: {s.Title}_", StringComparison.Ordinal)) is { } source)
        {
            var quoted = source.Sentences.Where(s => text.Contains(s, StringComparison.Ordinal)).ToList();
            answer = new FactAnswer(quoted, source, AnswerConfidence.None) { Alternatives = Alternatives(text, buttons) };
        }
        else if (essay.Sections.FirstOrDefault(s => text.Contains($"Here is what the essay says in **{s.Title}**", StringComparison.Ordinal)) is { } summary)
        {
            answer = new SectionAnswer(summary, AnswerConfidence.None) { Alternatives = Alternatives(text, buttons) };
        }
        else
        {
            answer = new FallbackAnswer(null, text.StartsWith("That doesn't seem", StringComparison.Ordinal), AnswerConfidence.None);
        }

        return Outcome.Of(answer, question);
    }

    /// <summary>The buttons after "Or did you mean:", as the choices they name.</summary>
    private List<AnswerCandidate> Alternatives(string text, IReadOnlyList<string> buttons) =>
        text.Contains(ReplyComposer.AlternativesIntro, StringComparison.Ordinal)
            ? buttons.Select(b => IdOf(b) is { } id ? new AnswerCandidate(id, b, 0f) : null).OfType<AnswerCandidate>().ToList()
            : [];

    /// <summary>The FAQ entry or section a button's title names.</summary>
    private string? IdOf(string title) =>
        essay.Faqs.FirstOrDefault(f => f.Question == title)?.Id ?? essay.Sections.FirstOrDefault(s => s.Title == title)?.Id;

    /// <summary>The part of an FAQ answer a reply shows whatever its wording: the answer after its verdict, or all of it.</summary>
    private static string AfterVerdict(FaqEntry faq)
    {
        var verdict = faq.Myth?.Verdict ?? string.Empty;
        var rest = verdict.Length > 0 && faq.Answer.StartsWith(verdict, StringComparison.Ordinal) ? faq.Answer[verdict.Length..].Trim() : faq.Answer;
        return rest.Length > 0 ? rest : faq.Answer;
    }
}
