using System.ComponentModel.DataAnnotations;

namespace FaqBot.Bot.Resilience;

/// <summary>How long the full answer path (embedding, classifier, retrieval) may take before keywords answer instead.</summary>
public sealed class AnswerResilienceOptions
{
    public const string SectionName = "AnswerResilience";

    /// <summary>The full answer path normally takes a few milliseconds; this budget only catches a stuck or failing model.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan TimeBudget { get; set; } = TimeSpan.FromSeconds(2);
}
