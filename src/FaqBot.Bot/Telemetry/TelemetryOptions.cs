using System.ComponentModel.DataAnnotations;

namespace FaqBot.Bot.Telemetry;

public enum TelemetryExporter
{
    /// <summary>Nothing exported (the instruments still exist, for tests and local listeners).</summary>
    None,

    /// <summary>A Prometheus scrape endpoint at GET /metrics (metrics only).</summary>
    Prometheus,

    /// <summary>OTLP to <see cref="TelemetryOptions.OtlpEndpoint"/> (metrics and traces).</summary>
    Otlp,
}

/// <summary>OpenTelemetry export. Configure under "Telemetry".</summary>
public sealed class TelemetryOptions : IValidatableObject
{
    public const string SectionName = "Telemetry";

    [EnumDataType(typeof(TelemetryExporter))]
    public TelemetryExporter Exporter { get; set; } = TelemetryExporter.None;

    /// <summary>The collector, e.g. http://otel-collector:4317 (gRPC); required for Otlp.</summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>service.name on everything exported.</summary>
    [Required(AllowEmptyStrings = false)]
    public string ServiceName { get; set; } = "faqbot";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Exporter == TelemetryExporter.Otlp && OtlpEndpoint is null)
        {
            yield return new ValidationResult("Telemetry:OtlpEndpoint is required when Telemetry:Exporter is Otlp.", [nameof(OtlpEndpoint)]);
        }
    }
}
