using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace FaqBot.Classification.Ranking;

/// <summary>
/// A LightGBM ranker's trees walked directly over a candidate's feature record, as ML.NET walks them (a feature at or
/// below a split's threshold goes left; the trees' leaf values summed in double, in tree order, then rounded to
/// float), so the score is bit for bit ML.NET's. ML.NET's prediction engine costs about 7 µs a candidate in row
/// plumbing around a walk that takes a fraction of one; a question has some 50 candidates and two rankers.
/// </summary>
internal sealed class TreeScorer
{
    // Every tree's split nodes in one array, children already offset into it (a leaf as ~index into _leaves), so that a
    // walk reads one small struct per level: the trees are walked some 24,000 times a question.
    private readonly Split[] _splits;
    private readonly double[] _leaves;
    private readonly int[] _roots;

    private TreeScorer(Split[] splits, double[] leaves, int[] roots) => (_splits, _leaves, _roots) = (splits, leaves, roots);

    /// <summary>The scorer for a fitted ranker; null when its trees use a split this walk does not know (categorical).</summary>
    public static TreeScorer? For(ITransformer model)
    {
        // A fitted pipeline and a loaded one are chains of different element types; the ranker is the last link.
        var ranker = model is IEnumerable<ITransformer> chain ? chain.LastOrDefault() : model;
        if (ranker is not RankingPredictionTransformer<LightGbmRankingModelParameters> { Model.TrainedTreeEnsemble: { } ensemble })
        {
            return null;
        }

        var (splits, leaves, roots) = (new List<Split>(), new List<double>(), new List<int>());
        foreach (var tree in ensemble.Trees)
        {
            if (tree.CategoricalSplitFlags.Any(c => c))
            {
                return null;
            }

            // ML.NET's empty tree (one leaf, no split) gives 0, which adds nothing to the sum: it is left out.
            if (tree.LeftChild.Count == 0 || tree.LeftChild[0] == 0)
            {
                continue;
            }

            var (nodeOffset, leafOffset) = (splits.Count, leaves.Count);
            int Child(int child) => child >= 0 ? child + nodeOffset : ~(~child + leafOffset);
            for (var n = 0; n < tree.LeftChild.Count; n++)
            {
                splits.Add(new Split(tree.NumericalSplitFeatureIndexes[n], tree.NumericalSplitThresholds[n], Child(tree.LeftChild[n]), Child(tree.RightChild[n])));
            }

            leaves.AddRange(tree.LeafValues);
            roots.Add(nodeOffset);
        }

        return new TreeScorer([.. splits], [.. leaves], [.. roots]);
    }

    /// <summary>
    /// The ranker's score for each feature record. Tree by tree over all records, each record's sum still in tree
    /// order: a tree's nodes stay in the cache while it is walked for every record, and the walks of different records
    /// do not wait on each other. NaN features are not expected (the features never make one).
    /// </summary>
    public float[] Score(IReadOnlyList<float[]> records)
    {
        var splits = _splits;
        var sums = new double[records.Count];
        foreach (var root in _roots)
        {
            for (var r = 0; r < sums.Length; r++)
            {
                var features = records[r];
                var node = root;
                while (node >= 0)
                {
                    ref readonly var split = ref splits[node];
                    node = features[split.Feature] <= split.Threshold ? split.Left : split.Right;
                }

                sums[r] += _leaves[~node];
            }
        }

        var scores = new float[sums.Length];
        for (var r = 0; r < sums.Length; r++)
        {
            scores[r] = (float)sums[r];
        }

        return scores;
    }

    private readonly record struct Split(int Feature, float Threshold, int Left, int Right);
}
