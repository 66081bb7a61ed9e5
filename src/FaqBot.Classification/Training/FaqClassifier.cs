using FaqBot.Core.Decision;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace FaqBot.Classification.Training;

/// <summary>
/// A trained model, ready to classify from many threads: each call borrows a <see cref="PredictionEngine{TSrc,TDst}"/>
/// from a pool, since one engine must never be used by two threads at once.
/// </summary>
public sealed class FaqClassifier
{
    private readonly PooledPredictions<FaqQuestion, FaqPrediction> _engines;
    private readonly string[] _labels;

    internal FaqClassifier(MLContext ml, ITransformer model, DataViewSchema inputSchema)
    {
        Model = model;
        InputSchema = inputSchema;
        _engines = new PooledPredictions<FaqQuestion, FaqPrediction>(ml, model);
        _labels = ScoreLabels(model.GetOutputSchema(inputSchema));
    }

    public ITransformer Model { get; }

    public DataViewSchema InputSchema { get; }

    /// <summary>The labels the model knows, in the order of its score vector.</summary>
    public IReadOnlyList<string> Labels => _labels;

    /// <summary>Every label with its probability, most probable first.</summary>
    public IReadOnlyList<LabelScore> Classify(string normalizedText, float[] embedding)
    {
        var prediction = _engines.Use(engine =>
            engine.Predict(new FaqQuestion { Text = normalizedText, Embedding = ClassifierPipeline.Weigh(embedding) }));

        var ranking = new LabelScore[_labels.Length];
        for (var i = 0; i < ranking.Length; i++)
        {
            ranking[i] = new LabelScore(_labels[i], prediction.Score[i]);
        }

        Array.Sort(ranking, (a, b) => b.Probability.CompareTo(a.Probability));
        return ranking;
    }

    private static string[] ScoreLabels(DataViewSchema outputSchema)
    {
        VBuffer<ReadOnlyMemory<char>> names = default;
        outputSchema[nameof(FaqPrediction.Score)].GetSlotNames(ref names);
        return names.DenseValues().Select(n => n.ToString()).ToArray();
    }
}
