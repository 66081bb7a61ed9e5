using FaqBot.Core.Decision;
using FaqBot.Core.Replies;
using FaqBot.Core.Feedback;
using FaqBot.Core.Knowledge;
using FaqBot.Core.Text;

namespace FaqBot.Core.Conversation;

/// <summary>
/// The conversation, independent of any channel: given what a conversation remembers and what the user sent (text, or
/// a typed action from a button), it decides the reply and updates the memory. Commands, follow-ups, votes and small
/// talk are recognised here (<see cref="Phrases"/>); every other message is answered from the essay.
/// </summary>
/// <param name="questions">Where every answered question is kept for the curator's console; null keeps none.</param>
public sealed class FaqConversation(IQuestionAnswerer answerer, IFeedbackLog feedback, TimeProvider time, IQuestionLog? questions = null)
{
    /// <summary>Longer messages are not processed: no question about an essay needs more.</summary>
    public const int MaxMessageLength = 1000;

    /// <summary>The greeting for someone who joins the conversation.</summary>
    public static Reply Welcome(IAnswerEngine? engine) => engine is null
        ? new Reply("Hi! I'm FaqBot. I'm still reading my essay; ask me something in a moment.", [])
        : new ReplyComposer(engine.Essay).Welcome();

    /// <param name="engine">The engine answering now; null while the essay is still being read.</param>
    /// <param name="conversation">An opaque id of the conversation, for the curator's records.</param>
    public async Task<TurnOutcome> RespondAsync(IAnswerEngine? engine, ConversationMemory memory, UserInput input, string conversation,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(input);
        var text = input.Text.Trim();
        if (engine is null)
        {
            return new TurnOutcome(new Reply("I'm still reading my essay. Please ask again in a moment.", []), "not-ready");
        }

        if (input.Action is null && text.Length == 0)
        {
            return new TurnOutcome(new Reply("I didn't get any text. Type a question about the essay, or **help**.", []), "declined");
        }

        if (text.Length > MaxMessageLength)
        {
            return new TurnOutcome(
                new Reply($"That message is too long for me (over {MaxMessageLength} characters). Please ask one short question.", []), "declined");
        }

        var composer = new ReplyComposer(engine.Essay);
        if (input.Action is null && Offered(memory, text) is { } choice)
        {
            // A typed "yes" or "the second one" is the button it names, for the question the choices were offered for.
            return await ActAsync(new Turn(engine, composer, memory, memory.LastQuestion ?? text, conversation), choice, cancellationToken)
                .ConfigureAwait(false);
        }

        var turn = new Turn(engine, composer, memory, text, conversation);
        if ((input.Action ?? Phrases.Action(text)) is { } action)
        {
            return await ActAsync(turn, action, cancellationToken).ConfigureAwait(false);
        }

        if (Phrases.SmallTalkOf(text) is { } chat)
        {
            return new TurnOutcome(new Reply(SmallTalkReply(chat, engine.Essay.Title), []), "small-talk");
        }

        if (Phrases.ChoiceOf(text) is not null)
        {
            // "the second one" with no choices open: nothing in the essay to look up.
            return new TurnOutcome(ReplyComposer.NoChoicesOpen(), "follow-up");
        }

        var started = time.GetTimestamp();
        var (answer, asked) = await AnswerAsync(engine, memory, text, cancellationToken).ConfigureAwait(false);
        var elapsed = time.GetElapsedTime(started);
        memory.LastQuestion = asked;
        if (answer is FallbackAnswer)
        {
            await RecordAsync(turn, FeedbackKind.Fallback, text, null, answer.Confidence.Probability, cancellationToken).ConfigureAwait(false);
        }

        await AskedAsync(engine.Essay, text, answer.About.KindName, answer.About, cancellationToken).ConfigureAwait(false);
        return new TurnOutcome(Remember(answer, turn), answer.About.KindName) { Answer = answer, AnswerTime = elapsed };
    }

