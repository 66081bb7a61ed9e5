using System.Text.Json;
using FaqBot.Bot.Storage;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace FaqBot.Bot.Hosting;

/// <summary>
/// GET /readyz: 200 when this replica is fully ready (the model is loaded and, with Redis configured, Redis answers
/// a ping), else 503 with which check failed. Unlike /healthz, a replica that lost Redis is not ready even though it
/// still answers (without conversation context); it becomes ready again by itself when Redis returns. The shipped
/// deployments probe /healthz for readiness and leave /readyz to alerting: Redis is shared, so a probe on it would
/// take every replica out of rotation at once.
/// </summary>
internal static class Readiness
{
    private const string Tag = "ready";

    public static IServiceCollection AddReadiness(this IServiceCollection services, IConfiguration configuration)
    {
        var checks = services.AddHealthChecks().AddCheck<ModelCheck>("model", tags: [Tag]);
        if ((configuration.GetSection(RedisOptions.SectionName).Get<RedisOptions>() ?? new RedisOptions()).Enabled)
        {
            checks.AddCheck<RedisCheck>("storage", tags: [Tag]);
        }

        return services;
    }

    public static WebApplication MapReadiness(this WebApplication app)
    {
        app.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(Tag),
            ResponseWriter = static (context, report) => context.Response.WriteAsync(JsonSerializer.Serialize(new
            {
                status = report.Status.ToString(),
                checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), problem = e.Value.Description }),
            })),
        });
        return app;
    }

    private sealed class ModelCheck(AnswerEngineHost host) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(host.IsReady
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy(host.Failure ?? "The essay and model are still loading."));
    }

    private sealed class RedisCheck(RedisConnection redis, IOptions<RedisOptions> options) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await redis.Multiplexer.GetDatabase().PingAsync().WaitAsync(options.Value.OperationTimeout, cancellationToken).ConfigureAwait(false);
                return HealthCheckResult.Healthy();
            }
            catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
            {
                return HealthCheckResult.Unhealthy($"Redis is unreachable ({ex.GetType().Name}).");
            }
        }
    }
}
