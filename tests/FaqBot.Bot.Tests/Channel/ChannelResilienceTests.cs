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
    public async Task Reply_ChannelThrottlesThenFails_ArrivesExactlyOnce()
    {
        await using var channel = await LoopbackChannel.StartAsync();
        channel.Answer(LoopbackChannel.Status(StatusCodes.Status429TooManyRequests, retryAfter: "1"),
            LoopbackChannel.Status(StatusCodes.Status503ServiceUnavailable), LoopbackChannel.Ok);
        await using var bot = new TestBot(FastResilience());
        using var http = await bot.ReadyClientAsync();

        using var response = await http.PostAsJsonAsync("/api/messages", TestActivities.Message("are they always enemies?", serviceUrl: channel.ServiceUrl));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var delivered = Assert.Single(channel.Delivered);
        Assert.Contains("No, not really.", delivered, StringComparison.Ordinal);
        Assert.Equal(3, channel.Requests);
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
        await using var bot = new TestBot(settings);
        using var http = await bot.ReadyClientAsync();

        using var first = await http.PostAsJsonAsync("/api/messages", TestActivities.Message("are they always enemies?", serviceUrl: channel.ServiceUrl));
        var reachedBeforeOpen = channel.Requests;
        using var second = await http.PostAsJsonAsync("/api/messages", TestActivities.Message("do sanctions fix everything?", serviceUrl: channel.ServiceUrl));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.InRange(reachedBeforeOpen, 2, 3);
        Assert.Equal(reachedBeforeOpen, channel.Requests);
        Assert.Empty(channel.Delivered);
    }

    [Fact]
    public async Task Reply_ChannelHangs_AttemptsTimeOutAndTheTurnEnds()
    {
        await using var channel = await LoopbackChannel.StartAsync();
        channel.Answer(LoopbackChannel.Stall(TimeSpan.FromMinutes(5)));
        var settings = FastResilience(retries: 1);
        settings["ChannelResilience:AttemptTimeout:Timeout"] = "00:00:00.300";
        settings["ChannelResilience:TotalRequestTimeout:Timeout"] = "00:00:01";
        await using var bot = new TestBot(settings);
        using var http = await bot.ReadyClientAsync();
        using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        using var response = await http.PostAsJsonAsync("/api/messages", TestActivities.Message("are they always enemies?", serviceUrl: channel.ServiceUrl), giveUp.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(channel.Requests >= 1);
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
