using System.ComponentModel.DataAnnotations;

namespace FaqBot.Classification.Embeddings;

/// <summary>How questions asked at the same time share sentence-model runs. Configure under "EmbeddingBatch".</summary>
public sealed class EmbeddingBatchOptions
{
    public const string SectionName = "EmbeddingBatch";

    /// <summary>Most questions in one model run; 1 runs every question alone.</summary>
    [Range(1, 64)]
    public int MaxBatchSize { get; set; } = 8;

    /// <summary>Most model runs at once (each on one thread); 0 means one per processor.</summary>
    [Range(0, 256)]
    public int MaxConcurrentRuns { get; set; }

    /// <summary>The number of concurrent runs to use on this machine.</summary>
    public int ConcurrentRuns => MaxConcurrentRuns > 0 ? MaxConcurrentRuns : Environment.ProcessorCount;
}
