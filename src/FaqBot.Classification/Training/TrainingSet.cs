using System.Security.Cryptography;
using System.Text;
using FaqBot.Core.Decision;
using FaqBot.Core.Knowledge;
using FaqBot.Core.Text;

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

    /// <param name="curated">Include the essay's curated examples (its train.tsv), when it has any.</param>
    public static TrainingSet Build(Essay essay, TrainingDataLocation data, bool curated = true)
    {
        ArgumentNullException.ThrowIfNull(essay);
        ArgumentNullException.ThrowIfNull(data);
        var examples = new List<TrainingExample>(UtteranceGenerator.FromEssay(essay));
        var warnings = new List<string>();
        var known = essay.AnswerIds.Append(AnswerPolicy.OutOfScopeLabel).ToHashSet(StringComparer.Ordinal);

        if (curated && data.CuratedTrainingFile(essay) is { } curatedFile)
        {
            foreach (var example in TrainingDataFile.ReadLabelled(curatedFile))
            {
                if (known.Contains(example.Label))
                {
                    examples.Add(example);
                }
                else
                {
                    warnings.Add($"{curatedFile}: label '{example.Label}' is not in the essay; line skipped.");
                }
            }
        }

        if (data.OutOfScopeTrainingFile is { } outOfScope)
        {
            var essayTerms = EssayTerms(essay);
            foreach (var line in TrainingDataFile.ReadLines(outOfScope))
            {
                // The shared off-topic examples are off-topic for most essays, not all: "is coffee bad for you" is what an
                // essay on coffee answers. An example half of whose words the essay uses is left out.
                var terms = TextNormalizer.Terms(line).Distinct(StringComparer.Ordinal).ToList();
                if (terms.Count == 0 || terms.Count(essayTerms.Contains) * 2 < terms.Count)
                {
                    examples.Add(new TrainingExample(AnswerPolicy.OutOfScopeLabel, line));
                }
            }
        }

        var distinct = examples.DistinctBy(e => (e.Label, e.Text.ToLowerInvariant())).ToList();
        return new TrainingSet(distinct, warnings, ComputeFingerprint(essay, distinct));
    }

    /// <summary>The terms of the essay's own text: its headings, questions and sentences.</summary>
    private static HashSet<string> EssayTerms(Essay essay) =>
        essay.Sections.Select(s => s.Title).Concat(essay.Faqs.Select(f => f.Question)).Concat(essay.Sentences.Select(s => s.Text))
            .SelectMany(TextNormalizer.Terms).ToHashSet(StringComparer.Ordinal);

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
