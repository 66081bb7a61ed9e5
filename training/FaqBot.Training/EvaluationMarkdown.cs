using System.Globalization;
using System.Text;
using FaqBot.Classification.Evaluation;
using FaqBot.Classification.Training;
using FaqBot.Core.Answers;
using FaqBot.Core.Knowledge;

namespace FaqBot.Training;

/// <summary>The evaluation summary as Markdown: printed by eval and pasted into the README.</summary>
internal static class EvaluationMarkdown
{
    public static string Write(Essay essay, IReadOnlyList<EvaluationReport> reports, IReadOnlyList<CrossValidationScore> trainers,
        ClassifierTrainer chosen, AnswerPolicyOptions thresholds, ThresholdCalibration? calibration)
    {
        var main = reports[0];
        var text = new StringBuilder();
        text.AppendLine(Invariant($"## Evaluation: {Path.GetFileName(essay.SourcePath)}"));
        text.AppendLine();
        text.AppendLine(Invariant($"Held out: {main.InScopeCount} in-scope questions, {main.OutOfScopeCount} out-of-scope, {main.FactCount} fact questions."));
        text.AppendLine();
        text.AppendLine("| system | in-scope accuracy | coverage | false-reject | out-of-scope recall | fact sentence right | top-1 accuracy | macro-F1 |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in reports)
        {
            text.AppendLine(Invariant(
                $"| {r.SystemName} | {r.InScopeAccuracy:P1} | {r.Coverage:P1} | {r.FalseRejectRate:P1} | {r.OutOfScopeRecall:P1} | {r.FactAccuracy:P1} | {r.ClassifierAccuracy:P1} | {r.MacroF1:F3} |"));
        }

        text.AppendLine();
        text.AppendLine(calibration is null
            ? "Thresholds: the shipped defaults (this essay has no calibration split):"
            : Invariant($"Thresholds chosen on the calibration split ({calibration.BestPossible} questions, utility {calibration.Utility:F1} of {calibration.BestPossible}):"));
        text.AppendLine();
        text.AppendLine("| threshold | value | shipped default |");
        text.AppendLine("|---|---|---|");
        var shipped = new AnswerPolicyOptions();
        foreach (var (name, value, original) in new[]
        {
            (nameof(thresholds.AnswerThreshold), thresholds.AnswerThreshold, shipped.AnswerThreshold),
            (nameof(thresholds.MinimumMargin), thresholds.MinimumMargin, shipped.MinimumMargin),
            (nameof(thresholds.DidYouMeanThreshold), thresholds.DidYouMeanThreshold, shipped.DidYouMeanThreshold),
            (nameof(thresholds.OutOfScopeThreshold), thresholds.OutOfScopeThreshold, shipped.OutOfScopeThreshold),
            (nameof(thresholds.FactThreshold), thresholds.FactThreshold, shipped.FactThreshold),
            (nameof(thresholds.StrongFactThreshold), thresholds.StrongFactThreshold, shipped.StrongFactThreshold),
            (nameof(thresholds.FactLead), thresholds.FactLead, shipped.FactLead),
        })
        {
            text.AppendLine(Invariant($"| {name} | {value:F2} | {original:F2} |"));
        }

        text.AppendLine();
        text.AppendLine("Trainers compared by 5-fold cross-validation on the training set:");
        text.AppendLine();
        text.AppendLine("| trainer | micro accuracy | macro accuracy | log-loss |");
        text.AppendLine("|---|---|---|---|");
        foreach (var t in trainers)
        {
            text.AppendLine(Invariant($"| {t.Trainer}{(t.Trainer == chosen ? " (used)" : "")} | {t.MicroAccuracy:P1} | {t.MacroAccuracy:P1} | {t.LogLoss:F3} |"));
        }

        text.AppendLine();
        text.AppendLine("Accuracy/coverage over the answer threshold (classifier top-1 on in-scope questions):");
        text.AppendLine();
        text.AppendLine("| threshold | coverage | accuracy |");
        text.AppendLine("|---|---|---|");
        foreach (var point in main.AccuracyCoverage.Where((_, i) => i % 2 == 0))
        {
            text.AppendLine(Invariant($"| {point.Threshold:F2} | {point.Coverage:P1} | {point.Accuracy:P1} |"));
        }

        text.AppendLine();
        text.AppendLine("Per answer (classifier top-1):");
        text.AppendLine();
        text.AppendLine("| label | precision | recall | support |");
        text.AppendLine("|---|---|---|---|");
        foreach (var m in main.PerLabel.Where(m => m.Support > 0))
        {
            text.AppendLine(Invariant($"| {m.Label} | {m.Precision:P0} | {m.Recall:P0} | {m.Support} |"));
        }

        var misses = main.Questions.Where(q => !q.Correct).ToList();
        if (misses.Count > 0)
        {
            text.AppendLine();
            text.AppendLine(Invariant($"Questions FaqBot got wrong ({misses.Count}):"));
            text.AppendLine();
            foreach (var q in misses)
            {
                text.AppendLine(Invariant($"- \"{q.Text}\": expected {q.Expected}, got {q.Outcome} ({q.Probability:F2})"));
            }
        }

        if (main.FactMisses.Count > 0)
        {
            text.AppendLine();
            text.AppendLine(Invariant($"Fact questions answered with the wrong sentence ({main.FactMisses.Count}):"));
            text.AppendLine();
            foreach (var miss in main.FactMisses)
            {
                text.AppendLine($"- {miss}");
            }
        }

        return text.ToString();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
