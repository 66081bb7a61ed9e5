using FaqBot.Classification.Retrieval;
using FaqBot.Core.Decision;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace FaqBot.Classification.Ranking;

/// <summary>A question's ranked candidates and whether the best one is a right answer (false for off-topic questions).</summary>
public sealed record ConfidenceExample(float[] Features, bool TopIsRight);

/// <summary>
/// How likely the ranker's best candidate is a right answer: a small gradient-boosted classifier with calibrated
/// probabilities, over the ranker's scores (the best, the next different answer, the lead) and the best candidate's
/// own feature record (which carries how off-topic the question reads). Trained on questions of other essays, ranked
/// by rankers that never saw them, so it learns how far a ranker's first choice can be trusted on an essay it does
/// not know.
/// </summary>
public sealed class ConfidenceModel
{
    private const int Seed = 20261202;

    /// <summary>Scores first, then the best candidate's features.</summary>
    public static readonly int FeatureCount = ScoreFeatures + CandidateFeatures.Count;

    private const int ScoreFeatures = 8;

    // Stands for "no such candidate": further behind the best than any real one.
    private const float Absent = 10f;

    private readonly PooledPredictions<ConfidenceRow, ConfidenceScore> _engines;

    private ConfidenceModel(MLContext ml, ITransformer model, DataViewSchema schema)
    {
        Model = model;
        Schema = schema;
        _engines = new PooledPredictions<ConfidenceRow, ConfidenceScore>(ml, model, ConfidenceRow.Definition());
    }

    public ITransformer Model { get; }

    public DataViewSchema Schema { get; }

    public sealed record Settings(int Trees = 100, int Leaves = 6, int MinimumExamplesPerLeaf = 20, double LearningRate = 0.05, bool Linear = false);

    /// <summary>
    /// The record the model reads for a question's candidates, sorted best first with their scores: the best score,
    /// the next, the next of another answer (another FAQ entry or section), the best of each kind, and the best
    /// candidate's own features.
    /// </summary>
    public static float[] Features(IReadOnlyList<Candidate> candidates, IReadOnlyList<float> scores)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(scores);
        var f = new float[FeatureCount];
        if (candidates.Count == 0)
        {
            return f;
        }

        var top = candidates[0];
        var otherChoice = Enumerable.Range(1, Math.Max(0, candidates.Count - 1)).FirstOrDefault(i => candidates[i].AnswerId != top.AnswerId, -1);
        float Best(CandidateKind kind) =>
            Enumerable.Range(0, candidates.Count).Where(i => candidates[i].Kind == kind).Select(i => scores[i]).DefaultIfEmpty(scores[0] - Absent).Max();
        f[0] = scores[0];
        f[1] = candidates.Count > 1 ? scores[1] : scores[0] - Absent;
        f[2] = f[0] - f[1];
        f[3] = otherChoice < 0 ? scores[0] - Absent : scores[otherChoice];
        f[4] = f[0] - f[3];
        f[5] = Best(CandidateKind.Faq);
        f[6] = Best(CandidateKind.Section);
        f[7] = Best(CandidateKind.Sentence);
        top.Features.CopyTo(f, ScoreFeatures);
        return f;
    }

    public static ConfidenceModel Train(IEnumerable<ConfidenceExample> examples, Settings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(examples);
        settings ??= new Settings();
        var ml = new MLContext(seed: Seed);
        var rows = examples.Select(e => new ConfidenceRow { Features = e.Features, Label = e.TopIsRight }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows, ConfidenceRow.Definition());
        if (settings.Linear)
        {
            var linear = ml.Transforms.NormalizeMeanVariance(nameof(ConfidenceRow.Features))
                .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(nameof(ConfidenceRow.Label), nameof(ConfidenceRow.Features)));
            return new ConfidenceModel(ml, linear.Fit(data), data.Schema);
        }

        var trainer = ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
        {
            LabelColumnName = nameof(ConfidenceRow.Label),
            FeatureColumnName = nameof(ConfidenceRow.Features),
            NumberOfIterations = settings.Trees,
            NumberOfLeaves = settings.Leaves,
            MinimumExampleCountPerLeaf = settings.MinimumExamplesPerLeaf,
            LearningRate = settings.LearningRate,
            NumberOfThreads = 1,
            Seed = Seed,
            Verbose = false,
            Silent = true,
        });
        var model = trainer.Fit(data);
        return new ConfidenceModel(ml, model, data.Schema);
    }

    /// <summary>The probability that the best candidate is right.</summary>
    public float Predict(float[] features)
    {
        ArgumentNullException.ThrowIfNull(features);
        return _engines.Use(engine => engine.Predict(new ConfidenceRow { Features = features }).Probability);
    }

    public void Save(Stream stream) => new MLContext(seed: Seed).Model.Save(Model, Schema, stream);

    public static ConfidenceModel Load(Stream stream)
    {
        var ml = new MLContext(seed: Seed);
        var model = ml.Model.Load(stream, out var schema);
        return new ConfidenceModel(ml, model, schema);
    }
}

/// <summary>The confidence model's input row.</summary>
public sealed class ConfidenceRow
{
    public bool Label { get; set; }

    public float[] Features { get; set; } = [];

    internal static SchemaDefinition Definition()
    {
        var definition = SchemaDefinition.Create(typeof(ConfidenceRow));
        definition[nameof(Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, ConfidenceModel.FeatureCount);
        return definition;
    }
}

/// <summary>The confidence model's output row.</summary>
public sealed class ConfidenceScore
{
    public float Probability { get; set; }
}
