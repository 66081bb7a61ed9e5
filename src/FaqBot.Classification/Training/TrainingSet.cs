using System.Security.Cryptography;
using System.Text;
using FaqBot.Core.Answers;
using FaqBot.Core.Knowledge;

namespace FaqBot.Classification.Training;

/// <summary>
/// Everything one model is trained on: utterances generated from the essay, the curated examples written for
/// it (when its data folder has any), and the shared out-of-scope examples.
/// </summary>
public sealed class TrainingSet
{
    private TrainingSet(IReadOnlyList<TrainingExample> examples, IReadOnlyList<string> warnings, string fingerprint)
    {
        Examples = examples;
        Warnings = warnings;
        Fingerprint = fingerprint;
    }

    public IReadOnlyList<TrainingExample> Examples { get; }

    /// <summary>Curated lines that were skipped, e.g. a label the essay does not have.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>SHA-256 over the essay and every example: a model trained on the same set has the same fingerprint.</summary>
    public string Fingerprint { get; }

    public static TrainingSet Build(Essay essay, TrainingDataLocation data)
    {
        ArgumentNullException.ThrowIfNull(essay);
        ArgumentNullException.ThrowIfNull(data);
        var examples = new List<TrainingExample>(UtteranceGenerator.FromEssay(essay));
        var warnings = new List<string>();
        var known = essay.AnswerIds.Append(AnswerPolicy.OutOfScopeLabel).ToHashSet(StringComparer.Ordinal);

        if (data.CuratedTrainingFile(essay) is { } curated)
        {
            foreach (var example in TrainingDataFile.ReadLabelled(curated))
            {
                if (known.Contains(example.Label))
                {
                    examples.Add(example);
                }
                else
                {
                    warnings.Add($"{curated}: label '{example.Label}' is not in the essay; line skipped.");
                }
            }
        }

        if (data.OutOfScopeTrainingFile is { } outOfScope)
        {
            examples.AddRange(TrainingDataFile.ReadLines(outOfScope).Select(t => new TrainingExample(AnswerPolicy.OutOfScopeLabel, t)));
        }

        var distinct = examples.DistinctBy(e => (e.Label, e.Text.ToLowerInvariant())).ToList();
        return new TrainingSet(distinct, warnings, ComputeFingerprint(essay, distinct));
    }

    private static string ComputeFingerprint(Essay essay, IEnumerable<TrainingExample> examples)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(essay.ContentHash));
        foreach (var example in examples)
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"\n{example.Label}\t{example.Text}"));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
