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
/// between them and their votes land in one log. (Losing Redis: <see cref="RedisOutageTests"/>.)
/// </summary>
public sealed class ReplicaTests(ReplicaTests.TwoReplicas replicas) : IClassFixture<ReplicaTests.TwoReplicas>
{
    private const string KeyPrefix = "faqbot-test:";

    [RedisFact]
    public async Task Conversation_FollowUpOnReplicaB_ContinuesWhatReplicaAAnswered_AndBothVotesLandInOneLog()
    {
        var (redis, a, b) = (replicas.Redis, replicas.A, replicas.B);
        var conversation = $"shared-{Guid.NewGuid():N}";
        var section = TestKnowledge.Default.Essay.Section("section:diplomacy-in-action-trying-to-talk-it-out");

        var answer = await SayAsync(a, conversation, "what limits does New START set?");
        var more = await SayAsync(b, conversation, "tell me more");
        await SayAsync(b, conversation, "Helpful");
        await SayAsync(a, conversation, "do sanctions fix everything?");
        await SayAsync(a, conversation, "Not helpful");

        Assert.Contains("1,550", answer, StringComparison.Ordinal);
        Assert.True(more.Contains(section.Summary.Sentences[0], StringComparison.Ordinal), $"{more}\nA:\n{a.Output}\nB:\n{b.Output}");
        using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var votes = await new RedisFeedbackLog(connection, KeyPrefix).ReadAllAsync();
        Assert.Equal([FeedbackKind.Helpful, FeedbackKind.NotHelpful], votes.Select(v => v.Kind));
        Assert.Equal(["tell me more", "do sanctions fix everything?"], votes.Select(v => v.Question));
    }

    [RedisFact]
    public async Task WebChat_StartedOnReplicaA_IsPolledAndAnsweredThroughReplicaB()
    {
        var (a, b) = (replicas.A, replicas.B);
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

    /// <summary>One redis-server and two replicas on it, shared by the tests of the class (each uses conversations of its own).</summary>
    public sealed class TwoReplicas : IAsyncLifetime
    {
        public RedisServer Redis { get; private set; } = null!;

        public BotProcess A { get; private set; } = null!;

        public BotProcess B { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            if (!File.Exists(RedisServer.ExecutablePath))
            {
                return;
            }

            Redis = await RedisServer.StartAsync();
            var starting = new[] { StartReplicaAsync(Redis), StartReplicaAsync(Redis) };
            (A, B) = (await starting[0], await starting[1]);
        }

        public async Task DisposeAsync()
        {
            foreach (var replica in new[] { A, B }.Where(r => r is not null))
            {
                await replica.DisposeAsync();
            }

            if (Redis is not null)
            {
                await Redis.DisposeAsync();
            }
        }

        private static Task<BotProcess> StartReplicaAsync(RedisServer redis) => BotProcess.StartAsync(new Dictionary<string, string>
        {
            ["Redis:ConnectionString"] = redis.ConnectionString,
            ["Redis:KeyPrefix"] = KeyPrefix,
            // Sharing, not slowness, is tested here (RedisOutageTests has the short timeout): a replica's first calls
            // on a busy CI machine can take over half a second, and a write skipped then loses the follow-up's context.
            ["Redis:OperationTimeout"] = "00:00:05",
        });
    }

    /// <summary>A message in a conversation, with expectReplies: the text of every reply.</summary>
    private static async Task<string> SayAsync(BotProcess bot, string conversation, string text)
    {
        using var http = new HttpClient { BaseAddress = bot.Address };
        using var response = await http.PostAsJsonAsync("/api/messages", TestActivities.Message(text, conversation: conversation));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {bot.Output}");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return string.Join("\n", body.RootElement.GetProperty("activities").EnumerateArray().Select(a => a.GetProperty("text").GetString()));
    }
}
