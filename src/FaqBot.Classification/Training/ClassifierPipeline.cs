using Microsoft.ML;
using Microsoft.ML.Transforms.Text;

namespace FaqBot.Classification.Training;

/// <summary>The multiclass trainers compared by cross-validation; both give calibrated probabilities.</summary>
public enum ClassifierTrainer
{
    LbfgsMaximumEntropy,
    SdcaMaximumEntropy,
}

/// <summary>
/// One ML.NET pipeline: word 1-2-grams and character 3-grams of the text (no stop words removed, so "always",
/// "never", "only" count) concatenated with the MiniLM sentence embedding, into a maximum-entropy classifier.
/// </summary>
internal static class ClassifierPipeline
{
    /// <summary>Bumped whenever the pipeline or its inputs change, so cached models are retrained.</summary>
    public const string Version = "pipeline-v3";

    private const string LabelKey = "LabelKey";
    private const string TextFeatures = "TextFeatures";
    private const string Features = "Features";

    public static IEstimator<ITransformer> Build(MLContext ml, ClassifierTrainer trainer)
    {
        var text = new TextFeaturizingEstimator.Options
        {
            CaseMode = TextNormalizingEstimator.CaseMode.Lower,
            KeepDiacritics = false,
            KeepPunctuations = false,
            KeepNumbers = true,
            StopWordsRemoverOptions = null,
            WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 2, UseAllLengths = true },
            CharFeatureExtractor = new WordBagEstimator.Options { NgramLength = 3, UseAllLengths = false },
            Norm = TextFeaturizingEstimator.NormFunction.L2,
        };

        return ml.Transforms.Conversion.MapValueToKey(LabelKey, nameof(FaqQuestion.Label))
            .Append(ml.Transforms.Text.FeaturizeText(TextFeatures, text, nameof(FaqQuestion.Text)))
            .Append(ml.Transforms.Concatenate(Features, TextFeatures, nameof(FaqQuestion.Embedding)))
            .Append(Trainer(ml, trainer))
            .Append(ml.Transforms.Conversion.MapKeyToValue(nameof(FaqPrediction.PredictedLabel)));
    }

    public static string LabelColumn => LabelKey;

    /// <summary>
    /// How much the embedding counts beside the n-grams (both have unit length): meaning carries paraphrases the
    /// essay never words, which matters most for an essay with no hand-written training data.
    /// </summary>
    public const float EmbeddingWeight = 2f;

    public static float[] Weigh(float[] embedding)
    {
        ArgumentNullException.ThrowIfNull(embedding);
        var weighed = new float[embedding.Length];
        System.Numerics.Tensors.TensorPrimitives.Multiply(embedding, EmbeddingWeight, weighed);
        return weighed;
    }

    private static IEstimator<ITransformer> Trainer(MLContext ml, ClassifierTrainer trainer) => trainer switch
    {
        ClassifierTrainer.LbfgsMaximumEntropy => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(
            new Microsoft.ML.Trainers.LbfgsMaximumEntropyMulticlassTrainer.Options
            {
                LabelColumnName = LabelKey,
                FeatureColumnName = Features,
                ExampleWeightColumnName = nameof(FaqQuestion.Weight),
                L2Regularization = 0.01f,
                L1Regularization = 0f,
                MaximumNumberOfIterations = 200,
            }),
        ClassifierTrainer.SdcaMaximumEntropy => ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(
            new Microsoft.ML.Trainers.SdcaMaximumEntropyMulticlassTrainer.Options
            {
                LabelColumnName = LabelKey,
                FeatureColumnName = Features,
                ExampleWeightColumnName = nameof(FaqQuestion.Weight),
                L2Regularization = 0.001f,
                MaximumNumberOfIterations = 30,
                NumberOfThreads = 1,
            }),
        _ => throw new ArgumentOutOfRangeException(nameof(trainer), trainer, "Unknown trainer."),
    };
}
