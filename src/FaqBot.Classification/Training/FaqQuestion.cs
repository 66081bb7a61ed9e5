using FaqBot.Classification.Embeddings;
using Microsoft.ML.Data;

namespace FaqBot.Classification.Training;

/// <summary>The classifier's input row: the normalised text, its sentence embedding, and (in training) its label.</summary>
public sealed class FaqQuestion
{
    public string Text { get; set; } = string.Empty;

    [VectorType(MiniLmSentenceEmbedder.VectorLength)]
    public float[] Embedding { get; set; } = [];

    public string Label { get; set; } = string.Empty;

    /// <summary>Training weight that balances the classes: the large out-of-scope set must not drown a small essay's labels.</summary>
    public float Weight { get; set; } = 1f;
}

/// <summary>The classifier's output row: the winning label and one probability per label.</summary>
public sealed class FaqPrediction
{
    public string PredictedLabel { get; set; } = string.Empty;

    public float[] Score { get; set; } = [];
}
