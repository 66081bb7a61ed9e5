using System.ComponentModel.DataAnnotations;

namespace FaqBot.Bot.Resilience;

/// <summary>How many questions' answers are remembered. Configure under "AnswerCache".</summary>
public sealed class AnswerCacheOptions
{
    public const string SectionName = "AnswerCache";

    /// <summary>
    /// Question texts whose model answer is kept, least recently used dropped first; 0 turns the cache off. The model
    /// path is deterministic, so a kept answer is exactly the one the model would give again.
    /// </summary>
    [Range(0, 1_000_000)]
    public int Capacity { get; set; } = 4096;
}
