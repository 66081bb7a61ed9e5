using System.Diagnostics.Metrics;
using FaqBot.Core.Decision;
using FaqBot.Core.Caching;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Fallback;
using Polly.Timeout;

namespace FaqBot.Bot.Resilience;

/// <summary>
/// The answer path behind a Polly pipeline: when the embedding model or classifier throws or overruns its time
/// budget, the user still gets an answer from keyword retrieval over the essay, worded as less sure. Each such
/// failure is logged and counted (metric "faqbot.answers.degraded"). The model path is deterministic, so the answer
/// it gave for a text is remembered and given again without running it (bounded, <see cref="AnswerCacheOptions"/>);
/// keyword answers are never remembered.
/// </summary>
public sealed class ResilientAnswerer : IQuestionAnswerer
{
    public const string MeterName = "FaqBot";

    private readonly ResiliencePipeline<Answer> _pipeline;
    private readonly Counter<long> _degraded;
    private readonly RecentlyUsedCache<(IAnswerEngine Engine, string Question), Answer>? _answers;

    public ResilientAnswerer(IOptions<AnswerResilienceOptions> options, TimeProvider timeProvider, IMeterFactory meters,
        ILogger<ResilientAnswerer> logger, IOptions<AnswerCacheOptions>? cache = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(meters);
        if (cache?.Value.Capacity is > 0 and var capacity)
        {
            _answers = new RecentlyUsedCache<(IAnswerEngine, string), Answer>(capacity);
        }

        _degraded = meters.Create(MeterName).CreateCounter<long>("faqbot.answers.degraded", description: "Answers given by keywords because the full answer path failed");
        _pipeline = new ResiliencePipelineBuilder<Answer> { TimeProvider = timeProvider }
            .AddFallback(new FallbackStrategyOptions<Answer>
            {
                ShouldHandle = new PredicateBuilder<Answer>().Handle<Exception>(ex => ex is not OperationCanceledException || ex is TimeoutRejectedException),
                FallbackAction = args =>
                {
                    var (engine, question) = args.Context.Properties.GetValue(Request, default);
                    logger.LogError(args.Outcome.Exception, "The answer path failed ({Failure}); answering by keywords",
                        args.Outcome.Exception?.GetType().Name);
                    _degraded.Add(1, new KeyValuePair<string, object?>("failure", args.Outcome.Exception is TimeoutRejectedException ? "timeout" : "error"));
                    return Outcome.FromResultAsValueTask(engine!.AnswerByKeywords(question!));
                },
            })
            .AddTimeout(options.Value.TimeBudget)
            .Build();
    }

    /// <summary>
    /// The model call is synchronous: waiting on it with the pipeline's token lets the timeout give up on it. A call
    /// given up on still holds its slot until it really ends, so stuck calls cannot pile up past one per core; new
    /// questions then wait, time out, and are answered by keywords.
    /// </summary>
    private async Task<Answer> RunModelAsync(IAnswerEngine engine, string question, CancellationToken cancellationToken)
    {
        await _modelSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        var work = Task.Run(() =>
        {
            var answer = engine.Answer(question);
            _answers?.Set((engine, question), answer);
            return answer;
        }, CancellationToken.None);
        _ = work.ContinueWith(_ => _modelSlots.Release(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        return await work.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private readonly SemaphoreSlim _modelSlots = new(Environment.ProcessorCount);

    private static readonly ResiliencePropertyKey<(IAnswerEngine?, string?)> Request = new("faqbot.request");

    public async Task<Answer> AnswerAsync(IAnswerEngine engine, string question, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        if (_answers is not null && _answers.TryGet((engine, question), out var remembered))
        {
            return remembered;
        }

        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            context.Properties.Set(Request, (engine, question));
            return await _pipeline.ExecuteAsync(
                static async (ctx, self) =>
                {
                    var (engine, question) = ctx.Properties.GetValue(Request, default);
                    return await self.RunModelAsync(engine!, question!, ctx.CancellationToken).ConfigureAwait(false);
                },
                context,
                this).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}