    private async Task<TurnOutcome> ActAsync(Turn turn, UserAction action, CancellationToken cancellationToken)
    {
        var (engine, composer, memory, text, _) = turn;
        var essay = engine.Essay;
        switch (action.Kind)
        {
            case UserActionKind.Help:
                return new TurnOutcome(composer.Help(), "command");
            case UserActionKind.Topics:
                return new TurnOutcome(composer.TopicsReply(), "command");
            case UserActionKind.Myths:
                return new TurnOutcome(composer.MythsReply(), "command");
            case UserActionKind.Overview:
                return new TurnOutcome(composer.Overview(), "command");
            case UserActionKind.NoneOfThese:
                memory.LastOffered = [];
                await RecordAsync(turn, FeedbackKind.NoneOfThese, memory.LastQuestion ?? text, null, memory.LastConfidence, cancellationToken)
                    .ConfigureAwait(false);
                return new TurnOutcome(composer.Compose(new FallbackAnswer(null, OutOfScope: false, AnswerConfidence.None)), "fallback");
            case UserActionKind.Helpful or UserActionKind.NotHelpful:
                return await VoteAsync(turn, action, cancellationToken).ConfigureAwait(false);
            case UserActionKind.Answer or UserActionKind.Myth when Known(essay, action.Target) is { } id:
            {
                memory.LastQuestion = text.Length > 0 ? text : id;
                var answer = engine.AnswerWith(id);
                await AskedAsync(essay, memory.LastQuestion, "choice", answer.About, cancellationToken).ConfigureAwait(false);
                if (action.Kind == UserActionKind.Myth && answer is FaqAnswer { Faq.Myth: not null } myth)
                {
                    answer = myth with { Stance = Stance.StatesMyth };
                }

                return new TurnOutcome(Remember(answer, turn), answer.About.KindName) { Answer = answer };
            }

            case UserActionKind.Answer or UserActionKind.Myth:
                // A button naming an answer this essay no longer has (the essay changed under an open conversation).
                return new TurnOutcome(new Reply("That answer is no longer in the essay. Here is what it covers now:", composer.TopicsReply().Actions),
                    "follow-up");
            default:
                memory.LastQuestion = text;
                return FollowUp(turn, action.Kind);
        }
    }

    private async Task<TurnOutcome> VoteAsync(Turn turn, UserAction action, CancellationToken cancellationToken)
    {
        var memory = turn.Memory;
        var answerId = action.Target ?? memory.LastAnswerId;
        if (answerId is null)
        {
            return new TurnOutcome(ReplyComposer.NothingToFollowUp(), "follow-up");
        }

        var helpful = action.Kind == UserActionKind.Helpful;
        await RecordAsync(turn, helpful ? FeedbackKind.Helpful : FeedbackKind.NotHelpful, memory.LastQuestion ?? string.Empty, answerId,
            memory.LastConfidence, cancellationToken).ConfigureAwait(false);
        return new TurnOutcome(new Reply("Thanks for telling me: it helps me answer better.", []), "vote") { Helpful = helpful };
    }

    private static TurnOutcome FollowUp(Turn turn, UserActionKind followUp)
    {
        var (engine, composer, memory, _, _) = turn;
        var essay = engine.Essay;
        if (followUp == UserActionKind.AnotherMyth)
        {
            var next = essay.Faqs.FirstOrDefault(f => f.Myth is not null && !memory.MythsShown.Contains(f.Id));
            if (next is null)
            {
                return new TurnOutcome(composer.NoMoreMyths(), "follow-up");
            }

            var myth = engine.AnswerWith(next.Id) is FaqAnswer faq ? faq with { Stance = Stance.StatesMyth } : engine.AnswerWith(next.Id);
            return new TurnOutcome(Remember(myth, turn), "follow-up") { Answer = myth };
        }

        var section = memory.LastSectionId is { } id ? essay.Sections.FirstOrDefault(s => s.Id == id) : null;
        if (section is null)
        {
            // A section remembered from before the essay changed is gone: say so rather than "ask me a question first".
            return new TurnOutcome(memory.LastSectionId is null ? ReplyComposer.NothingToFollowUp() : ReplyComposer.ChangedSince(composer), "follow-up");
        }

        // The FAQ section's text is answers without their questions. After one of its answers that no body sentence bears
        // out (the answer's section is then the FAQ's), that answer was all; after a fallback to it, or its list of
        // questions, that list is what it has to offer.
        var afterAnFaqAnswer = essay.Faqs.Any(f => f.Id == memory.LastAnswerId);
        var offersItsQuestions = section.IsFaqSection && !afterAnFaqAnswer;
        if (followUp == UserActionKind.TellMeMore && section.IsFaqSection && afterAnFaqAnswer)
        {
            return new TurnOutcome(composer.NothingMoreOnThat(), "follow-up");
        }

        if (followUp == UserActionKind.Why && !offersItsQuestions)
        {
            var evidence = memory.LastEvidence
                .Select(e => (Section: essay.Sections.FirstOrDefault(s => s.Id == e.SectionId), Sentence: e.Text))
                .Where(e => e.Section is not null).Select(e => (e.Section!, e.Sentence)).ToList();
            return new TurnOutcome(evidence.Count > 0 ? ReplyComposer.Supporting(evidence) : ReplyComposer.Supporting(section, memory.LastSentences),
                "follow-up");
        }

        // More than a summary already shown means the section's own paragraphs; otherwise its summary.
        if (!offersItsQuestions && memory.LastSentences.SequenceEqual(section.Summary.Sentences))
        {
            return new TurnOutcome(ReplyComposer.MoreOf(section), "follow-up");
        }

        var summary = new SectionAnswer(section, new AnswerConfidence(1f, 1f));
        return new TurnOutcome(Remember(summary, turn), "follow-up") { Answer = summary };
    }

