using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;
using Newtonsoft.Json;

namespace FaqBot.Bot.Channel;

/// <summary>
/// Reads POST /api/messages before anything else looks at it: a bounded body (413), JSON no deeper than any real
/// activity, the fields a turn needs (400), unknown activity types acknowledged and ignored (200). In
/// authenticated mode a request with no token is refused (401) before its body is read. The parsed activity is
/// left for the rate limiter and the endpoint.
/// </summary>
internal sealed class IncomingActivity(IOptions<ChannelOptions> options, IConfiguration configuration) : IMiddleware
{
    private static readonly object ItemKey = new();

    private static readonly HashSet<string> KnownTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        ActivityTypes.Message, ActivityTypes.ConversationUpdate, ActivityTypes.ContactRelationUpdate, ActivityTypes.Typing,
        ActivityTypes.EndOfConversation, ActivityTypes.Event, ActivityTypes.Invoke, ActivityTypes.DeleteUserData,
        ActivityTypes.MessageUpdate, ActivityTypes.MessageDelete, ActivityTypes.InstallationUpdate, ActivityTypes.MessageReaction,
        ActivityTypes.Suggestion, ActivityTypes.Trace, ActivityTypes.Handoff, ActivityTypes.Command, ActivityTypes.CommandResult,
    };

    private static readonly JsonSerializer Serializer = JsonSerializer.Create(new JsonSerializerSettings
    {
        NullValueHandling = NullValueHandling.Ignore,
        MaxDepth = 32,
    });

    private readonly int _maxBytes = options.Value.MaxRequestBytes;
    private readonly bool _authenticated = !string.IsNullOrWhiteSpace(configuration["MicrosoftAppId"]);

    /// <summary>The activity this request carries, once the middleware has accepted it.</summary>
    public static Activity? Of(HttpContext context) => context.Items.TryGetValue(ItemKey, out var activity) ? activity as Activity : null;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (_authenticated && string.IsNullOrWhiteSpace(context.Request.Headers.Authorization))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        var (activity, status, problem) = await ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        if (activity is null)
        {
            await Results.Json(new { error = problem }, statusCode: status).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (!KnownTypes.Contains(activity.Type))
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            return;
        }

        context.Items[ItemKey] = activity;
        await next(context).ConfigureAwait(false);
    }

    private async Task<(Activity?, int, string?)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > _maxBytes)
        {
            return (null, StatusCodes.Status413PayloadTooLarge, "The request body is too large.");
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = _maxBytes;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > _maxBytes)
                {
                    return (null, StatusCodes.Status413PayloadTooLarge, "The request body is too large.");
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, StatusCodes.Status413PayloadTooLarge, "The request body is too large.");
        }

        Activity? activity;
        try
        {
            buffer.Position = 0;
            using var reader = new JsonTextReader(new StreamReader(buffer, new UTF8Encoding(false, throwOnInvalidBytes: true)));
            activity = Serializer.Deserialize<Activity>(reader);
        }
        catch (Exception ex) when (ex is JsonException or DecoderFallbackException or InvalidCastException or FormatException or ArgumentException)
        {
            return (null, StatusCodes.Status400BadRequest, "The body is not a Bot Framework activity.");
        }

        var problem = activity is null ? "The body is not a Bot Framework activity." : Problem(activity);
        return problem is null ? (activity, StatusCodes.Status200OK, null) : (null, StatusCodes.Status400BadRequest, problem);
    }

    /// <summary>What a turn needs: who, where, on which channel, and where replies go unless they come back in the response.</summary>
    private static string? Problem(Activity activity)
    {
        if (string.IsNullOrWhiteSpace(activity.Type))
        {
            return "The activity has no type.";
        }

        if (string.IsNullOrWhiteSpace(activity.ChannelId))
        {
            return "The activity has no channelId.";
        }

        if (string.IsNullOrWhiteSpace(activity.Conversation?.Id))
        {
            return "The activity has no conversation id.";
        }

        if (string.IsNullOrWhiteSpace(activity.From?.Id) && activity.Type == ActivityTypes.Message)
        {
            return "The message has no sender id.";
        }

        var expectsReplies = string.Equals(activity.DeliveryMode, DeliveryModes.ExpectReplies, StringComparison.OrdinalIgnoreCase);
        if (!expectsReplies && !(Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out var serviceUrl)
                                 && (serviceUrl.Scheme == Uri.UriSchemeHttps || serviceUrl.Scheme == Uri.UriSchemeHttp)))
        {
            return "The activity has no valid serviceUrl to reply to.";
        }

        return null;
    }

}
