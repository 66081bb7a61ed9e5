using System.Globalization;
using System.Text;
using FaqBot.Bot.Channel;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;
using Newtonsoft.Json;

namespace FaqBot.Bot.DirectLine;

/// <summary>
/// The subset of Direct Line 3.0 that Web Chat uses with <c>webSocket: false</c>: start a conversation, poll its
/// activities by watermark, post an activity, refresh the token. Every call needs a token, and a token opens only
/// its own conversation: a wrong or unknown conversation id gets the same 403, so guessing reveals nothing.
/// </summary>
internal sealed class LocalDirectLine(
    IDirectLineStore store,
    DirectLineTurns turns,
    IOptions<DirectLineOptions> options,
    TimeProvider time,
    ILogger<LocalDirectLine> logger)
{
    /// <summary>No activity a person types in Web Chat comes near this; a larger body is refused unread.</summary>
    public const int MaxActivityBytes = 64 * 1024;

    /// <summary>The Bot Framework's own JSON conventions, compact, for the activities kept for the poll.</summary>
    private static readonly JsonSerializerSettings Settings = new()
    {
        NullValueHandling = NullValueHandling.Ignore,
        Formatting = Formatting.None,
    };

    private readonly DirectLineOptions _options = options.Value;

    /// <summary>A new conversation and a token that opens it: what the page needs to start Web Chat.</summary>
    public async Task<IResult> IssueAsync(CancellationToken cancellationToken)
    {
        var token = DirectLineToken.NewToken();
        var grant = new DirectLineGrant(DirectLineToken.NewId(), "dl_" + DirectLineToken.NewId(), time.GetUtcNow() + _options.TokenLifetime);
        if (!await store.CreateAsync(token, grant, cancellationToken).ConfigureAwait(false))
        {
            logger.LogWarning("Refused a new web chat conversation: {Limit} conversations are open", _options.MaxConversations);
            return Error(StatusCodes.Status503ServiceUnavailable, "ServiceUnavailable", "Too many conversations are open; please try again later.");
        }

        // The page finds the local Direct Line relative to itself, so the bot can sit behind a path prefix.
        var body = TokenBody(token, grant);
        body["domain"] = "v3/directline";
        return Results.Json(body);
    }

    /// <summary>POST /conversations: the conversation the token was issued for; the bot greets the user once.</summary>
    public async Task<IResult> StartAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (grant, token, refusal) = await AuthorizeAsync(request, null, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        if (await store.MarkStartedAsync(grant!.ConversationId, cancellationToken).ConfigureAwait(false))
        {
            var joined = new Activity(ActivityTypes.ConversationUpdate)
            {
                MembersAdded = [new ChannelAccount(grant.UserId, role: RoleTypes.User)],
            };
            await RunTurnAsync(await FillAsync(joined, grant, request, cancellationToken).ConfigureAwait(false), grant, cancellationToken).ConfigureAwait(false);
        }

        return Results.Json(TokenBody(token!, grant), statusCode: StatusCodes.Status201Created);
    }

    /// <summary>GET /conversations/{id}/activities?watermark=N: what happened since the client last looked.</summary>
    public async Task<IResult> ReadAsync(HttpRequest request, string conversationId, string? watermark, CancellationToken cancellationToken)
    {
        var (grant, _, refusal) = await AuthorizeAsync(request, conversationId, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        var seen = 0;
        if (!string.IsNullOrEmpty(watermark) && !int.TryParse(watermark, NumberStyles.None, CultureInfo.InvariantCulture, out seen))
        {
            return Error(StatusCodes.Status400BadRequest, "BadArgument", "The watermark is not a number.");
        }

        var (activities, next) = await store.ReadAsync(grant!.ConversationId, seen, cancellationToken).ConfigureAwait(false);
        var body = new StringBuilder("{\"activities\":[");
        body.AppendJoin(',', activities).Append("],\"watermark\":\"").Append(next.ToString(CultureInfo.InvariantCulture)).Append("\"}");
        return Results.Text(body.ToString(), "application/json", Encoding.UTF8);
    }

    /// <summary>POST /conversations/{id}/activities: a message from the user, answered before the call returns.</summary>
    public async Task<IResult> PostAsync(HttpRequest request, string conversationId, CancellationToken cancellationToken)
    {
        var (grant, _, refusal) = await AuthorizeAsync(request, conversationId, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        var (activity, problem) = await ReadActivityAsync(request, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (activity!.Type != ActivityTypes.Message)
        {
            // Typing indicators and client events need no answer; they are acknowledged and dropped.
            return Results.Json(new { id = string.Empty });
        }

        await FillAsync(activity, grant!, request, cancellationToken).ConfigureAwait(false);
        var accepted = await RunTurnAsync(activity, grant!, cancellationToken).ConfigureAwait(false);
        return accepted
            ? Results.Json(new { id = activity.Id })
            : Error(StatusCodes.Status409Conflict, "ConversationFull", "This conversation is full; reload the page to start a new one.");
    }

    /// <summary>POST /tokens/refresh: a fresh token for the same conversation.</summary>
    public async Task<IResult> RefreshAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (grant, _, refusal) = await AuthorizeAsync(request, null, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        var token = DirectLineToken.NewToken();
        var renewed = grant! with { Expires = time.GetUtcNow() + _options.TokenLifetime };
        return await store.AddTokenAsync(token, renewed, cancellationToken).ConfigureAwait(false)
            ? Results.Json(TokenBody(token, renewed))
            : Error(StatusCodes.Status403Forbidden, "Forbidden", "The token does not open this conversation.");
    }

    /// <summary>Stores the user's activity, runs the turn, stores the replies in order after it.</summary>
    private async Task<bool> RunTurnAsync(Activity activity, DirectLineGrant grant, CancellationToken cancellationToken)
    {
        var stored = activity.Type == ActivityTypes.Message;
        if (stored && !await store.AppendAsync(grant.ConversationId, [Serialize(activity)], cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        var replies = await turns.RunAsync(activity, cancellationToken).ConfigureAwait(false);
        if (replies.Count == 0)
        {
            return true;
        }

        var first = await store.NextSequenceAsync(grant.ConversationId, replies.Count, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var json = new List<string>(replies.Count);
        for (var i = 0; i < replies.Count; i++)
        {
            var reply = replies[i];
            reply.Id = ActivityId(grant.ConversationId, first + i);
            reply.Timestamp = now;
            reply.ChannelId = DirectLineTurns.ChannelId;
            reply.Conversation = new ConversationAccount(id: grant.ConversationId);
            reply.From = turns.Bot;
            reply.Recipient = new ChannelAccount(grant.UserId, role: RoleTypes.User);
            reply.ReplyToId = stored ? activity.Id : null;
            reply.ServiceUrl = null;
            json.Add(Serialize(reply));
        }

        // A conversation that filled up during the turn loses the replies, not the service.
        return await store.AppendAsync(grant.ConversationId, json, cancellationToken).ConfigureAwait(false) || !stored;
    }

    /// <summary>What Web Chat leaves out of a posted activity, and what a client must not choose for itself.</summary>
    private async Task<Activity> FillAsync(Activity activity, DirectLineGrant grant, HttpRequest request, CancellationToken cancellationToken)
    {
        var sequence = await store.NextSequenceAsync(grant.ConversationId, 1, cancellationToken).ConfigureAwait(false);
        activity.Id = ActivityId(grant.ConversationId, sequence);
        activity.Timestamp = time.GetUtcNow();
        activity.ChannelId = DirectLineTurns.ChannelId;
        activity.ServiceUrl = $"{request.Scheme}://{request.Host}/v3/directline";
        activity.Conversation = new ConversationAccount(id: grant.ConversationId);
        activity.From = new ChannelAccount(grant.UserId, Truncate(activity.From?.Name, 100), RoleTypes.User);
        activity.Recipient = turns.Bot;
        activity.ReplyToId = null;
        activity.CallerId = null;
        activity.DeliveryMode = null;
        return activity;
    }

    private async Task<(DirectLineGrant?, string?, IResult?)> AuthorizeAsync(HttpRequest request, string? conversationId, CancellationToken cancellationToken)
    {
        var token = DirectLineToken.FromRequest(request);
        var grant = token is null ? null : await store.FindAsync(token, cancellationToken).ConfigureAwait(false);
        if (grant is null)
        {
            return (null, null, Error(StatusCodes.Status401Unauthorized, "TokenExpired", "A valid Direct Line token is required."));
        }

        return conversationId is null || string.Equals(conversationId, grant.ConversationId, StringComparison.Ordinal)
            ? (grant, token, null)
            : (null, null, Error(StatusCodes.Status403Forbidden, "Forbidden", "The token does not open this conversation."));
    }

    private static async Task<(Activity?, IResult?)> ReadActivityAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (activity, status, problem) = await Channel.ActivityBody.ReadAsync(request, MaxActivityBytes, cancellationToken).ConfigureAwait(false);
        return activity is null
            ? (null, status == StatusCodes.Status413PayloadTooLarge
                ? Error(status, "PayloadTooLarge", "The activity is too large.")
                : Error(StatusCodes.Status400BadRequest, "BadArgument", problem!))
            : activity.Type is { Length: > 0 }
                ? (activity, null)
                : (null, Error(StatusCodes.Status400BadRequest, "MissingProperty", "An activity needs a type."));
    }

    private Dictionary<string, object> TokenBody(string token, DirectLineGrant grant) => new Dictionary<string, object>
    {
        ["conversationId"] = grant.ConversationId,
        ["token"] = token,
        ["expires_in"] = (int)Math.Max(0, (grant.Expires - time.GetUtcNow()).TotalSeconds),
        ["userId"] = grant.UserId,
    };

    private static string ActivityId(string conversationId, long sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{conversationId}|{sequence:D7}");

    private static string Serialize(Activity activity) => JsonConvert.SerializeObject(activity, Settings);

    private static string? Truncate(string? text, int length) => text is null || text.Length <= length ? text : text[..length];

    private static IResult Error(int status, string code, string message) =>
        Results.Json(new { error = new { code, message } }, statusCode: status);
}
