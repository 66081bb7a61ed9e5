using System.Net;
using System.Text;
using System.Text.Json;
using FaqBot.Bot.Tests.Hosting;
using FaqBot.Tests.Shared;
using Microsoft.Extensions.Time.Testing;

namespace FaqBot.Bot.Tests.DirectLine;

[Collection(DefaultBot.Name)]
public sealed class LocalDirectLineTests
{
    private readonly TestBot _bot;

    public LocalDirectLineTests(TestBot bot) => _bot = bot;

    [Fact]
    public async Task StartConversation_Twice_WelcomesTheUserOnceWithTheEssayTitle()
    {
        using var http = await _bot.ReadyClientAsync();
        var chat = await DirectLineClient.StartAsync(http);
        using var again = await chat.SendAsync(HttpMethod.Post, "/v3/directline/conversations");

        var activities = await chat.PollAsync();

        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        var welcome = Assert.Single(activities);
        Assert.Contains("United States and Russia", Text(welcome), StringComparison.Ordinal);
        Assert.Equal("bot", welcome.GetProperty("from").GetProperty("role").GetString());
    }

    [Fact]
    public async Task PostMessage_PollReturnsTheUsersOwnActivityThenTheAnswer()
    {
        using var http = await _bot.ReadyClientAsync();
        var chat = await DirectLineClient.StartAsync(http);
        await chat.PollAsync();

        var id = await chat.SayAsync("are they always enemies?", clientActivityId: "abc-123");
        var activities = await chat.PollAsync();

        Assert.Equal(2, activities.Count);
        var (mine, answer) = (activities[0], activities[1]);
        Assert.Equal(id, mine.GetProperty("id").GetString());
        Assert.Equal("abc-123", mine.GetProperty("channelData").GetProperty("clientActivityID").GetString());
        Assert.Equal(chat.UserId, mine.GetProperty("from").GetProperty("id").GetString());
        Assert.Contains("No, not really.", Text(answer), StringComparison.Ordinal);
        Assert.Equal(id, answer.GetProperty("replyToId").GetString());
        Assert.Empty(await chat.PollAsync());
    }

    [Fact]
    public async Task PostMessage_ClickedButton_IsAnsweredWithWhatItsValueNames()
    {
        using var http = await _bot.ReadyClientAsync();
        var chat = await DirectLineClient.StartAsync(http);
        var welcome = Assert.Single(await chat.PollAsync());
        var button = welcome.GetProperty("attachments")[0].GetProperty("content").GetProperty("buttons")[0];

        // What Web Chat posts for a messageBack button: its text, and its value as it came.
        using var posted = await chat.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{chat.ConversationId}/activities", new
        {
            type = "message",
            text = button.GetProperty("text").GetString(),
            value = button.GetProperty("value"),
            from = new { id = chat.UserId },
        });
        var answer = (await chat.PollAsync())[1];

        Assert.Equal("messageBack", button.GetProperty("type").GetString());
        var faq = TestKnowledge.Default.Essay.Faq(button.GetProperty("value").GetProperty("id").GetString()!);
        Assert.Contains(Core.Text.SentenceSplitter.Split(faq.Answer)[0], Text(answer), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostMessage_FromAnotherUserId_IsRecordedAsTheTokensUser()
    {
        using var http = await _bot.ReadyClientAsync();
        var chat = await DirectLineClient.StartAsync(http);
        await chat.PollAsync();

        using var response = await chat.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{chat.ConversationId}/activities",
            new { type = "message", text = "hi", from = new { id = "someone-else", role = "bot" } });
        var mine = (await chat.PollAsync())[0];

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(chat.UserId, mine.GetProperty("from").GetProperty("id").GetString());
        Assert.Equal("user", mine.GetProperty("from").GetProperty("role").GetString());
    }

    [Fact]
    public async Task Token_OpensOnlyItsOwnConversation_AndAnotherIdLooksLikeANonexistentOne()
    {
        using var http = await _bot.ReadyClientAsync();
        var alice = await DirectLineClient.StartAsync(http);
        var bob = await DirectLineClient.StartAsync(http);
        await bob.SayAsync("are they always enemies?");

        using var othersConversation = await alice.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{bob.ConversationId}/activities");
        using var noSuchConversation = await alice.SendAsync(HttpMethod.Get, "/v3/directline/conversations/guessed-id/activities");
        using var postToOthers = await alice.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{bob.ConversationId}/activities",
            new { type = "message", text = "hello bob" });

