using FaqBot.Classification.Training;
using FaqBot.Core.Decision;
using FaqBot.Core.Knowledge;

namespace FaqBot.Classification.Evaluation;

/// <summary>A fact question and an exact fragment of the one essay sentence that answers it.</summary>
public sealed record FactQuestion(string Question, string AnswerFragment);

/// <summary>
/// Questions the model never trains on: labelled questions (out-of-scope included) and fact questions. Two splits
/// exist: the held-out set the numbers are reported on, and the calibration set the thresholds are chosen on.
/// </summary>
public sealed record HeldOutSet(IReadOnlyList<TrainingExample> Questions, IReadOnlyList<FactQuestion> Facts)
{
    /// <summary>The held-out split: `heldout.tsv`, `facts-heldout.tsv` and `out-of-scope/heldout.txt`.</summary>
    public static HeldOutSet Load(Essay essay, TrainingDataLocation data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Load(essay, data.HeldOutFile(essay), data.OutOfScopeHeldOutFile, data.FactsHeldOutFile(essay));
    }

    /// <summary>
    /// The calibration split: `calibration.tsv`, `facts-calibration.tsv` and `out-of-scope/calibration.txt`; empty for
    /// an essay with no calibration questions of its own, since off-topic questions alone cannot place the thresholds.
    /// </summary>
    public static HeldOutSet LoadCalibration(Essay essay, TrainingDataLocation data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var (labelled, facts) = (data.CalibrationFile(essay), data.FactsCalibrationFile(essay));
        return labelled is null && facts is null
            ? new HeldOutSet([], [])
            : Load(essay, labelled, data.OutOfScopeCalibrationFile, facts);
    }

    private static HeldOutSet Load(Essay essay, string? labelledFile, string? outOfScopeFile, string? factsFile)
    {
        var questions = new List<TrainingExample>();
        if (labelledFile is not null)
        {
            questions.AddRange(TrainingDataFile.ReadLabelled(labelledFile));
        }

        if (outOfScopeFile is not null)
        {
            questions.AddRange(TrainingDataFile.ReadLines(outOfScopeFile).Select(t => new TrainingExample(AnswerPolicy.OutOfScopeLabel, t)));
        }

        var facts = factsFile is not null
            ? TrainingDataFile.ReadLabelled(factsFile).Select(e => new FactQuestion(e.Label, e.Text)).ToList()
            : [];
        var unknown = questions.Select(q => q.Label).Where(l => l != AnswerPolicy.OutOfScopeLabel && !essay.AnswerIds.Contains(l)).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidDataException($"{labelledFile} names labels the essay does not have: {string.Join(", ", unknown.Distinct())}.");
        }

        return new HeldOutSet(questions.DistinctBy(q => (q.Label, q.Text)).ToList(), facts);
    }
}