    /// <summary>Words the answer and remembers what it was about, for the follow-ups; offers a vote on it.</summary>
    private static Reply Remember(Answer answer, Turn turn)
    {
        var memory = turn.Memory;
        var about = answer.About;
        memory.LastAnswerId = about.Id;
        memory.LastConfidence = about.Confidence;
        memory.LastEvidence = [];
        memory.LastOffered = answer switch
        {
            DidYouMeanAnswer choices => [.. choices.Candidates.Select(c => c.Id)],
            FallbackAnswer fallback => [.. fallback.Nearest.Select(c => c.Id)],
            _ => [],
        };
        if (about.Section is { } section)
        {
            memory.LastSectionId = section.Id;
            memory.LastSentences = [.. about.Quoted];
        }

        if (answer is FaqAnswer faq)
        {
            memory.LastSectionId = ReplyComposer.SourceOf(faq).Id;
            memory.LastEvidence = [.. faq.Evidence.Select(e => new QuotedSentence { SectionId = e.Section.Id, Text = e.Text })];
            if (faq.Faq.Myth is not null && !memory.MythsShown.Contains(faq.Faq.Id))
            {
                memory.MythsShown.Add(faq.Faq.Id);
            }
        }

        // The FAQ section's list of questions is a menu of answers, not one to vote on.
        var reply = turn.Composer.Compose(answer);
        return about.Id is null || ReplyComposer.ListsQuestions(answer)
            ? reply
            : reply with
            {
                Actions = [.. reply.Actions, new ReplyAction(Phrases.HelpfulButton, new UserAction(UserActionKind.Helpful, about.Id)),
                    new ReplyAction(Phrases.NotHelpfulButton, new UserAction(UserActionKind.NotHelpful, about.Id))],
            };
    }

    /// <summary>The answer to a message, and the question it answers: the message, or with the one it follows up.</summary>
    private async Task<(Answer Answer, string Asked)> AnswerAsync(IAnswerEngine engine, ConversationMemory memory, string text,
        CancellationToken cancellationToken)
    {
        var answer = await answerer.AnswerAsync(engine, text, cancellationToken).ConfigureAwait(false);
        if (Settled(answer) || FollowUpContext(memory, text) is not { } context)
        {
            return (answer, text);
        }

        // "when did it open?" after a question about the canal: asked again with that question after it, kept only
        // when the answer holds a word of this one, so that an unrelated question is not answered about the last topic.
        var withContext = text + " " + context; // this question first: a long context is what the model cuts off
        var retry = await answerer.AnswerAsync(engine, withContext, cancellationToken).ConfigureAwait(false);
        return Settled(retry) && HoldsAWordOf(retry, text) ? (retry, withContext) : (answer, text);
    }

    /// <summary>An answer that neither falls back nor asks which of several the user means.</summary>
    private static bool Settled(Answer answer) => answer is not (FallbackAnswer or DidYouMeanAnswer);

