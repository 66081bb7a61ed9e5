using System.Collections.Concurrent;
using CsCheck;
using Xunit.Abstractions;

namespace FaqBot.Bot.Tests.Channel;

/// <summary>
/// Property: whatever JSON value any field of an activity holds (wrong types, empty, huge, lone surrogates, control
/// characters, nesting), the real host answers below 500, on /api/messages and on the local Direct Line, and a turn it
/// accepts does not fail (unless the activity sends its replies somewhere that cannot take them): wrong input is refused
/// at the validation layer. CsCheck generates thousands of activities per run from a new seed each time and, on a
/// failure, keeps sampling for the smallest failing one, which it prints with the seed that replays it
/// (CsCheck_Seed=... dotnet test ...).
/// </summary>
[Collection(FuzzedBot.Collection)]
public sealed class ActivityPropertyTests(FuzzedBot host, ITestOutputHelper output)
{
    /// <summary>Cases per endpoint per run; FUZZ_CASES raises it for a longer local hunt.</summary>
    private static readonly int Cases = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_CASES"), out var cases) ? cases : 4_000;

    [Fact]
    public async Task PostMessages_AnyFieldAnyJsonValue_NeverAnswers5xxNorFailsTheTurn()
    {
        var statuses = new ConcurrentDictionary<int, int>();
        var cases = 0;
        await ActivityShape.Mutated(ActivityShape.Channel(host.Channel.ServiceUrl)).SampleAsync(
            async activity =>
            {
                // Replies of each case go to a service URL of their own, so a failed turn is pinned on the case that caused it.
                var caller = $"case-{Interlocked.Increment(ref cases)}";
                var posted = activity["serviceUrl"] is Json.Str { Value: var url } && url == host.Channel.ServiceUrl
                    ? activity.With(["serviceUrl"], new Json.Str(host.Channel.ServiceUrlFor(caller)))
                    : activity;
                var failedBefore = host.FailedTurns;
                var status = await host.PostAsync("/api/messages", posted, token: null);
                statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
                Assert.True(status < 500, $"{status} for {Print(activity)}");

                // A turn may fail only when the activity sends its replies somewhere that cannot take them.
                Assert.True(ReferenceEquals(posted, activity) || host.FailedTurns == failedBefore, $"the turn failed for {Print(activity)}");
            },
            iter: Cases, threads: 1, print: Print);

        output.WriteLine($"{statuses.Values.Sum()} activities: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Value} x {s.Key}")));
        await host.AssertStillAnswersAsync();
    }

    [Fact]
    public async Task PostDirectLineActivity_AnyFieldAnyJsonValue_NeverAnswers5xxNorFailsTheTurn()
    {
        var statuses = new ConcurrentDictionary<int, int>();
        var chats = await host.ChatsAsync(Cases / 100 + 1);
        await Gen.Int[0, chats.Count - 1].SelectMany(chat => ActivityShape.Mutated(ActivityShape.WebChat(chats[chat].UserId)).Select(activity => (chats[chat], activity)))
            .SampleAsync(
                async sample =>
                {
                    var (chat, activity) = sample;
                    var failedBefore = host.FailedTurns;
                    var status = await host.PostAsync($"/v3/directline/conversations/{chat.ConversationId}/activities", activity, chat.Token);
                    statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
                    Assert.True(status < 500, $"{status} for {Print(activity)}");
                    Assert.True(host.FailedTurns == failedBefore, $"the turn failed for {Print(activity)}");
                },
                iter: Cases, threads: 1, print: sample => Print(sample.activity));

        output.WriteLine($"{statuses.Values.Sum()} activities: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Value} x {s.Key}")));
        await host.AssertStillAnswersAsync();
    }

    /// <summary>The body as posted, cut short where a field holds megabytes.</summary>
    private static string Print(Json.Obj activity)
    {
        var text = activity.ToString();
        return text.Length <= 4_000 ? text : $"{text[..4_000]}... ({text.Length} characters)";
    }
}
