using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using FaqBot.Bot.Tests.Channel;
using FaqBot.Bot.Tests.Hosting;

namespace FaqBot.Bot.Tests.Telemetry;

[Collection(DefaultBot.Name)]
public sealed class TelemetryTests(TestBot shared)
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

        // Every instrument was recorded within the turns; the exporter collects at scrape time.
        var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));

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
        using var http = await shared.ReadyClientAsync();

        using var response = await http.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Traces_EachAnswer_IsASpanWithItsReplyKindAndConfidence()
    {
        // The listener hears every host in the process; this request's spans are told apart by the trace it starts.
        var trace = ActivityTraceId.CreateRandom();
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "FaqBot" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        using var http = await shared.ReadyClientAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/messages", UriKind.Relative))
        {
            Content = JsonContent.Create(TestActivities.Message("are they always enemies?", user: "traced")),
        };
        request.Headers.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");

        using var response = await http.SendAsync(request);

        var span = Assert.Single(spans, s => s.TraceId == trace && s.OperationName == "faqbot.answer");
        Assert.Equal("myth", span.GetTagItem("faqbot.reply.kind"));
        Assert.InRange((float)span.GetTagItem("faqbot.answer.confidence")!, 0.4f, 1f);
    }
}
