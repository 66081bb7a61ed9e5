using FaqBot.Classification.Retrieval;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace FaqBot.Classification.Ranking;

/// <summary>One question's candidates and how right each is: 2 the answer, 1 acceptable, 0 not.</summary>
public sealed record RankingGroup(IReadOnlyList<Candidate> Candidates, IReadOnlyList<float> Relevance);

/// <summary>
/// Orders a question's candidate answers: a LightGBM LambdaRank model over the candidates' feature records, one group
/// per question, trained on labelled questions of several essays (so what it learns is how features relate to right
/// answers, not any essay's words). Seeded and single-threaded: the same groups give the same model. Scores order one
/// question's candidates; they are not probabilities.
/// </summary>
public sealed class AnswerRanker
{
    private const int Seed = 20261201;

    private readonly PooledPredictions<RankingRow, RankingScore> _engines;
    private readonly TreeScorer? _trees;

    private AnswerRanker(MLContext ml, ITransformer model, DataViewSchema schema)
    {
        Model = model;
        Schema = schema;
        _engines = new PooledPredictions<RankingRow, RankingScore>(ml, model, RankingRow.Definition());
        _trees = TreeScorer.For(model);
    }

    public ITransformer Model { get; }

    public DataViewSchema Schema { get; }

    /// <summary>Whether scores come from the trees walked directly (<see cref="TreeScorer"/>) rather than ML.NET's engine.</summary>
    internal bool WalksTrees => _trees is not null;

    /// <summary>LambdaRank settings: small trees and many examples a leaf, for a few hundred questions an essay.</summary>
    public sealed record Settings(int Trees = 300, int Leaves = 16, int MinimumExamplesPerLeaf = 20, double LearningRate = 0.05, double L2 = 1.0);

    public static AnswerRanker Train(IEnumerable<RankingGroup> groups, Settings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(groups);
        settings ??= new Settings();
        var ml = new MLContext(seed: Seed);
        var rows = groups.SelectMany((g, id) => g.Candidates.Select((c, i) => new RankingRow
        {
            GroupId = (uint)id + 1,
            Label = g.Relevance[i],
            Features = c.Features,
        })).ToList();
        var data = ml.Data.LoadFromEnumerable(rows, RankingRow.Definition());
        var trainer = ml.Ranking.Trainers.LightGbm(new LightGbmRankingTrainer.Options
        {
            LabelColumnName = nameof(RankingRow.Label),
            FeatureColumnName = nameof(RankingRow.Features),
            RowGroupColumnName = GroupKey,
            NumberOfIterations = settings.Trees,
            NumberOfLeaves = settings.Leaves,
            MinimumExampleCountPerLeaf = settings.MinimumExamplesPerLeaf,
            LearningRate = settings.LearningRate,
            NumberOfThreads = 1,
            Seed = Seed,
            Booster = new GradientBooster.Options { L2Regularization = settings.L2 },
            Verbose = false,
            Silent = true,
        });
        var pipeline = ml.Transforms.Conversion.MapValueToKey(GroupKey, nameof(RankingRow.GroupId)).Append(trainer);
        var model = pipeline.Fit(data);
        return new AnswerRanker(ml, model, data.Schema);
    }

    /// <summary>A score per candidate, in their order: higher is a better answer to this question.</summary>
    public float[] Score(IReadOnlyList<Candidate> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        if (_trees is { } trees)
        {
            return trees.Score(candidates.Select(c => c.Features).ToArray());
        }

        return ScoreWithEngine(candidates);
    }

    /// <summary>The scores through ML.NET's prediction engine: what <see cref="TreeScorer"/> must equal.</summary>
    internal float[] ScoreWithEngine(IReadOnlyList<Candidate> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        return _engines.Use(engine =>
        {
            var scores = new float[candidates.Count];
            var row = new RankingRow();
            var output = new RankingScore();
            for (var i = 0; i < candidates.Count; i++)
            {
                row.Features = candidates[i].Features;
                engine.Predict(row, ref output);
                scores[i] = output.Score;
            }

            return scores;
        });
    }

    public void Save(Stream stream) => new MLContext(seed: Seed).Model.Save(Model, Schema, stream);

    public static AnswerRanker Load(Stream stream)
    {
        var ml = new MLContext(seed: Seed);
        var model = ml.Model.Load(stream, out var schema);
        return new AnswerRanker(ml, model, schema);
    }

    private const string GroupKey = "GroupKey";
}

/// <summary>The ranker's input row: a candidate's features, its question's group and (in training) its relevance.</summary>
public sealed class RankingRow
{
    public uint GroupId { get; set; }

    public float Label { get; set; }

    public float[] Features { get; set; } = [];

    /// <summary>The row's schema, with the feature vector's length (which the attributes cannot know).</summary>
    internal static SchemaDefinition Definition()
    {
        var definition = SchemaDefinition.Create(typeof(RankingRow));
        definition[nameof(Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, CandidateFeatures.Count);
        return definition;
    }
}

/// <summary>The ranker's output row.</summary>
public sealed class RankingScore
{
    public float Score { get; set; }
}
