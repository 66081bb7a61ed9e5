using System.Globalization;
using System.Threading.RateLimiting;
using FaqBot.Bot.DirectLine;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;

namespace FaqBot.Bot.Channel;

/// <summary>
/// ASP.NET Core's rate limiter over every request: messages per user and per conversation (both must have room),
/// web chat conversations per client address, and Direct Line posts per token. A refused request gets 429 with
/// Retry-After and costs nothing more.
/// </summary>
internal static class RateLimits
{
    private const string DirectLineTokenPath = "/api/directline/token";
    private const string DirectLinePrefix = "/v3/directline/conversations/";

    public static IServiceCollection AddFaqBotRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<ChannelOptions>>((limiter, channel) =>
        {
            var limits = channel.Value;
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = static (context, _) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }

                return ValueTask.CompletedTask;
            };
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => IncomingActivity.Of(context) is { Type: ActivityTypes.Message } message
                    ? PerMinute($"user:{message.ChannelId}:{message.From.Id}", limits.MessagesPerUserPerMinute)
                    : RateLimitPartition.GetNoLimiter(string.Empty)),
                PartitionedRateLimiter.Create<HttpContext, string>(context => IncomingActivity.Of(context) is { Type: ActivityTypes.Message } message
                    ? PerMinute($"conversation:{message.ChannelId}:{message.Conversation.Id}", limits.MessagesPerConversationPerMinute)
                    : RateLimitPartition.GetNoLimiter(string.Empty)),
                PartitionedRateLimiter.Create<HttpContext, string>(context => WebChatPartition(context, limits)));
        });
        return services;
    }

    private static RateLimitPartition<string> WebChatPartition(HttpContext context, ChannelOptions limits)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method))
        {
            return RateLimitPartition.GetNoLimiter(string.Empty);
        }

        if (request.Path.Equals(DirectLineTokenPath, StringComparison.OrdinalIgnoreCase))
        {
            return PerMinute($"webchat:{context.Connection.RemoteIpAddress}", limits.WebChatConversationsPerAddressPerMinute);
        }

        // A token is unforgeable, so a stranger cannot spend a visitor's allowance; a bad token gets its own (and a 401).
        return request.Path.StartsWithSegments(DirectLinePrefix.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)
               && DirectLineToken.FromRequest(request) is { } token
            ? PerMinute($"directline:{DirectLineToken.Hash(token)}", limits.MessagesPerUserPerMinute)
            : RateLimitPartition.GetNoLimiter(string.Empty);
    }

    private static RateLimitPartition<string> PerMinute(string key, int permits) => RateLimitPartition.GetFixedWindowLimiter(key,
        _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0, AutoReplenishment = true });
}
