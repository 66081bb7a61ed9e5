using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FaqBot.Bot.Storage;

/// <summary>
/// One connection to Redis for the process, made lazily and never fatal: when Redis is down at start or later,
/// StackExchange.Redis keeps reconnecting in the background and the bot answers without shared state meanwhile.
/// </summary>
internal sealed class RedisConnection(IOptions<RedisOptions> options, ILogger<RedisConnection> logger) : IDisposable
{
    private readonly Lazy<ConnectionMultiplexer> _multiplexer = new(() =>
    {
        var configuration = ConfigurationOptions.Parse(options.Value.ConnectionString);
        configuration.AbortOnConnectFail = false;
        configuration.ConnectTimeout = (int)options.Value.OperationTimeout.TotalMilliseconds * 3;
        configuration.AsyncTimeout = (int)options.Value.OperationTimeout.TotalMilliseconds;
        configuration.SyncTimeout = (int)options.Value.OperationTimeout.TotalMilliseconds;
        configuration.ReconnectRetryPolicy = new ExponentialRetry(250, 5000);
        var multiplexer = ConnectionMultiplexer.Connect(configuration);
        multiplexer.ConnectionFailed += (_, e) => logger.LogWarning("Lost Redis ({Failure}); answering without shared state until it is back", e.FailureType);
        multiplexer.ConnectionRestored += (_, _) => logger.LogInformation("Redis is back");
        return multiplexer;
    });

    public IConnectionMultiplexer Multiplexer => _multiplexer.Value;

    public string KeyPrefix => options.Value.KeyPrefix;

    public void Dispose()
    {
        if (_multiplexer.IsValueCreated)
        {
            _multiplexer.Value.Dispose();
        }
    }
}
