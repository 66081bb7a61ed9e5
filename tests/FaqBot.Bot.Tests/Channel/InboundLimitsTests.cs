using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FaqBot.Bot.Tests.Hosting;

namespace FaqBot.Bot.Tests.Channel;

/// <summary>What anyone on the internet can send to /api/messages, and what they get back.</summary>
public sealed class InboundLimitsTests : IClassFixture<TestBot>
{
    private readonly TestBot _bot;

    public InboundLimitsTests(TestBot bot) => _bot = bot;

    [Fact]
    public async Task PostMessages_BodyOverTheLimit_Is413()
    {
        using var http = await _bot.ReadyClientAsync();

        using var response = await http.PostAsJsonAsync("/api/messages", TestActivities.Message(new string('a', 300 * 1024)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData("{\"type\":\"message\"")]
    [InlineData("[]")]
    [InlineData("\"message\"")]
    [InlineData("{\"type\":\"message\",\"from\":\"not an object\"}")]
    public async Task PostMessages_NotAnActivity_Is400(string body)
    {
        using var http = await _bot.ReadyClientAsync();

        using var response = await http.PostAsync(new Uri("/api/messages", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("type")]
    [InlineData("channelId")]
    [InlineData("conversation")]
    [InlineData("from")]
    [InlineData("serviceUrl")]
    public async Task PostMessages_MissingARequiredField_Is400AndSaysWhich(string field)
    {
        using var http = await _bot.ReadyClientAsync();
        var activity = JsonSerializer.SerializeToNode(TestActivities.Message("are they always enemies?"))!.AsObject();
        activity.Remove("deliveryMode");
        activity.Remove(field);

        using var response = await http.PostAsJsonAsync("/api/messages", activity);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field == "conversation" ? "conversation id" : field == "from" ? "sender" : field, await response.Content.ReadAsStringAsync(),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostMessages_UnknownActivityType_IsAcknowledgedAndIgnored()
    {
        using var http = await _bot.ReadyClientAsync();
        var activity = JsonSerializer.SerializeToNode(TestActivities.Message("are they always enemies?"))!.AsObject();
        activity["type"] = "somethingNew";

        using var response = await http.PostAsJsonAsync("/api/messages", activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task PostMessages_UserOverTheirRate_Gets429WithRetryAfter_WhileOthersAreAnswered()
    {
        await using var bot = new TestBot(new Dictionary<string, string?> { ["Channel:MessagesPerUserPerMinute"] = "3" });
        using var http = await bot.ReadyClientAsync();

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
        await using var bot = new TestBot(new Dictionary<string, string?> { ["Channel:MessagesPerConversationPerMinute"] = "2" });
        using var http = await bot.ReadyClientAsync();

        using var first = await http.PostAsJsonAsync("/api/messages", TestActivities.Message("hi", user: "a", conversation: "busy"));
        using var second = await http.PostAsJsonAsync("/api/messages", TestActivities.Message("hi", user: "b", conversation: "busy"));
        using var third = await http.PostAsJsonAsync("/api/messages", TestActivities.Message("hi", user: "c", conversation: "busy"));

        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
    }

    [Fact]
    public async Task PostDirectLineToken_OverTheAddressRate_Is429()
    {
        await using var bot = new TestBot(new Dictionary<string, string?> { ["Channel:WebChatConversationsPerAddressPerMinute"] = "2" });
        using var http = await bot.ReadyClientAsync();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await http.PostAsync(new Uri("/api/directline/token", UriKind.Relative), null);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }
}
