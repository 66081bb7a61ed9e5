using System.ComponentModel.DataAnnotations;

namespace FaqBot.Classification.Embeddings;

/// <summary>How many questions' embeddings are remembered. Configure under "EmbeddingCache".</summary>
public sealed class EmbeddingCacheOptions
{
    public const string SectionName = "EmbeddingCache";

    /// <summary>
    /// Texts whose embedding is kept, least recently used dropped first; 0 turns the cache off. An entry keeps the
    /// text's word vectors for max-sim too, 10-40 KB, so the default is about 25 MB when full (4096 cost 100 MB of RSS
    /// under unique traffic). Repeated questions are mostly answered from the answer cache before they get here.
    /// </summary>
    [Range(0, 1_000_000)]
    public int Capacity { get; set; } = 1024;
}
