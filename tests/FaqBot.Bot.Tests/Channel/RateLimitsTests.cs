using System.Net;
using System.Net.Http.Json;
using FaqBot.Bot.Tests.Hosting;

namespace FaqBot.Bot.Tests.Channel;

/// <summary>
/// The rate limits, on one bot with low limits for all of them: each test spends the allowance of its own user,
/// conversation or (for web chat) of the one client address only it uses.
/// </summary>
public sealed class RateLimitsTests(RateLimitsTests.LimitedBot limited) : IClassFixture<RateLimitsTests.LimitedBot>
{
    [Fact]
    public async Task PostMessages_UserOverTheirRate_Gets429WithRetryAfter_WhileOthersAreAnswered()
    {
        using var http = await limited.ReadyClientAsync();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await http.PostAsJsonAsync("/api/messages", TestActivities.Message("are they always enemies?", user: "chatty"));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
            }
        }

        using var someoneElse = await http.PostAsJsonAsync("/api/messages", TestActivities.Message("are they always enemies?", user: "quiet"));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.OK, someoneElse.StatusCode);
    }

    [Fact]
    public async Task PostMessages_ConversationOverItsRate_Gets429EvenFromDifferentUsers()
    {
        using var http = await limited.ReadyClientAsync();

        using var first = await http.PostAsJsonAsync("/api/messages", TestActivities.Message("hi", user: "a", conversation: "busy"));
        using var second = await http.PostAsJsonAsync("/api/messages", TestActivities.Message("hi", user: "b", conversation: "busy"));
        using var third = await http.PostAsJsonAsync("/api/messages", TestActivities.Message("hi", user: "c", conversation: "busy"));

        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
    }

    [Fact]
    public async Task PostDirectLineToken_OverTheAddressRate_Is429()
    {
        using var http = await limited.ReadyClientAsync();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await http.PostAsync(new Uri("/api/directline/token", UriKind.Relative), null);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    /// <summary>Three messages a minute per user, two per conversation, two new web chat conversations per address.</summary>
    /// <remarks>An <see cref="IAsyncLifetime"/>, since xunit 2 never disposes a fixture that is only IAsyncDisposable.</remarks>
    public sealed class LimitedBot : IAsyncLifetime
    {
        private readonly TestBot _bot = new(new Dictionary<string, string?>
        {
            ["Channel:MessagesPerUserPerMinute"] = "3",
            ["Channel:MessagesPerConversationPerMinute"] = "2",
            ["Channel:WebChatConversationsPerAddressPerMinute"] = "2",
        });

        public Task<HttpClient> ReadyClientAsync() => _bot.ReadyClientAsync();

        public Task InitializeAsync() => Task.CompletedTask;

        public Task DisposeAsync() => _bot.DisposeAsync().AsTask();
    }
}
