using FaqBot.Bot.Hosting;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.IdentityModel.Tokens;

namespace FaqBot.Bot.Channel;

/// <summary>
/// POST /api/messages: the activity <see cref="IncomingActivity"/> accepted, authenticated by the SDK and run as a
/// turn. Whatever is wrong with the caller's token is a 401, never the SDK's 500; when the Bot Framework's signing
/// keys cannot be fetched the caller is told to retry (503).
/// </summary>
internal static class MessagesEndpoint
{
    /// <summary>Runs <see cref="IncomingActivity"/> on POST /api/messages only: it reads the body every other step then uses.</summary>
    public static WebApplication UseIncomingActivities(this WebApplication app)
    {
        app.UseWhen(
            context => HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Equals("/api/messages", StringComparison.OrdinalIgnoreCase),
            branch => branch.UseMiddleware<IncomingActivity>());
        return app;
    }

    public static WebApplication MapMessages(this WebApplication app)
    {
        app.MapPost("/api/messages", HandleAsync);
        return app;
    }

    private static async Task HandleAsync(HttpContext context, FaqBotAdapter adapter, IBot bot, ILogger<FaqBotAdapter> logger)
    {
        if (IncomingActivity.Of(context) is not { } activity)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        try
        {
            var reply = await adapter.ProcessAsync(context.Request.Headers.Authorization.ToString(), activity, bot, context.RequestAborted)
                .ConfigureAwait(false);
            if (reply is null)
            {
                context.Response.StatusCode = StatusCodes.Status200OK;
                return;
            }

            await HttpHelper.WriteResponseAsync(context.Response, reply).ConfigureAwait(false);
        }
        catch (Exception ex) when (!context.Response.HasStarted && IsRefusedToken(ex))
        {
            logger.LogWarning("Refused a request whose token did not validate: {Reason} {Detail}", ex.GetType().Name, ex.Message);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        }
        catch (InvalidOperationException ex) when (!context.Response.HasStarted && ex.Message.StartsWith("IDX", StringComparison.Ordinal))
        {
            // IdentityModel could not fetch the Bot Framework's signing keys: the token can be neither trusted nor refused yet.
            logger.LogError(ex, "Could not fetch the Bot Framework's token signing keys");
            context.Response.Headers.RetryAfter = "10";
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        }
    }

    private static bool IsRefusedToken(Exception ex) =>
        ex is UnauthorizedAccessException or SecurityTokenException or ArgumentException;
}
