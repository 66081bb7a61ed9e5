using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FaqBot.Bot.Tests.Security;
using FaqBot.Core.Feedback;
using Xunit.Abstractions;

namespace FaqBot.Bot.Tests.Activities;

/// <summary>
/// A vote the bot has thanked the user for is on disk, whatever happens next: the bot process is killed (SIGKILL) while
/// voters keep voting, started again on the same log and killed again; afterwards every acknowledged vote is in the
/// file and every line of it is a whole record.
/// </summary>
public sealed class FeedbackCrashTests(ITestOutputHelper output)
{
    private const int Voters = 8;
    private const int AcknowledgedBeforeKill = 60;

    [Fact]
    public async Task Votes_BotKilledWhileTheyAreWritten_EveryAcknowledgedVoteIsInTheLogAndTheLogParses()
    {
        var log = Path.Combine(Path.GetTempPath(), $"faqbot-crash-feedback-{Guid.NewGuid():N}.jsonl");
        var acknowledged = new ConcurrentDictionary<string, int>();
        try
        {
            for (var round = 0; round < 2; round++)
            {
                await using var bot = await BotProcess.StartAsync(
                    new Dictionary<string, string>
                    {
                        ["Channel:MessagesPerUserPerMinute"] = "100000",
                        ["Channel:MessagesPerConversationPerMinute"] = "100000",
                        ["Logging:LogLevel:Default"] = "Warning",
                    },
                    feedbackPath: log);
                var enough = new TaskCompletionSource();
                var counted = 0;
                var voters = Enumerable.Range(0, Voters).Select(voter => VoteUntilStoppedAsync(bot, $"crash-{round}-{voter}-{Guid.NewGuid():N}", conversation =>
                {
                    acknowledged.AddOrUpdate(OpaqueId(conversation), 1, (_, n) => n + 1);
                    if (Interlocked.Increment(ref counted) == AcknowledgedBeforeKill)
                    {
                        enough.SetResult();
                    }
                })).ToList();

                // Bounded, so a bot that never thanks anyone fails the test instead of hanging it.
                await enough.Task.WaitAsync(TimeSpan.FromMinutes(2));
                await bot.KillAsync();
                await Task.WhenAll(voters);
            }

            var lines = await File.ReadAllLinesAsync(log);
            var records = lines.Select(line => JsonSerializer.Deserialize<FeedbackRecord>(line, new JsonSerializerOptions(JsonSerializerDefaults.Web))!).ToList();
            output.WriteLine($"{acknowledged.Values.Sum()} votes acknowledged, {records.Count} records in the log after two kills");

            Assert.EndsWith("\n", await File.ReadAllTextAsync(log), StringComparison.Ordinal);
            Assert.All(records, r => Assert.Equal(FeedbackKind.Helpful, r.Kind));
            var kept = records.GroupBy(r => r.Conversation).ToDictionary(g => g.Key, g => g.Count());
            Assert.All(acknowledged, vote => Assert.True(kept.GetValueOrDefault(vote.Key) >= vote.Value,
                $"conversation {vote.Key}: {vote.Value} votes acknowledged, {kept.GetValueOrDefault(vote.Key)} in the log"));
        }
        finally
        {
            File.Delete(log);
        }
    }

    /// <summary>Asks and votes Helpful in one conversation, over and over, until the bot is gone; reports each vote it was thanked for.</summary>
    private static async Task VoteUntilStoppedAsync(BotProcess bot, string conversation, Action<string> acknowledged)
    {
        using var http = new HttpClient { BaseAddress = bot.Address };
        try
        {
            while (true)
            {
                using var asked = await http.PostAsJsonAsync("/api/messages", TestActivities.Message("are they always enemies?", conversation: conversation));
                asked.EnsureSuccessStatusCode();
                using var voted = await http.PostAsJsonAsync("/api/messages", TestActivities.Message("Helpful", conversation: conversation));
                if (voted.IsSuccessStatusCode && (await voted.Content.ReadAsStringAsync()).Contains("Thanks for telling me", StringComparison.Ordinal))
                {
                    acknowledged(conversation);
                }
            }
        }
        catch (HttpRequestException)
        {
            // The bot was killed: the vote in flight was never acknowledged.
        }
    }

    /// <summary>The opaque conversation id a record carries: the first 16 hex digits of the id's SHA-256.</summary>
    private static string OpaqueId(string conversation) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(conversation)))[..16];
}
