using System.ComponentModel.DataAnnotations;

namespace FaqBot.Classification.Embeddings;

/// <summary>How many questions' embeddings are remembered. Configure under "EmbeddingCache".</summary>
public sealed class EmbeddingCacheOptions
{
    public const string SectionName = "EmbeddingCache";

    /// <summary>
    /// Texts whose embedding is kept, least recently used dropped first; 0 turns the cache off. About 1.6 KB each,
    /// so the default holds a busy tenant's recurring questions in under 7 MB.
    /// </summary>
    [Range(0, 1_000_000)]
    public int Capacity { get; set; } = 4096;
}
