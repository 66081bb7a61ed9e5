using System.Net;
using System.Net.Http.Json;
using FaqBot.Bot.Tests.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace FaqBot.Bot.Tests.Channel;

/// <summary>Replies go back to the channel's service URL over HTTP: throttling and failures there must lose nothing and break nothing.</summary>
public sealed class ChannelResilienceTests
{
    /// <summary>Short delays so the tests wait milliseconds, not the production seconds.</summary>
    private static Dictionary<string, string?> FastResilience(int retries = 4) => new()
    {
        ["ChannelResilience:Retry:MaxRetryAttempts"] = retries.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["ChannelResilience:Retry:Delay"] = "00:00:00.020",
        ["ChannelResilience:AttemptTimeout:Timeout"] = "00:00:02",
        ["ChannelResilience:TotalRequestTimeout:Timeout"] = "00:00:10",
        ["ChannelResilience:CircuitBreaker:SamplingDuration"] = "00:00:30",
    };

    [Fact]
    public async Task Reply_ChannelThrottlesThenFails_ArrivesExactlyOnceAfterTheWaitTheChannelAskedFor()
    {
        await using var channel = await LoopbackChannel.StartAsync();
        channel.Answer(LoopbackChannel.Status(StatusCodes.Status429TooManyRequests, retryAfter: "7"),
            LoopbackChannel.Status(StatusCodes.Status503ServiceUnavailable), LoopbackChannel.Ok);
        var time = new SteppingTimeProvider(step: TimeSpan.FromSeconds(7));
        await using var bot = new TestBot(FastResilience(), time);
        using var http = await bot.ReadyClientAsync();

        using var response = await http.PostAsJsonAsync("/api/messages", TestActivities.Message("are they always enemies?", serviceUrl: channel.ServiceUrl));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var delivered = Assert.Single(channel.Delivered);
        Assert.Contains("No, not really.", delivered, StringComparison.Ordinal);
        Assert.Equal(3, channel.Requests);
        // The first retry waited what Retry-After said, the second the configured back-off (jittered, well under a second).
        var waits = time.Skipped.ToList();
        Assert.Equal(2, waits.Count);
        Assert.Equal(TimeSpan.FromSeconds(7), waits[0]);
        Assert.True(waits[1] < TimeSpan.FromSeconds(1), waits[1].ToString());
    }

    [Fact]
    public async Task Reply_ChannelKeepsFailing_OpensTheCircuitAndTurnsEndCleanly()
    {
        await using var channel = await LoopbackChannel.StartAsync();
        channel.Answer(LoopbackChannel.Status(StatusCodes.Status500InternalServerError));
        var settings = FastResilience(retries: 1);
        settings["ChannelResilience:CircuitBreaker:MinimumThroughput"] = "2";
        settings["ChannelResilience:CircuitBreaker:FailureRatio"] = "0.5";
        settings["ChannelResilience:CircuitBreaker:BreakDuration"] = "00:01:00";
        // The retry's back-off passes at once; the clock stays far inside the sampling window and the break.
        await using var bot = new TestBot(settings, new SteppingTimeProvider(step: TimeSpan.FromSeconds(1)));
        using var http = await bot.ReadyClientAsync();

        using var first = await http.PostAsJsonAsync("/api/messages", TestActivities.Message("are they always enemies?", serviceUrl: channel.ServiceUrl));
        var reachedBeforeOpen = channel.Requests;
        using var second = await http.PostAsJsonAsync("/api/messages", TestActivities.Message("do sanctions fix everything?", serviceUrl: channel.ServiceUrl));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        // The reply and its one retry reach the channel and open the circuit; the apology and the second turn do not.
        Assert.Equal(2, reachedBeforeOpen);
        Assert.Equal(2, channel.Requests);
        Assert.Empty(channel.Delivered);
    }

    [Fact]
    public async Task Reply_ChannelHangs_AttemptsTimeOutAndTheTurnEnds()
    {
        await using var channel = await LoopbackChannel.StartAsync();
        channel.Answer(LoopbackChannel.Stall(TimeSpan.FromMinutes(5)));
        var settings = FastResilience(retries: 1);
        settings["ChannelResilience:AttemptTimeout:Timeout"] = "00:00:03";
        settings["ChannelResilience:TotalRequestTimeout:Timeout"] = "00:00:09";
        var time = new SteppingTimeProvider(step: TimeSpan.FromSeconds(1));
        await using var bot = new TestBot(settings, time);
        using var http = await bot.ReadyClientAsync();

        // Each attempt times out when the clock passes its timeout, once the channel holds it: the reply and its retry,
        // then the apology the failed turn tries to send and its retry.
        var posting = http.PostAsJsonAsync("/api/messages", TestActivities.Message("are they always enemies?", serviceUrl: channel.ServiceUrl));
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            await channel.WaitForRequestsAsync(attempt);
            time.Advance(TimeSpan.FromSeconds(3));
        }

        using var response = await posting.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(4, channel.Requests);
        Assert.Empty(channel.Delivered);
    }

    [Fact]
    public async Task Start_WithAnAttemptTimeoutLongerThanTheTotal_FailsWithTheOptionsProblem()
    {
        await using var bot = new TestBot(new Dictionary<string, string?>
        {
            ["ChannelResilience:AttemptTimeout:Timeout"] = "00:02:00",
            ["ChannelResilience:TotalRequestTimeout:Timeout"] = "00:00:30",
        });

        var error = Assert.ThrowsAny<Exception>(() => bot.CreateClient());

        var problem = Assert.IsType<OptionsValidationException>(error.GetBaseException());
        Assert.Contains("FaqBot.Channel", problem.OptionsName, StringComparison.Ordinal);
        Assert.Contains("timeout", problem.Message, StringComparison.OrdinalIgnoreCase);
    }
}
