using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FaqBot.Bot.Tests.Hosting;
using FaqBot.Bot.Storage;
using FaqBot.Core.Feedback;
using FaqBot.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FaqBot.Bot.Tests.Storage;

/// <summary>
/// Redis stops mid-conversation: the bot still answers, /readyz says 503 naming storage while /healthz stays 200, the
/// fallback's feedback record lands in the local file; once Redis is back /readyz returns to 200, and once the state
/// breaker's break has passed on the bot's clock, follow-ups find their context again, with no restart.
/// </summary>
public sealed class RedisOutageTests
{
    [RedisFact]
    public async Task RedisStops_TheBotKeepsAnsweringAndIsNotReady_ThenRecoversByItself()
    {
        await using var redis = await RedisServer.StartAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var bot = new TestBot(
            new Dictionary<string, string?>
            {
                ["Redis:ConnectionString"] = redis.ConnectionString,
                ["Redis:KeyPrefix"] = "faqbot-outage-test:",
                ["Redis:OperationTimeout"] = "00:00:00.500",
            },
            time);
        using var http = await bot.ReadyClientAsync();
        var conversation = $"outage-{Guid.NewGuid():N}";
        await SayAsync(http, conversation, "what limits does New START set?");
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode);

        await redis.StopAsync();
        var duringOutage = await SayAsync(http, conversation, "are they always enemies?");
        await SayAsync(http, conversation, "give me a recipe for lasagne");
        using var notReady = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
        using var stillAlive = await http.GetAsync(new Uri("/healthz", UriKind.Relative));

        // StackExchange.Redis reconnects by itself; the test waits for that event rather than polling.
        var reconnected = new TaskCompletionSource();
        bot.Services.GetRequiredService<RedisConnection>().Multiplexer.ConnectionRestored += (_, _) => reconnected.TrySetResult();
        await redis.RestartAsync();
        await reconnected.Task.WaitAsync(TimeSpan.FromMinutes(1));
        using var ready = await http.GetAsync(new Uri("/readyz", UriKind.Relative));

        // The outage opened the state breaker; past its break on the bot's clock, the next turn's read closes it.
        time.Advance(TimeSpan.FromSeconds(3));
        await SayAsync(http, conversation, "what limits does New START set?");
        var more = await SayAsync(http, conversation, "tell me more");

        Assert.Contains("No, not really.", duringOutage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        Assert.Contains("storage", await notReady.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, stillAlive.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var summary = TestKnowledge.Default.Essay.Section("section:diplomacy-in-action-trying-to-talk-it-out").Summary.Sentences[0];
        Assert.Contains(summary, more, StringComparison.Ordinal);
        var kept = Assert.Single(new FeedbackLog(bot.FeedbackPath).ReadAll());
        Assert.Equal((FeedbackKind.Fallback, "give me a recipe for lasagne"), (kept.Kind, kept.Question));
    }

    /// <summary>A message in a conversation, with expectReplies: the text of every reply.</summary>
    private static async Task<string> SayAsync(HttpClient http, string conversation, string text)
    {
        using var response = await http.PostAsJsonAsync("/api/messages", TestActivities.Message(text, conversation: conversation));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return string.Join("\n", body.RootElement.GetProperty("activities").EnumerateArray().Select(a => a.GetProperty("text").GetString()));
    }
}
