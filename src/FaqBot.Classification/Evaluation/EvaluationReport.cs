namespace FaqBot.Classification.Evaluation;

/// <summary>The numbers that say how well FaqBot answers a held-out set.</summary>
/// <param name="InScopeAccuracy">Of in-scope questions that got an answer, the share answered with the right FAQ entry or section.</param>
/// <param name="Coverage">Share of in-scope questions that got an answer (not did-you-mean, not fallback).</param>
/// <param name="FalseRejectRate">Share of in-scope questions that got a fallback.</param>
/// <param name="OutOfScopeRecall">Share of out-of-scope questions that got a fallback, not an answer.</param>
/// <param name="FactAccuracy">Share of fact questions whose reply contains the answering sentence.</param>
public sealed record EvaluationReport(
    string SystemName,
    int InScopeCount,
    int OutOfScopeCount,
    int FactCount,
    double InScopeAccuracy,
    double Coverage,
    double FalseRejectRate,
    double OutOfScopeRecall,
    double FactAccuracy,
    double ClassifierAccuracy,
    double MacroF1,
    IReadOnlyList<LabelMetrics> PerLabel,
    ConfusionMatrix? Confusion,
    IReadOnlyList<CoveragePoint> AccuracyCoverage,
    IReadOnlyList<ScoredQuestion> Questions,
    IReadOnlyList<string> FactMisses);

public sealed record LabelMetrics(string Label, double Precision, double Recall, double F1, int Support);

public sealed record ConfusionMatrix(IReadOnlyList<string> Labels, int[,] Counts);

/// <summary>With the answer threshold at <see cref="Threshold"/>: the share answered and the accuracy of those answers.</summary>
public sealed record CoveragePoint(double Threshold, double Coverage, double Accuracy);

/// <summary>One held-out question: its expected label, what was predicted with what probability, and what the user got.</summary>
public sealed record ScoredQuestion(string Text, string Expected, string Predicted, float Probability, string Outcome, bool Correct);
