using System.Security.Claims;
using FaqBot.Bot.Hosting;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;

namespace FaqBot.Bot.DirectLine;

/// <summary>
/// Runs a turn of the bot for an activity that came in over the local Direct Line, through the same adapter,
/// middleware and error handling as /api/messages, and hands back the replies instead of posting them to a channel.
/// </summary>
internal sealed class DirectLineTurns(FaqBotAdapter adapter, IBot bot, IConfiguration configuration)
{
    public const string ChannelId = "directline";

    private readonly ClaimsIdentity _identity = Identity(configuration["MicrosoftAppId"]);

    /// <summary>The bot as it appears in the conversation.</summary>
    public ChannelAccount Bot { get; } = new(
        string.IsNullOrWhiteSpace(configuration["MicrosoftAppId"]) ? "faqbot" : configuration["MicrosoftAppId"], "FaqBot", RoleTypes.Bot);

    public async Task<IReadOnlyList<Activity>> RunAsync(Activity activity, CancellationToken cancellationToken)
    {
        // Replies are buffered on the turn, never sent to a service URL: the poll hands them to the browser.
        activity.DeliveryMode = DeliveryModes.ExpectReplies;
        TurnContext? turn = null;
        await adapter.ContinueConversationAsync(_identity, activity, (context, token) =>
        {
            turn = (TurnContext)context;
            return bot.OnTurnAsync(context, token);
        }, cancellationToken).ConfigureAwait(false);

        // Read after the pipeline: the adapter's error handler may have added an apology.
        return turn?.BufferedReplyActivities ?? [];
    }

    private static ClaimsIdentity Identity(string? appId) => string.IsNullOrWhiteSpace(appId)
        ? new ClaimsIdentity()
        : new ClaimsIdentity([new Claim(AuthenticationConstants.AudienceClaim, appId), new Claim(AuthenticationConstants.AppIdClaim, appId)]);
}
