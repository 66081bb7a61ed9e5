using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FaqBot.Bot.Tests.DirectLine;
using FaqBot.Bot.Tests.Security;
using FaqBot.Core.Feedback;
using FaqBot.Redis;
using FaqBot.Tests.Shared;
using StackExchange.Redis;

namespace FaqBot.Bot.Tests.Storage;

/// <summary>
/// Two bot processes sharing a real redis-server, as two replicas behind a load balancer: one conversation moves
/// between them, their votes land in one log, and losing Redis costs context, not answers.
/// </summary>
public sealed class ReplicaTests
{
    private const string KeyPrefix = "faqbot-test:";

    [RedisFact]
    public async Task Conversation_FollowUpOnReplicaB_ContinuesWhatReplicaAAnswered_AndBothVotesLandInOneLog()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var a = await StartReplicaAsync(redis);
        await using var b = await StartReplicaAsync(redis);
        var conversation = $"shared-{Guid.NewGuid():N}";
        var section = TestKnowledge.Default.Essay.Section("section:diplomacy-in-action-trying-to-talk-it-out");

        var answer = await SayAsync(a, conversation, "what limits does New START set?");
        var more = await SayAsync(b, conversation, "tell me more");
        await SayAsync(b, conversation, "Helpful");
        await SayAsync(a, conversation, "do sanctions fix everything?");
        await SayAsync(a, conversation, "Not helpful");

        Assert.Contains("1,550", answer, StringComparison.Ordinal);
        Assert.Contains(section.Summary.Sentences[0], more, StringComparison.Ordinal);
        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var votes = await new RedisFeedbackLog(connection, KeyPrefix).ReadAllAsync();
        Assert.Equal([FeedbackKind.Helpful, FeedbackKind.NotHelpful], votes.Select(v => v.Kind));
        Assert.Equal(["tell me more", "do sanctions fix everything?"], votes.Select(v => v.Question));
    }

    [RedisFact]
    public async Task WebChat_StartedOnReplicaA_IsPolledAndAnsweredThroughReplicaB()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var a = await StartReplicaAsync(redis);
        await using var b = await StartReplicaAsync(redis);
        using var httpA = new HttpClient { BaseAddress = a.Address };
        using var httpB = new HttpClient { BaseAddress = b.Address };

        var onA = await DirectLineClient.StartAsync(httpA);
        var onB = new DirectLineClient(httpB).Resume(onA);
        var welcome = await onB.PollAsync();
        await onB.SayAsync("are they always enemies?");
        var answer = (await onA.PollAsync())[^1];

        Assert.Contains("United States and Russia", welcome[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("No, not really.", answer.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [RedisFact]
    public async Task RedisStops_TheBotKeepsAnsweringAndIsNotReady_ThenRecoversByItself()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var bot = await StartReplicaAsync(redis);
        using var http = new HttpClient { BaseAddress = bot.Address };
        var conversation = $"outage-{Guid.NewGuid():N}";
        await SayAsync(bot, conversation, "what limits does New START set?");
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode);

        await redis.StopAsync();
        var duringOutage = await SayAsync(bot, conversation, "are they always enemies?");
        await SayAsync(bot, conversation, "give me a recipe for lasagne");
        using var notReady = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
        using var stillAlive = await http.GetAsync(new Uri("/healthz", UriKind.Relative));

        await redis.RestartAsync();
        var ready = await WaitForAsync(http, "/readyz", HttpStatusCode.OK);
        // The state breaker probes Redis again a moment after it returns; context then works again without a restart.
        var summary = TestKnowledge.Default.Essay.Section("section:diplomacy-in-action-trying-to-talk-it-out").Summary.Sentences[0];
        var contextBack = false;
        for (var attempt = 0; attempt < 40 && !contextBack; attempt++)
        {
            await SayAsync(bot, conversation, "what limits does New START set?");
            contextBack = (await SayAsync(bot, conversation, "tell me more")).Contains(summary, StringComparison.Ordinal);
            await Task.Delay(contextBack ? 0 : 250);
        }

        Assert.Contains("No, not really.", duringOutage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        Assert.Contains("storage", await notReady.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, stillAlive.StatusCode);
        Assert.True(ready, "/readyz never returned to 200 after Redis came back.\n" + bot.Output);
        Assert.True(contextBack, "follow-ups never found their context again after Redis came back.\n" + bot.Output);
        var kept = Assert.Single(new FeedbackLog(bot.FeedbackPath).ReadAll());
        Assert.Equal((FeedbackKind.Fallback, "give me a recipe for lasagne"), (kept.Kind, kept.Question));
    }

    private static Task<BotProcess> StartReplicaAsync(RedisServer redis) => BotProcess.StartAsync(new Dictionary<string, string>
    {
        ["Redis:ConnectionString"] = redis.ConnectionString,
        ["Redis:KeyPrefix"] = KeyPrefix,
        ["Redis:OperationTimeout"] = "00:00:00.500",
    });

    /// <summary>A message in a conversation, with expectReplies: the text of every reply.</summary>
    private static async Task<string> SayAsync(BotProcess bot, string conversation, string text)
    {
        using var http = new HttpClient { BaseAddress = bot.Address };
        using var response = await http.PostAsJsonAsync("/api/messages", TestActivities.Message(text, conversation: conversation));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {bot.Output}");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return string.Join("\n", body.RootElement.GetProperty("activities").EnumerateArray().Select(a => a.GetProperty("text").GetString()));
    }

    private static async Task<bool> WaitForAsync(HttpClient http, string path, HttpStatusCode status)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
            if (response.StatusCode == status)
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
