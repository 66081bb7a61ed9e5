using FaqBot.Classification.Training;
using FaqBot.Core.Answers;
using FaqBot.Core.Knowledge;

namespace FaqBot.Classification.Evaluation;

/// <summary>A fact question and an exact fragment of the one essay sentence that answers it.</summary>
public sealed record FactQuestion(string Question, string AnswerFragment);

/// <summary>Questions the model never trains on: labelled questions (out-of-scope included) and fact questions.</summary>
public sealed record HeldOutSet(IReadOnlyList<TrainingExample> Questions, IReadOnlyList<FactQuestion> Facts)
{
    public static HeldOutSet Load(Essay essay, TrainingDataLocation data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var questions = new List<TrainingExample>();
        if (data.HeldOutFile(essay) is { } heldOut)
        {
            questions.AddRange(TrainingDataFile.ReadLabelled(heldOut));
        }

        if (data.OutOfScopeHeldOutFile is { } outOfScope)
        {
            questions.AddRange(TrainingDataFile.ReadLines(outOfScope).Select(t => new TrainingExample(AnswerPolicy.OutOfScopeLabel, t)));
        }

        var facts = data.FactsHeldOutFile(essay) is { } factsFile
            ? TrainingDataFile.ReadLabelled(factsFile).Select(e => new FactQuestion(e.Label, e.Text)).ToList()
            : [];
        var unknown = questions.Select(q => q.Label).Where(l => l != AnswerPolicy.OutOfScopeLabel && !essay.AnswerIds.Contains(l)).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidDataException($"Held-out data names labels the essay does not have: {string.Join(", ", unknown.Distinct())}.");
        }

        return new HeldOutSet(questions.DistinctBy(q => (q.Label, q.Text)).ToList(), facts);
    }
}
