using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;

namespace FaqBot.Bot.Hosting;

/// <summary>The SDK's CloudAdapter with an error handler that apologises to the user instead of going silent.</summary>
internal sealed class FaqBotAdapter : CloudAdapter
{
    public FaqBotAdapter(BotFrameworkAuthentication authentication, ILogger<FaqBotAdapter> logger)
        : base(authentication, logger)
    {
        OnTurnError = async (turnContext, exception) =>
        {
            logger.LogError(exception, "Unhandled error in a turn of conversation {ConversationId}", turnContext.Activity.Conversation?.Id);
            await turnContext.SendActivityAsync("Sorry, something went wrong on my side. Please try again.").ConfigureAwait(false);
        };
    }
}