        Assert.Equal(HttpStatusCode.Forbidden, othersConversation.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, noSuchConversation.StatusCode);
        Assert.Equal(await noSuchConversation.Content.ReadAsStringAsync(), await othersConversation.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, postToOthers.StatusCode);
        Assert.DoesNotContain(await bob.PollAsync(), a => Text(a) == "hello bob");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-token")]
    public async Task Requests_WithoutAValidToken_Are401(string? token)
    {
        using var http = await _bot.ReadyClientAsync();
        var chat = await DirectLineClient.StartAsync(http);

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/v3/directline/conversations/{chat.ConversationId}/activities", UriKind.Relative));
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("{not json", HttpStatusCode.BadRequest)]
    [InlineData("{\"text\":\"no type\"}", HttpStatusCode.BadRequest)]
    [InlineData("[1,2,3]", HttpStatusCode.BadRequest)]
    [InlineData("{\"type\":\"message\",\"text\":{\"nested\":true}}", HttpStatusCode.BadRequest)]
    [InlineData("{\"type\":\"message\",\"text\":\"hi\",\"locale\":[\"en\"]}", HttpStatusCode.BadRequest)]
    [InlineData("{\"type\":\"message\",\"text\":\"hi\",\"entities\":[null]}", HttpStatusCode.BadRequest)]
    // Newtonsoft reads $type and $ref as instructions unless told not to; an object under $type threw inside it (500).
    [InlineData("{\"type\":\"message\",\"text\":\"hi\",\"conversation\":{\"$type\":{\"name\":\"x\"}}}", HttpStatusCode.OK)]
    [InlineData("{\"type\":\"message\",\"text\":\"hi\",\"from\":{\"$ref\":\"1\"}}", HttpStatusCode.OK)]
    public async Task PostActivity_Malformed_Is400AndTheConversationGoesOn(string body, HttpStatusCode expected)
    {
        using var http = await _bot.ReadyClientAsync();
        var chat = await DirectLineClient.StartAsync(http);
        await chat.PollAsync();

        using var response = await chat.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{chat.ConversationId}/activities",
            new StringContent(body, Encoding.UTF8, "application/json"));
        await chat.SayAsync("are they always enemies?");

        Assert.Equal(expected, response.StatusCode);
        Assert.Contains("No, not really.", Text((await chat.PollAsync())[^1]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostActivity_LargerThanAnyRealMessage_Is413()
    {
        using var http = await _bot.ReadyClientAsync();
        var chat = await DirectLineClient.StartAsync(http);

        using var response = await chat.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{chat.ConversationId}/activities",
            new { type = "message", text = new string('a', 100_000) });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Poll_WithAWatermarkThatIsNotANumber_Is400()
    {
        using var http = await _bot.ReadyClientAsync();
        var chat = await DirectLineClient.StartAsync(http);

        using var response = await chat.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{chat.ConversationId}/activities?watermark=abc");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static string? Text(JsonElement activity) => activity.TryGetProperty("text", out var text) ? text.GetString() : null;
}

public sealed class DirectLineTokenLifetimeTests
{
    [Fact]
    public async Task Token_AfterItsLifetime_Is401_AndARefreshedTokenKeepsTheConversation()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var bot = new TestBot(new Dictionary<string, string?> { ["DirectLine:TokenLifetime"] = "00:30:00" }, time);
        using var http = await bot.ReadyClientAsync();
        var chat = await DirectLineClient.StartAsync(http);
        await chat.SayAsync("are they always enemies?");

        time.Advance(TimeSpan.FromMinutes(15));
        using var refreshed = await chat.SendAsync(HttpMethod.Post, "/v3/directline/tokens/refresh");
        using var body = JsonDocument.Parse(await refreshed.Content.ReadAsStringAsync());
        var oldToken = chat.Token;
        time.Advance(TimeSpan.FromMinutes(20));

        using var withOld = await chat.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{chat.ConversationId}/activities");
        chat.Token = body.RootElement.GetProperty("token").GetString()!;
        var history = await chat.PollAsync();

        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.Equal(chat.ConversationId, body.RootElement.GetProperty("conversationId").GetString());
        Assert.NotEqual(oldToken, chat.Token);
        Assert.Equal(HttpStatusCode.Unauthorized, withOld.StatusCode);
        Assert.Equal(3, history.Count);
    }
}