    // Words that stand for something named before; a short question with one names nothing of its own.
    private static readonly HashSet<string> PointingWords =
        ["it", "its", "they", "them", "their", "he", "him", "his", "she", "her", "this", "that", "these", "those", "there"];

    private const int MaxFollowUpWords = 8;

    // A follow-up leans on what came before: "when did it open?" says one thing of its own, "who ran it until 1999?" two.
    private const int MaxFollowUpTerms = 2;

    /// <summary>The question a short one that points back ("when did it open?") follows up; null when it names its own subject.</summary>
    private static string? FollowUpContext(ConversationMemory memory, string text)
    {
        var tokens = TextNormalizer.Tokenize(text);
        return memory.LastAnswerId is not null && memory.LastQuestion is { Length: > 0 } last
            && tokens.Count <= MaxFollowUpWords && tokens.Any(PointingWords.Contains) && TextNormalizer.Terms(text).Count <= MaxFollowUpTerms
            ? last
            : null;
    }

    /// <summary>Whether an answer's quoted text (and an FAQ entry's question) holds a content word of the message.</summary>
    private static bool HoldsAWordOf(Answer answer, string text)
    {
        var quoted = answer is FaqAnswer faq ? answer.About.Quoted.Append(faq.Faq.Question) : answer.About.Quoted;
        var held = quoted.SelectMany(TextNormalizer.Terms).ToHashSet(StringComparer.Ordinal);
        return TextNormalizer.Terms(text).Any(held.Contains);
    }

    /// <summary>The choice a typed reply to the last did-you-mean takes; null when it is no such reply or none was offered.</summary>
    private static UserAction? Offered(ConversationMemory memory, string text) => Phrases.ChoiceOf(text) switch
    {
        0 when memory.LastOffered.Count > 0 => new UserAction(UserActionKind.NoneOfThese),
        { } place when place >= 1 && place <= memory.LastOffered.Count => new UserAction(UserActionKind.Answer, memory.LastOffered[place - 1]),
        _ => null,
    };

    private static string? Known(Essay essay, string? id) => id is not null && essay.AnswerIds.Contains(id) ? id : null;

    private static string SmallTalkReply(SmallTalk chat, string title) => chat switch
    {
        SmallTalk.Greeting => "Hello! Ask me anything about the essay, or type **help**.",
        SmallTalk.Thanks => "You're welcome!",
        SmallTalk.Goodbye => "Goodbye! Come back any time you have a question about the essay.",
        SmallTalk.Acknowledgement => "OK. Ask me anything else about the essay, or type **help**.",
        _ => $"I'm FaqBot. I answer questions and check claims against one essay: **{title}** Type **help** to see how.",
    };

    private Task AskedAsync(Essay essay, string text, string kind, AnswerAbout about, CancellationToken cancellationToken) =>
        questions?.RecordAsync(new QuestionRecord(time.GetUtcNow(), text, kind, about.Id, about.Confidence, essay.SourceHash(about.Id)), cancellationToken)
        ?? Task.CompletedTask;

    private Task RecordAsync(Turn turn, FeedbackKind kind, string question, string? answerId, float confidence, CancellationToken cancellationToken) =>
        feedback.AppendAsync(new FeedbackRecord(time.GetUtcNow(), kind, turn.Conversation, question, answerId, confidence,
            turn.Engine.Essay.SourceHash(answerId)), cancellationToken);

    private sealed record Turn(IAnswerEngine Engine, ReplyComposer Composer, ConversationMemory Memory, string Text, string Conversation);
}

/// <summary>The reply to one message, and what happened, for the channel's telemetry and logs.</summary>
/// <param name="Kind">faq, myth, fact, section, did-you-mean, fallback, small-talk, command, follow-up, vote, declined or not-ready.</param>
public sealed record TurnOutcome(Reply Reply, string Kind)
{
    /// <summary>The answer given, if the turn gave one.</summary>
    public Answer? Answer { get; init; }

    /// <summary>How long the answer path took, when it ran (not for a button's pick or a follow-up).</summary>
    public TimeSpan? AnswerTime { get; init; }

    /// <summary>For a vote: whether it said helpful.</summary>
    public bool? Helpful { get; init; }
}
