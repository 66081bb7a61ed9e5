using FaqBot.Bot.Hosting;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace FaqBot.Bot.Channel;

/// <summary>
/// Every call the Bot Framework SDK makes (replies to the channel's service URL, tokens) goes through one named
/// HttpClient: the service URL guard, then Polly's standard pipeline from Microsoft.Extensions.Http.Resilience
/// (rate limiter, total timeout, retries with jittered back-off that honour Retry-After, circuit breaker,
/// per-attempt timeout). Tuned under "ChannelResilience"; validated at start-up.
/// </summary>
public static class ChannelHttp
{
    public const string ClientName = "FaqBot.Channel";
    public const string ResilienceSectionName = "ChannelResilience";

    public static IServiceCollection AddChannelHttp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<ChannelOptions>(configuration, ChannelOptions.SectionName);
        services.AddTransient<ServiceUrlGuard>();
        services.AddHttpClient(ClientName)
            .AddHttpMessageHandler<ServiceUrlGuard>()
            .AddStandardResilienceHandler(ApplyDefaults);
        services.AddOptions<HttpStandardResilienceOptions>($"{ClientName}-standard")
            .Bind(configuration.GetSection(ResilienceSectionName))
            .ValidateOnStart();

        // The SDK asks its factory for the default client; it gets the resilient one. The clients it builds from it are
        // reused across turns rather than built for every message.
        services.AddSingleton<BotFrameworkAuthentication>(sp => new ReusingBotFrameworkAuthentication(
            new ConfigurationBotFrameworkAuthentication(
                configuration,
                httpClientFactory: new ChannelHttpClientFactory(sp.GetRequiredService<IHttpClientFactory>()),
                logger: sp.GetRequiredService<ILogger<ConfigurationBotFrameworkAuthentication>>()),
            sp.GetService<TimeProvider>() ?? TimeProvider.System));
        return services;
    }

    /// <summary>Defaults for a channel that throttles and sometimes fails: configuration overrides any of them.</summary>
    private static void ApplyDefaults(HttpStandardResilienceOptions options)
    {
        options.Retry.MaxRetryAttempts = 4;
        options.Retry.Delay = TimeSpan.FromSeconds(1);
        options.Retry.UseJitter = true;
        options.Retry.ShouldRetryAfterHeader = true;
        options.CircuitBreaker.FailureRatio = 0.5;
        options.CircuitBreaker.MinimumThroughput = 10;
        options.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(30);
        options.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(15);
        options.AttemptTimeout.Timeout = TimeSpan.FromSeconds(10);
        options.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(45);
    }

    private sealed class ChannelHttpClientFactory(IHttpClientFactory inner) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => inner.CreateClient(ClientName);
    }
}
