using System.Diagnostics.Metrics;
using FaqBot.Bot.Resilience;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;

namespace FaqBot.Bot.Hosting;

/// <summary>
/// The SDK's CloudAdapter, with an error handler that apologises to the user instead of going silent, and never
/// fails itself: when the channel cannot be reached even for the apology, the turn ends, logged and counted.
/// </summary>
internal sealed class FaqBotAdapter : CloudAdapter
{
    public FaqBotAdapter(BotFrameworkAuthentication authentication, IMeterFactory meters, ILogger<FaqBotAdapter> logger)
        : base(authentication, logger)
    {
        var failedReplies = meters.Create(ResilientAnswerer.MeterName)
            .CreateCounter<long>("faqbot.replies.failed", description: "Turns whose reply could not be delivered to the channel");
        OnTurnError = async (turnContext, exception) =>
        {
            logger.LogError(exception, "A turn of conversation {ConversationId} failed", turnContext.Activity.Conversation?.Id);
            try
            {
                await turnContext.SendActivityAsync("Sorry, something went wrong on my side. Please try again.").ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failedReplies.Add(1);
                logger.LogError("Could not deliver even an apology to conversation {ConversationId}: {Failure}",
                    turnContext.Activity.Conversation?.Id, ex.GetType().Name);
            }
        };
    }

    /// <summary>Authenticates and runs one activity already read and checked by the host; the InvokeResponse carries expectReplies replies.</summary>
    public Task<InvokeResponse> ProcessAsync(string authHeader, Activity activity, IBot bot, CancellationToken cancellationToken) =>
        ProcessActivityAsync(authHeader, activity, bot.OnTurnAsync, cancellationToken);
}
