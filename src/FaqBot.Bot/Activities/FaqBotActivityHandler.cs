using FaqBot.Bot.Hosting;
using FaqBot.Bot.Telemetry;
using FaqBot.Core.Conversation;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;

namespace FaqBot.Bot.Activities;

/// <summary>
/// The Bot Framework side of the conversation: an activity in, <see cref="FaqConversation"/>'s reply out as an activity,
/// the conversation's memory kept in Bot Framework conversation state. Nothing here decides what to say.
/// </summary>
internal sealed class FaqBotActivityHandler(AnswerEngineHost engineHost, FaqConversation conversation, ConversationState state,
    FaqBotTelemetry telemetry, ILogger<FaqBotActivityHandler> logger) : TeamsActivityHandler
{
    private readonly IStatePropertyAccessor<ConversationMemory> _memory = state.CreateProperty<ConversationMemory>(nameof(ConversationMemory));

    public override async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        await base.OnTurnAsync(turnContext, cancellationToken).ConfigureAwait(false);
        await state.SaveChangesAsync(turnContext, force: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Teams members added are welcomed as given. The SDK's default first looks up each one's Teams profile over the
    /// connector, a call per member a welcome does not need, and fails the turn when the channel cannot answer it.
    /// </summary>
    protected override Task OnTeamsMembersAddedDispatchAsync(IList<ChannelAccount> membersAdded, TeamInfo teamInfo,
        ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken) =>
        OnMembersAddedAsync(membersAdded, turnContext, cancellationToken);

    protected override async Task OnMembersAddedAsync(IList<ChannelAccount> membersAdded, ITurnContext<IConversationUpdateActivity> turnContext,
        CancellationToken cancellationToken)
    {
        foreach (var _ in membersAdded.Where(m => m.Id != turnContext.Activity.Recipient?.Id))
        {
            await turnContext.SendActivityAsync(ReplyActivity.From(FaqConversation.Welcome(engineHost.Engine), turnContext.Activity.ChannelId), cancellationToken).ConfigureAwait(false);
        }
    }

    protected override async Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken)
    {
        var memory = await _memory.GetAsync(turnContext, () => new ConversationMemory(), cancellationToken).ConfigureAwait(false);

        // State read back from a shared store arrives as JSON and is converted to a new object; put that object back,
        // or the changes this turn makes to it would never be saved.
        await _memory.SetAsync(turnContext, memory, cancellationToken).ConfigureAwait(false);
        using var span = telemetry.Source.StartActivity("faqbot.answer");
        var outcome = await conversation.RespondAsync(engineHost.Engine, memory, IncomingMessage.From(turnContext.Activity),
            IncomingMessage.OpaqueId(turnContext.Activity.Conversation?.Id), cancellationToken).ConfigureAwait(false);
        telemetry.Turn(outcome, span);
        logger.LogDebug("Answered with {ReplyKind} at confidence {Confidence:F2}", outcome.Kind, outcome.Answer?.Confidence.Probability ?? 0f);
        await turnContext.SendActivityAsync(ReplyActivity.From(outcome.Reply, turnContext.Activity.ChannelId), cancellationToken).ConfigureAwait(false);
    }
}
