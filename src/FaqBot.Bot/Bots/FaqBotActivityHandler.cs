using FaqBot.Bot.Answers;
using FaqBot.Bot.Hosting;
using FaqBot.Bot.Telemetry;
using FaqBot.Core.Answers;
using FaqBot.Core.Feedback;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Schema;

namespace FaqBot.Bot.Bots;

/// <summary>
/// The conversation: a welcome for each new member, commands (help, topics, myths), small talk, and every
/// other message answered from the essay.
/// </summary>
internal sealed class FaqBotActivityHandler(
    AnswerEngineHost engineHost,
    ResilientAnswerer answerer,
    ConversationState conversationState,
    IFeedbackLog feedback,
    TimeProvider time,
    FaqBotTelemetry telemetry,
    ILogger<FaqBotActivityHandler> logger) : TeamsActivityHandler
{
    private readonly IStatePropertyAccessor<ConversationMemory> _memory =
        conversationState.CreateProperty<ConversationMemory>(nameof(ConversationMemory));

    /// <summary>Longer messages are not processed: no question about an essay needs more.</summary>
    public const int MaxMessageLength = 1000;

    public override async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        await base.OnTurnAsync(turnContext, cancellationToken).ConfigureAwait(false);
        await conversationState.SaveChangesAsync(turnContext, force: false, cancellationToken).ConfigureAwait(false);
    }

    protected override async Task OnMembersAddedAsync(IList<ChannelAccount> membersAdded, ITurnContext<IConversationUpdateActivity> turnContext,
        CancellationToken cancellationToken)
    {
        var engine = engineHost.Engine;
        foreach (var member in membersAdded.Where(m => m.Id != turnContext.Activity.Recipient?.Id))
        {
            logger.LogInformation("Welcoming a new member of conversation {ConversationId}", turnContext.Activity.Conversation?.Id);
            var welcome = engine is null
                ? new Reply("Hi! I'm FaqBot. I'm still reading my essay; ask me something in a moment.", [])
                : new ReplyComposer(engine.Essay).Welcome();
            await turnContext.SendActivityAsync(ReplyActivity.From(welcome), cancellationToken).ConfigureAwait(false);
        }
    }

    protected override async Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken)
    {
        var memory = await _memory.GetAsync(turnContext, () => new ConversationMemory(), cancellationToken).ConfigureAwait(false);

        // State read back from a shared store arrives as JSON and is converted to a new object; put that object back,
        // or the changes this turn makes to it would never be saved.
        await _memory.SetAsync(turnContext, memory, cancellationToken).ConfigureAwait(false);
        var turn = new Turn(UserText(turnContext.Activity), memory, OpaqueId(turnContext.Activity.Conversation?.Id));
        var reply = await RespondAsync(turn, cancellationToken).ConfigureAwait(false);
        await turnContext.SendActivityAsync(ReplyActivity.From(reply), cancellationToken).ConfigureAwait(false);
    }

    private async Task<Reply> RespondAsync(Turn turn, CancellationToken cancellationToken)
    {
        var (text, memory, _) = turn;
        var engine = engineHost.Engine;
        if (engine is null)
        {
            telemetry.Message("not-ready");
            return new Reply("I'm still reading my essay. Please ask again in a moment.", []);
        }

        var composer = new ReplyComposer(engine.Essay);
        if (text.Length == 0)
        {
            telemetry.Message("declined");
            return new Reply("I didn't get any text. Type a question about the essay, or **help**.", []);
        }

        if (text.Length > MaxMessageLength)
        {
            logger.LogInformation("Declined a message of {Length} characters", text.Length);
            telemetry.Message("declined");
            return new Reply($"That message is too long for me (over {MaxMessageLength} characters). Please ask one short question.", []);
        }

        var command = text.Trim().TrimEnd('?', '!', '.').ToUpperInvariant();
        if (command is "HELP" or "TOPICS" or "MYTHS")
        {
            telemetry.Message("command");
        }

        switch (command)
        {
            case "HELP":
                return composer.Help();
            case "TOPICS":
                return composer.TopicsReply();
            case "MYTHS":
                return composer.MythsReply();
            case var none when none == ReplyComposer.NoneOfThese.ToUpperInvariant():
                telemetry.Message("fallback");
                logger.LogInformation("A user rejected every did-you-mean choice");
                await RecordAsync(turn, FeedbackKind.NoneOfThese, memory.LastQuestion ?? text, null, memory.LastConfidence, cancellationToken)
                    .ConfigureAwait(false);
                return composer.Compose(new FallbackAnswer(null, OutOfScope: false, AnswerConfidence.None));
        }

        if (SmallTalk.Reply(text, engine.Essay.Title) is { } smallTalk)
        {
            telemetry.Message("small-talk");
            return new Reply(smallTalk, []);
        }

        var followUp = FollowUp.Parse(text);
        if (followUp is FollowUpKind.Helpful or FollowUpKind.NotHelpful)
        {
            if (memory.LastAnswerId is null)
            {
                return ReplyComposer.NothingToFollowUp();
            }

            var vote = followUp == FollowUpKind.Helpful ? FeedbackKind.Helpful : FeedbackKind.NotHelpful;
            telemetry.Message("vote");
            telemetry.Vote(helpful: vote == FeedbackKind.Helpful);
            await RecordAsync(turn, vote, memory.LastQuestion ?? string.Empty, memory.LastAnswerId, memory.LastConfidence, cancellationToken)
                .ConfigureAwait(false);
            return new Reply("Thanks for telling me: it helps me answer better.", []);
        }

        if (followUp != FollowUpKind.None)
        {
            telemetry.Message("follow-up");
            memory.LastQuestion = text;
            return RespondToFollowUp(followUp, engine.Essay, composer, memory);
        }

        using var span = telemetry.Source.StartActivity("faqbot.answer");
        var started = time.GetTimestamp();
        var answer = await answerer.AnswerAsync(engine, text, cancellationToken).ConfigureAwait(false);
        telemetry.Answered(answer, time.GetElapsedTime(started));
        span?.SetTag("faqbot.reply.kind", FaqBotTelemetry.KindOf(answer)).SetTag("faqbot.answer.confidence", answer.Confidence.Probability);
        // Every answer is counted by kind and confidence (metrics and the trace span above); a log line per message at
        // Information cost 10-15 % of the CPU of a repeated question in the console logger, so it is Debug.
        logger.LogDebug("Answered with {ReplyKind} at confidence {Confidence:F2}", answer.Kind, answer.Confidence.Probability);
        memory.LastQuestion = text;
        if (answer is FallbackAnswer)
        {
            await RecordAsync(turn, FeedbackKind.Fallback, text, null, answer.Confidence.Probability, cancellationToken).ConfigureAwait(false);
        }

        return Remember(answer, composer, memory);
    }

    private Task RecordAsync(Turn turn, FeedbackKind kind, string question, string? answerId, float confidence,
        CancellationToken cancellationToken)
    {
        logger.LogInformation("Recorded {FeedbackKind} for {AnswerId}", kind, answerId);
        return feedback.AppendAsync(new FeedbackRecord(time.GetUtcNow(), kind, turn.Conversation, question, answerId, confidence), cancellationToken);
    }

    /// <summary>A hash of the channel's conversation id: lets a curator group records without knowing who anyone is.</summary>
    private static string OpaqueId(string? conversationId) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(conversationId ?? string.Empty)))[..16];

    private sealed record Turn(string Text, ConversationMemory Memory, string Conversation);

    private Reply RespondToFollowUp(FollowUpKind followUp, Core.Knowledge.Essay essay, ReplyComposer composer, ConversationMemory memory)
    {
        logger.LogInformation("Follow-up {FollowUp}", followUp);
        if (followUp == FollowUpKind.AnotherMyth)
        {
            var next = essay.Faqs.FirstOrDefault(f => f.Myth is not null && !memory.MythsShown.Contains(f.Id));
            return next is null
                ? composer.NoMoreMyths()
                : Remember(new FaqAnswer(next, essay.Section(next.SectionId), new AnswerConfidence(1f, 1f)), composer, memory);
        }

        var section = memory.LastSectionId is { } id ? essay.Sections.FirstOrDefault(s => s.Id == id) : null;
        if (section is null)
        {
            return ReplyComposer.NothingToFollowUp();
        }

        if (followUp == FollowUpKind.Why)
        {
            return ReplyComposer.Supporting(section, memory.LastSentences);
        }

        // More than a summary already shown means the section's own paragraphs; otherwise its summary.
        return memory.LastSentences.SequenceEqual(section.Summary.Sentences)
            ? ReplyComposer.MoreOf(section)
            : Remember(new SectionAnswer(section, new AnswerConfidence(1f, 1f)), composer, memory);
    }

    /// <summary>Words the answer and remembers what it was about, for the follow-ups.</summary>
    private static Reply Remember(Answer answer, ReplyComposer composer, ConversationMemory memory)
    {
        memory.LastAnswerId = answer switch
        {
            FaqAnswer faq => faq.Faq.Id,
            FactAnswer fact => fact.Section.Id,
            SectionAnswer section => section.Section.Id,
            _ => null,
        };
        memory.LastConfidence = answer.Confidence.Probability;
        switch (answer)
        {
            case FaqAnswer faq:
                memory.LastSectionId = faq.Section.Id;
                memory.LastSentences = [.. Core.Text.SentenceSplitter.Split(faq.Faq.Answer)];
                if (faq.Faq.Myth is not null && !memory.MythsShown.Contains(faq.Faq.Id))
                {
                    memory.MythsShown.Add(faq.Faq.Id);
                }

                break;
            case FactAnswer fact:
                memory.LastSectionId = fact.Section.Id;
                memory.LastSentences = [.. fact.Sentences];
                break;
            case SectionAnswer section:
                memory.LastSectionId = section.Section.Id;
                memory.LastSentences = [.. section.Section.Summary.Sentences];
                break;
            case FallbackAnswer { ClosestSection: { } closest }:
                memory.LastSectionId = closest.Id;
                memory.LastSentences = [.. closest.Summary.Sentences];
                break;
        }

        var reply = composer.Compose(answer);
        return memory.LastAnswerId is null
            ? reply
            : reply with
            {
                Actions = [.. reply.Actions, new ReplyAction(FollowUp.HelpfulButton, FollowUp.HelpfulButton),
                    new ReplyAction(FollowUp.NotHelpfulButton, FollowUp.NotHelpfulButton)],
            };
    }

    /// <summary>
    /// The message text without the bot's @mention (Teams group chats and channels), trimmed. Mention entities are
    /// read defensively: a malformed one (no "mentioned") is ignored rather than failing the turn.
    /// </summary>
    private static string UserText(IMessageActivity activity)
    {
        var text = activity.Text ?? string.Empty;
        var botId = activity.Recipient?.Id;
        foreach (var entity in activity.Entities ?? [])
        {
            if (!string.Equals(entity.Type, "mention", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            Mention? mention;
            try
            {
                mention = entity.GetAs<Mention>();
            }
            catch (Newtonsoft.Json.JsonException)
            {
                continue;
            }

            if (mention?.Mentioned?.Id is { } id && id == botId && !string.IsNullOrEmpty(mention.Text))
            {
                text = text.Replace(mention.Text, string.Empty, StringComparison.Ordinal);
            }
        }

        return text.Trim();
    }
}
