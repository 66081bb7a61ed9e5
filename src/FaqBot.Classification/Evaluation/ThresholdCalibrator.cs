using System.ComponentModel.DataAnnotations;
using FaqBot.Classification.Answers;
using FaqBot.Core.Answers;

namespace FaqBot.Classification.Evaluation;

/// <summary>The thresholds chosen on a calibration split, and what they earned there.</summary>
/// <param name="Utility">The summed reply values (see <see cref="ThresholdCalibrator"/>) over the calibration questions.</param>
/// <param name="BestPossible">The utility if every reply had been the best one: one point a question.</param>
public sealed record ThresholdCalibration(AnswerPolicyOptions Options, double Utility, int BestPossible);

/// <summary>
/// Chooses the answer policy's thresholds on the calibration split (never on the held-out set the numbers are
/// reported on). Each calibration question is embedded, classified and scored against the essay once; the policy
/// is then replayed with candidate thresholds. A reply is worth what it is worth to the user: the right answer
/// +1, a did-you-mean that offers it +0.5, an honest fallback 0, a wrong answer -2; for an off-topic question a
/// fallback +1, a did-you-mean -0.5, an answer -2; for a fact question the right sentence +1, another sentence -1,
/// anything else 0. A wrong FAQ or myth answer costs twice what a right one earns: it rebuts the wrong claim with
/// confidence, where a did-you-mean or an honest "not sure" misleads no one. A wrong fact sentence costs less: it
/// comes from the section the question is about, which the reply names. Coordinate ascent from a fixed start over a 0.05 grid sets one threshold at a time to the value
/// whose utility, averaged with its neighbours', is best (the middle of the widest run of such values on a tie),
/// until a pass changes nothing. The result depends only on the models and the calibration data.
/// </summary>
public static class ThresholdCalibrator
{
    private const int MaxPasses = 10;

    /// <summary>What a wrong answer costs, against +1 for a right one.</summary>
    private const double WrongAnswerCost = 2;
    private const double Step = 0.05;

    private static readonly Dimension[] Dimensions =
    [
        new(0.20, 0.90, (o, v) => o.AnswerThreshold = v),
        new(0.00, 0.60, (o, v) => o.MinimumMargin = v),
        new(0.05, 0.40, (o, v) => o.DidYouMeanThreshold = v),
        new(0.30, 0.95, (o, v) => o.OutOfScopeThreshold = v),
        new(0.10, 0.70, (o, v) => o.FactThreshold = v),
        new(0.30, 0.95, (o, v) => o.StrongFactThreshold = v),
        new(0.00, 1.00, (o, v) => o.FactLead = v),
    ];

    public static ThresholdCalibration Calibrate(FaqAnswerEngine engine, HeldOutSet calibration)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(calibration);
        if (calibration.Questions.Count == 0 && calibration.Facts.Count == 0)
        {
            throw new ArgumentException("The calibration split is empty.", nameof(calibration));
        }

        var cases = calibration.Questions.Select(q => new Case(q.Text, engine.Explain(q.Text), q.Label, null))
            .Concat(calibration.Facts.Select(f => new Case(f.Question, engine.Explain(f.Question), null, f.AnswerFragment)))
            .ToList();

        // Start in the middle of every range, so the start does not depend on the shipped defaults.
        var values = Dimensions.Select(d => d.Grid[d.Grid.Count / 2]).ToArray();
        var utility = Utility(engine, cases, values);
        for (var pass = 0; pass < MaxPasses; pass++)
        {
            var changed = false;
            for (var d = 0; d < Dimensions.Length; d++)
            {
                var grid = Dimensions[d].Grid;
                var raw = grid.Select(v => Utility(engine, cases, With(values, d, v))).ToList();

                // Judge a value with its neighbours: one lucky grid point on a small calibration set is noise, not a signal.
                var smoothed = raw.Select((_, i) => raw.Skip(Math.Max(0, i - 1)).Take(i == 0 ? 2 : 3).Average()).ToList();
                var best = smoothed.Max();
                var chosen = MiddleOfWidestRun(grid.Select((v, i) => smoothed[i] == best ? v : (double?)null).ToList());
                utility = raw[grid.ToList().IndexOf(chosen)];
                changed |= chosen != values[d];
                values[d] = chosen;
            }

            if (!changed)
            {
                break;
            }
        }

        return new ThresholdCalibration(Options(values), utility, cases.Count);
    }

    /// <summary>What one reply is worth to the user who asked (see the class summary).</summary>
    internal static double Value(Answer answer, string? expectedLabel, string? answerFragment)
    {
        if (answerFragment is not null)
        {
            return Evaluator.AnswerText(answer) is { Length: > 0 } quoted
                ? quoted.Contains(answerFragment, StringComparison.Ordinal) ? 1 : -1
                : 0;
        }

        var outcome = Evaluator.Outcome(answer);
        if (expectedLabel == AnswerPolicy.OutOfScopeLabel)
        {
            return outcome == Evaluator.Fallback ? 1 : outcome == Evaluator.DidYouMean ? -0.5 : -WrongAnswerCost;
        }

        return outcome switch
        {
            _ when outcome == expectedLabel => 1,
            Evaluator.DidYouMean => ((DidYouMeanAnswer)answer).Candidates.Any(c => c.Id == expectedLabel) ? 0.5 : 0,
            Evaluator.Fallback => 0,
            _ => -WrongAnswerCost,
        };
    }

    private static double Utility(FaqAnswerEngine engine, List<Case> cases, double[] values)
    {
        var options = Options(values);
        if (!Validator.TryValidateObject(options, new ValidationContext(options), null, validateAllProperties: true))
        {
            return double.NegativeInfinity;
        }

        var policy = new AnswerPolicy(engine.Essay, options);
        return cases.Sum(c => Value(engine.Decide(c.Question, c.Evidence, policy), c.Label, c.AnswerFragment));
    }

    private static double MiddleOfWidestRun(List<double?> best)
    {
        var (start, length, runStart) = (0, 0, -1);
        for (var i = 0; i <= best.Count; i++)
        {
            if (i < best.Count && best[i] is not null)
            {
                runStart = runStart < 0 ? i : runStart;
            }
            else if (runStart >= 0)
            {
                if (i - runStart > length)
                {
                    (start, length) = (runStart, i - runStart);
                }

                runStart = -1;
            }
        }

        return best[start + ((length - 1) / 2)]!.Value;
    }

    private static double[] With(double[] values, int index, double value)
    {
        var copy = (double[])values.Clone();
        copy[index] = value;
        return copy;
    }

    private static AnswerPolicyOptions Options(double[] values)
    {
        var options = new AnswerPolicyOptions();
        for (var d = 0; d < Dimensions.Length; d++)
        {
            Dimensions[d].Set(options, (float)values[d]);
        }

        return options;
    }

    private sealed record Case(string Question, AnswerExplanation Evidence, string? Label, string? AnswerFragment);

    private sealed record Dimension(double From, double To, Action<AnswerPolicyOptions, float> Set)
    {
        public IReadOnlyList<double> Grid { get; } = Enumerable.Range(0, (int)Math.Round((To - From) / Step) + 1)
            .Select(i => Math.Round(From + (i * Step), 2)).ToList();
    }
}
