namespace FaqBot.Classification.Embeddings;

/// <summary>Maps text to a unit-length vector whose dot product with another measures similarity of meaning.</summary>
public interface ISentenceEmbedder
{
    int Dimension { get; }

    float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default);
}
