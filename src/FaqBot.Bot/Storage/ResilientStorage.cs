using System.Diagnostics.Metrics;
using FaqBot.Bot.Resilience;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;
using StackExchange.Redis;

namespace FaqBot.Bot.Storage;

/// <summary>
/// Conversation state behind a Polly pipeline (circuit breaker, timeout): when Redis is slow or gone, a turn reads
/// no state and its write is skipped, so the bot keeps answering, without the context of follow-ups, instead of
/// failing; while the circuit is open it does not even wait. Each such miss is logged and counted
/// ("faqbot.storage.unavailable"). An eTag conflict is not a Redis failure and still throws.
/// </summary>
internal sealed class ResilientStorage : IStorage
{
    private readonly IStorage _inner;
    private readonly ResiliencePipeline _pipeline;
    private readonly Counter<long> _unavailable;
    private readonly ILogger<ResilientStorage> _logger;

    public ResilientStorage(IStorage inner, IOptions<RedisOptions> options, TimeProvider time, IMeterFactory meters, ILogger<ResilientStorage> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(meters);
        _inner = inner;
        _logger = logger;
        _unavailable = meters.Create(ResilientAnswerer.MeterName)
            .CreateCounter<long>("faqbot.storage.unavailable", description: "State reads and writes skipped because Redis was unavailable");
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<RedisException>().Handle<RedisTimeoutException>().Handle<TimeoutRejectedException>(),
                FailureRatio = 0.5,
                MinimumThroughput = 4,
                SamplingDuration = TimeSpan.FromSeconds(10),
                BreakDuration = TimeSpan.FromSeconds(2),
            })
            .AddTimeout(options.Value.OperationTimeout)
            .Build();
    }

    public async Task<IDictionary<string, object>> ReadAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        try
        {
            return await _pipeline.ExecuteAsync(async token => await _inner.ReadAsync(keys, token).ConfigureAwait(false), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (IsUnavailable(ex, cancellationToken))
        {
            Missed("read", ex);
            return new Dictionary<string, object>();
        }
    }

    public async Task WriteAsync(IDictionary<string, object> changes, CancellationToken cancellationToken = default)
    {
        try
        {
            await _pipeline.ExecuteAsync(async token => await _inner.WriteAsync(changes, token).ConfigureAwait(false), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (IsUnavailable(ex, cancellationToken))
        {
            Missed("write", ex);
        }
    }

    public async Task DeleteAsync(string[] keys, CancellationToken cancellationToken = default)
    {
        try
        {
            await _pipeline.ExecuteAsync(async token => await _inner.DeleteAsync(keys, token).ConfigureAwait(false), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (IsUnavailable(ex, cancellationToken))
        {
            Missed("delete", ex);
        }
    }

    private static bool IsUnavailable(Exception ex, CancellationToken cancellationToken) =>
        ex is RedisException or RedisTimeoutException or TimeoutRejectedException or BrokenCircuitException
        || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private void Missed(string operation, Exception ex)
    {
        _unavailable.Add(1, new KeyValuePair<string, object?>("operation", operation));
        _logger.LogWarning("Conversation state {Operation} skipped, Redis unavailable: {Failure}", operation, ex.GetType().Name);
    }
}
