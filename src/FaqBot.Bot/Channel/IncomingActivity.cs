using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;

namespace FaqBot.Bot.Channel;

/// <summary>
/// Reads POST /api/messages before anything else looks at it: a bounded body (413), an activity as
/// <see cref="ActivitySchema"/> reads one, with the fields a turn needs (400), unknown activity types acknowledged and
/// ignored (200). In authenticated mode a request with no token, or with one that cannot be valid
/// (<see cref="BearerToken"/>), is refused (401) before its body is read. The parsed activity is left for the rate
/// limiter and the endpoint.
/// </summary>
internal sealed class IncomingActivity(IOptions<ChannelOptions> options, IConfiguration configuration) : IMiddleware
{
    private static readonly object ItemKey = new();

    /// <summary>Longer than any id a channel issues (Teams thread ids with a message id run to about a hundred characters).</summary>
    private const int MaxIdLength = 512;
    private static readonly HashSet<string> KnownTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        ActivityTypes.Message, ActivityTypes.ConversationUpdate, ActivityTypes.ContactRelationUpdate, ActivityTypes.Typing,
        ActivityTypes.EndOfConversation, ActivityTypes.Event, ActivityTypes.Invoke, ActivityTypes.DeleteUserData,
        ActivityTypes.MessageUpdate, ActivityTypes.MessageDelete, ActivityTypes.InstallationUpdate, ActivityTypes.MessageReaction,
        ActivityTypes.Suggestion, ActivityTypes.Trace, ActivityTypes.Handoff, ActivityTypes.Command, ActivityTypes.CommandResult,
    };

    private readonly int _maxBytes = options.Value.MaxRequestBytes;
    private readonly bool _authenticated = !string.IsNullOrWhiteSpace(configuration["MicrosoftAppId"]);

    /// <summary>The activity this request carries, once the middleware has accepted it.</summary>
    public static Activity? Of(HttpContext context) => context.Items.TryGetValue(ItemKey, out var activity) ? activity as Activity : null;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (_authenticated && !BearerToken.CouldBeValid(context.Request.Headers.Authorization))
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
        var (activity, status, problem) = await ActivityBody.ReadAsync(request, _maxBytes, cancellationToken).ConfigureAwait(false);
        problem ??= Problem(activity!);
        return problem is null ? (activity, StatusCodes.Status200OK, null) : (null, status == StatusCodes.Status200OK ? StatusCodes.Status400BadRequest : status, problem);
    }

    private static IEnumerable<string?> Ids(Activity activity) =>
        new[] { activity.Id, activity.ReplyToId, activity.Conversation?.Id, activity.From?.Id, activity.Recipient?.Id }
            .Concat((activity.MembersAdded ?? []).Concat(activity.MembersRemoved ?? []).Select(member => member.Id));

    /// <summary>What a turn needs (who, where, on which channel, where replies go), and nothing FaqBot cannot serve.</summary>
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

        // Channels issue ASCII ids, and the SDK sends this one back in a header (x-ms-conversation-id) of every reply.
        if (activity.Conversation.Id.Any(c => c is < ' ' or > '~'))
        {
            return "The conversation id is not printable ASCII.";
        }

        // Ids go into the URLs of replies and member look-ups, escaped up to three characters each; real ones are far shorter.
        if (Ids(activity).Any(id => id?.Length > MaxIdLength))
        {
            return $"An id is longer than {MaxIdLength} characters.";
        }

        if (string.IsNullOrWhiteSpace(activity.From?.Id) && activity.Type == ActivityTypes.Message)
        {
            return "The message has no sender id.";
        }

        // The SDK's Teams handler looks each new or departed member up by id.
        if ((activity.MembersAdded ?? []).Concat(activity.MembersRemoved ?? []).Any(member => string.IsNullOrWhiteSpace(member.Id)))
        {
            return "A member added or removed has no id.";
        }

        // The SDK builds its connector client from the service URL before every turn, even when replies come back inline.
        if (!(Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out var serviceUrl)
              && (serviceUrl.Scheme == Uri.UriSchemeHttps || serviceUrl.Scheme == Uri.UriSchemeHttp)))
        {
            return "The activity has no valid serviceUrl to reply to.";
        }

        // FaqBot offers no messaging extension, task module, sign-in, card action or health check: the SDK answers every invoke 501.
        if (string.Equals(activity.Type, ActivityTypes.Invoke, StringComparison.OrdinalIgnoreCase))
        {
            return "FaqBot answers no invoke activities.";
        }

        return null;
    }
}
