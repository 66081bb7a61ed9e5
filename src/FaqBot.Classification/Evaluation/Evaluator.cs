using FaqBot.Classification.Answers;
using FaqBot.Core.Answers;
using FaqBot.Core.Knowledge;

namespace FaqBot.Classification.Evaluation;

/// <summary>Runs a held-out set through the full answer path (or a baseline) and computes the report's numbers.</summary>
public static class Evaluator
{
    internal const string Fallback = "fallback";
    internal const string DidYouMean = "did-you-mean";

    public static EvaluationReport Evaluate(FaqAnswerEngine engine, HeldOutSet set, string systemName = "FaqBot")
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(set);
        var scored = new List<ScoredQuestion>();
        var argmax = new List<(string Expected, string Predicted, float Probability)>();
        foreach (var question in set.Questions)
        {
            var (answer, ranking, _) = engine.Explain(question.Text);
            argmax.Add((question.Label, ranking[0].Label, ranking[0].Probability));
            var outcome = Outcome(answer);
            scored.Add(new ScoredQuestion(question.Text, question.Label, outcome, answer.Confidence.Probability, Describe(answer),
                IsCorrect(question.Label, outcome)));
        }

        var factMisses = new List<string>();
        foreach (var fact in set.Facts)
        {
            var answer = engine.Answer(fact.Question);
            if (!AnswerText(answer).Contains(fact.AnswerFragment, StringComparison.Ordinal))
            {
                factMisses.Add($"{fact.Question} -> {Describe(answer)}");
            }
        }

        return Report(systemName, engine.Essay, scored, argmax, set.Facts.Count, factMisses);
    }

    /// <summary>A baseline that always answers with its nearest candidate unless it scores below its own cut-off.</summary>
    public static EvaluationReport EvaluateBaseline(IBaseline baseline, Essay essay, HeldOutSet set)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(set);
        var scored = new List<ScoredQuestion>();
        var argmax = new List<(string, string, float)>();
        foreach (var question in set.Questions)
        {
            var (label, score) = baseline.Nearest(question.Text);
            argmax.Add((question.Label, label, score));
            scored.Add(new ScoredQuestion(question.Text, question.Label, label, score, label, IsCorrect(question.Label, label)));
        }

        var factMisses = set.Facts
            .Where(f => !baseline.NearestSentence(f.Question).Contains(f.AnswerFragment, StringComparison.Ordinal))
            .Select(f => f.Question).ToList();
        return Report(baseline.Name, essay, scored, argmax, set.Facts.Count, factMisses);
    }

    private static EvaluationReport Report(string name, Essay essay, List<ScoredQuestion> scored,
        List<(string Expected, string Predicted, float Probability)> argmax, int factCount, List<string> factMisses)
    {
        var inScope = scored.Where(q => q.Expected != AnswerPolicy.OutOfScopeLabel).ToList();
        var outOfScope = scored.Where(q => q.Expected == AnswerPolicy.OutOfScopeLabel).ToList();
        var answered = inScope.Where(q => q.Predicted is not Fallback and not DidYouMean and not AnswerPolicy.OutOfScopeLabel).ToList();

        var labels = essay.AnswerIds.Append(AnswerPolicy.OutOfScopeLabel).ToList();
        var index = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        var counts = new int[labels.Count, labels.Count];
        foreach (var (expected, predicted, _) in argmax)
        {
            counts[index[expected], index[predicted]]++;
        }

        var perLabel = labels.Select((label, i) =>
        {
            var truePositive = counts[i, i];
            var predictedCount = Enumerable.Range(0, labels.Count).Sum(r => counts[r, i]);
            var support = Enumerable.Range(0, labels.Count).Sum(c => counts[i, c]);
            var precision = predictedCount == 0 ? 0 : (double)truePositive / predictedCount;
            var recall = support == 0 ? 0 : (double)truePositive / support;
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            return new LabelMetrics(label, precision, recall, f1, support);
        }).ToList();
        var withSupport = perLabel.Where(m => m.Support > 0).ToList();

        var inScopeArgmax = argmax.Where(a => a.Expected != AnswerPolicy.OutOfScopeLabel).ToList();
        var curve = Enumerable.Range(0, 20).Select(step =>
        {
            var threshold = step * 0.05;
            var covered = inScopeArgmax.Where(a => a.Probability >= threshold).ToList();
            return new CoveragePoint(threshold, Share(covered.Count, inScopeArgmax.Count),
                covered.Count == 0 ? 1 : Share(covered.Count(a => a.Expected == a.Predicted), covered.Count));
        }).ToList();

        return new EvaluationReport(
            name,
            inScope.Count,
            outOfScope.Count,
            factCount,
            InScopeAccuracy: answered.Count == 0 ? 0 : Share(answered.Count(q => q.Correct), answered.Count),
            Coverage: Share(answered.Count, inScope.Count),
            FalseRejectRate: Share(inScope.Count(q => q.Predicted is Fallback or AnswerPolicy.OutOfScopeLabel), inScope.Count),
            OutOfScopeRecall: Share(outOfScope.Count(q => q.Predicted is Fallback or AnswerPolicy.OutOfScopeLabel), outOfScope.Count),
            FactAccuracy: factCount == 0 ? 0 : Share(factCount - factMisses.Count, factCount),
            ClassifierAccuracy: Share(argmax.Count(a => a.Expected == a.Predicted), argmax.Count),
            MacroF1: withSupport.Count == 0 ? 0 : withSupport.Average(m => m.F1),
            perLabel,
            new ConfusionMatrix(labels, counts),
            curve,
            scored,
            factMisses);
    }

    private static double Share(int part, int whole) => whole == 0 ? 0 : (double)part / whole;

    private static bool IsCorrect(string expected, string predicted) =>
        expected == AnswerPolicy.OutOfScopeLabel ? predicted is Fallback or AnswerPolicy.OutOfScopeLabel : expected == predicted;

    /// <summary>The label the user effectively got: an FAQ id, a section id, or fallback / did-you-mean.</summary>
    internal static string Outcome(Answer answer) => answer switch
    {
        FaqAnswer faq => faq.Faq.Id,
        FactAnswer fact => fact.Section.Id,
        SectionAnswer section => section.Section.Id,
        DidYouMeanAnswer => DidYouMean,
        _ => Fallback,
    };

    internal static string AnswerText(Answer answer) => answer switch
    {
        FaqAnswer faq => faq.Faq.Answer,
        FactAnswer fact => string.Join(" ", fact.Sentences),
        _ => string.Empty,
    };

    public static string Describe(Answer answer) => answer switch
    {
        FaqAnswer faq => $"{answer.Kind} {faq.Faq.Id}",
        FactAnswer fact => $"fact [{fact.Section.Id}] {string.Join(" ", fact.Sentences)}",
        SectionAnswer section => $"section summary {section.Section.Id}",
        DidYouMeanAnswer choice => $"did-you-mean {string.Join(" | ", choice.Candidates.Select(c => c.Id))}",
        FallbackAnswer fallback => fallback.OutOfScope ? "fallback (out of scope)" : $"fallback (closest {fallback.ClosestSection?.Id})",
        _ => answer.GetType().Name,
    };
}
