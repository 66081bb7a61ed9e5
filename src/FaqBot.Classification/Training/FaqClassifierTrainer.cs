using FaqBot.Classification.Embeddings;
using FaqBot.Core.Text;
using Microsoft.ML;

namespace FaqBot.Classification.Training;

/// <summary>Cross-validation result of one trainer: the numbers the trainer comparison is decided on.</summary>
public sealed record CrossValidationScore(ClassifierTrainer Trainer, double MicroAccuracy, double MacroAccuracy, double LogLoss);

/// <summary>Trains, cross-validates, saves and loads the FAQ classifier. Seeded: the same data gives the same model.</summary>
public sealed class FaqClassifierTrainer(ISentenceEmbedder embedder)
{
    private const int Seed = 20261125;

    public FaqClassifier Train(TrainingSet set, ClassifierTrainer trainer, IProgress<string>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        var ml = new MLContext(seed: Seed);
        var data = ml.Data.LoadFromEnumerable(Rows(set.Examples, progress, cancellationToken));
        progress?.Report($"Training {trainer} on {set.Examples.Count} examples");
        var model = ClassifierPipeline.Build(ml, trainer).Fit(data);
        return new FaqClassifier(ml, model, data.Schema);
    }

    /// <summary>k-fold cross-validation of each trainer on the same folds.</summary>
    public IReadOnlyList<CrossValidationScore> CrossValidate(TrainingSet set, IEnumerable<ClassifierTrainer> trainers, int folds = 5,
        IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        var ml = new MLContext(seed: Seed);
        var data = ml.Data.Cache(ml.Data.LoadFromEnumerable(Rows(set.Examples, progress, cancellationToken)));
        var scores = new List<CrossValidationScore>();
        foreach (var trainer in trainers)
        {
            progress?.Report($"Cross-validating {trainer} ({folds} folds)");
            var results = ml.MulticlassClassification.CrossValidate(data, ClassifierPipeline.Build(ml, trainer), folds,
                labelColumnName: ClassifierPipeline.LabelColumn, seed: Seed);
            scores.Add(new CrossValidationScore(
                trainer,
                results.Average(r => r.Metrics.MicroAccuracy),
                results.Average(r => r.Metrics.MacroAccuracy),
                results.Average(r => r.Metrics.LogLoss)));
        }

        return scores;
    }

    public static void Save(FaqClassifier classifier, string path)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp"; // unique per writer: hosts in one process may write the same file at once
        new MLContext(seed: Seed).Model.Save(classifier.Model, classifier.InputSchema, temporary);
        File.Move(temporary, path, overwrite: true);
    }

    public static FaqClassifier Load(string path)
    {
        var ml = new MLContext(seed: Seed);
        var model = ml.Model.Load(path, out var schema);
        return new FaqClassifier(ml, model, schema);
    }

    private IEnumerable<FaqQuestion> Rows(IReadOnlyList<TrainingExample> examples, IProgress<string>? progress,
        CancellationToken cancellationToken)
    {
        progress?.Report($"Embedding {examples.Count} training utterances with MiniLM");
        var texts = examples.Select(e => TextNormalizer.Normalize(e.Text)).ToList();
        var vectors = embedder.Embed(texts, cancellationToken);
        var perLabel = examples.GroupBy(e => e.Label).ToDictionary(g => g.Key, g => g.Count());
        var balanced = (float)examples.Count / perLabel.Count;
        return examples.Select((e, i) => new FaqQuestion
        {
            Text = texts[i],
            Embedding = ClassifierPipeline.Weigh(vectors[i]),
            Label = e.Label,
            Weight = balanced / perLabel[e.Label],
        }).ToList();
    }
}
