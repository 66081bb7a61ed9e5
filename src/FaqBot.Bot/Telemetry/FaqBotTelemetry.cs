using System.Diagnostics;
using System.Diagnostics.Metrics;
using FaqBot.Bot.Resilience;
using FaqBot.Core.Conversation;

namespace FaqBot.Bot.Telemetry;

/// <summary>
/// What FaqBot reports besides ASP.NET Core's and HttpClient's own telemetry: messages by the kind of reply they
/// got, the confidence of answers, how long answering took, votes; and a trace span per answer. Never the text.
/// </summary>
public sealed class FaqBotTelemetry : IDisposable
{
    public const string SourceName = ResilientAnswerer.MeterName;

    private readonly Counter<long> _messages;
    private readonly Histogram<double> _confidence;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _votes;

    public FaqBotTelemetry(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(SourceName);
        _messages = meter.CreateCounter<long>("faqbot.messages", description: "Messages answered, by the kind of reply");
        _confidence = meter.CreateHistogram<double>("faqbot.answer.confidence", description: "Classifier probability of the answer given",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0] });
        _duration = meter.CreateHistogram<double>("faqbot.answer.duration", unit: "s", description: "Time to decide an answer (embedding, classifier, retrieval)",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });
        _votes = meter.CreateCounter<long>("faqbot.votes", description: "Helpful / not helpful votes on answers");
    }

    public ActivitySource Source { get; } = new(SourceName);

    /// <summary>A message that got a reply of <paramref name="kind"/> (faq, myth, fact, section, did-you-mean, fallback, small-talk, command, follow-up, vote, declined).</summary>
    public void Message(string kind) => _messages.Add(1, new KeyValuePair<string, object?>("kind", kind));

    /// <summary>One message and what it got: counted by kind; an answer's confidence and time; a vote; tags on the span.</summary>
    public void Turn(TurnOutcome outcome, Activity? span)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        Message(outcome.Kind);
        var tag = new KeyValuePair<string, object?>("kind", outcome.Kind);
        if (outcome.Answer is { } answer)
        {
            _confidence.Record(answer.Confidence.Probability, tag);
            span?.SetTag("faqbot.answer.confidence", answer.Confidence.Probability);
        }

        if (outcome.AnswerTime is { } duration)
        {
            _duration.Record(duration.TotalSeconds, tag);
        }

        if (outcome.Helpful is { } helpful)
        {
            _votes.Add(1, new KeyValuePair<string, object?>("vote", helpful ? "helpful" : "not-helpful"));
        }

        span?.SetTag("faqbot.reply.kind", outcome.Kind);
    }

    public void Dispose() => Source.Dispose();
}
