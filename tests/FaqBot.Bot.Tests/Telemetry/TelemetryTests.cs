using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using FaqBot.Bot.Tests.Channel;
using FaqBot.Bot.Tests.Hosting;

namespace FaqBot.Bot.Tests.Telemetry;

/// <summary>An ActivityListener hears every test in the process: these run on their own.</summary>
[CollectionDefinition(nameof(TelemetryTests), DisableParallelization = true)]
public sealed class TelemetryCollection;

[Collection(nameof(TelemetryTests))]
public sealed class TelemetryTests
{
    [Fact]
    public async Task Metrics_WithPrometheus_CountMessagesByReplyKindConfidenceLatencyAndVotes()
    {
        await using var bot = new TestBot(new Dictionary<string, string?> { ["Telemetry:Exporter"] = "Prometheus" });
        using var http = await bot.ReadyClientAsync();
        var conversation = $"metrics-{Guid.NewGuid():N}";

        foreach (var text in new[] { "are they always enemies?", "Helpful", "what limits does New START set?", "give me a recipe for lasagne", "thanks" })
        {
            using var response = await http.PostAsJsonAsync("/api/messages", TestActivities.Message(text, conversation: conversation));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var metrics = await ScrapeUntilAsync(http, "faqbot_votes_total");

        Assert.Contains("faqbot_messages_total{", metrics, StringComparison.Ordinal);
        foreach (var kind in new[] { "kind=\"myth\"", "kind=\"fact\"", "kind=\"fallback\"", "kind=\"small-talk\"", "kind=\"vote\"" })
        {
            Assert.Contains(kind, metrics, StringComparison.Ordinal);
        }

        Assert.Contains("faqbot_answer_confidence_bucket", metrics, StringComparison.Ordinal);
        Assert.Contains("faqbot_answer_duration_seconds_bucket", metrics, StringComparison.Ordinal);
        Assert.Contains("vote=\"helpful\"", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("lasagne", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_WithoutAnExporter_AreNotServed()
    {
        await using var bot = new TestBot();
        using var http = await bot.ReadyClientAsync();

        using var response = await http.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Traces_EachAnswer_IsASpanWithItsReplyKindAndConfidence()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "FaqBot",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var bot = new TestBot();
        using var http = await bot.ReadyClientAsync();

        using var response = await http.PostAsJsonAsync("/api/messages", TestActivities.Message("are they always enemies?", user: "traced"));

        var span = Assert.Single(spans, s => s.OperationName == "faqbot.answer" && (string?)s.GetTagItem("faqbot.reply.kind") == "myth");
        Assert.InRange((float)span.GetTagItem("faqbot.answer.confidence")!, 0.4f, 1f);
    }

    private static async Task<string> ScrapeUntilAsync(HttpClient http, string expected)
    {
        var text = string.Empty;
        for (var attempt = 0; attempt < 50 && !text.Contains(expected, StringComparison.Ordinal); attempt++)
        {
            text = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            await Task.Delay(100);
        }

        return text;
    }
}
