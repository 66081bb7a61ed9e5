using FaqBot.Bot.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace FaqBot.Bot.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>FaqBot's instruments, and with Telemetry:Exporter set, OpenTelemetry metrics and traces exported with the standard exporters.</summary>
    public static IServiceCollection AddFaqBotTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<TelemetryOptions>(configuration, TelemetryOptions.SectionName);
        services.AddSingleton<FaqBotTelemetry>();

        var options = configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (options.Exporter == TelemetryExporter.None)
        {
            return services;
        }

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(FaqBotTelemetry.SourceName).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                if (options.Exporter == TelemetryExporter.Prometheus)
                {
                    metrics.AddPrometheusExporter();
                }
                else if (options.OtlpEndpoint is { } endpoint)
                {
                    metrics.AddOtlpExporter(otlp => otlp.Endpoint = endpoint);
                }
            });
        if (options.Exporter == TelemetryExporter.Otlp && options.OtlpEndpoint is { } traces)
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(FaqBotTelemetry.SourceName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddOtlpExporter(otlp => otlp.Endpoint = traces));
        }

        return services;
    }

    /// <summary>GET /metrics when Prometheus scrapes the bot.</summary>
    public static WebApplication MapFaqBotTelemetry(this WebApplication app)
    {
        var options = app.Configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (options.Exporter == TelemetryExporter.Prometheus)
        {
            app.MapPrometheusScrapingEndpoint("/metrics");
        }

        return app;
    }
}
