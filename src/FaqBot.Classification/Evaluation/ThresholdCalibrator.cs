using System.ComponentModel.DataAnnotations;
using FaqBot.Core.Decision;
using FaqBot.Core.Knowledge;

namespace FaqBot.Classification.Evaluation;

/// <summary>A question already ranked, with the confidence in its best candidate: what the policy decides from.</summary>
public sealed record DecisionCase(Essay Essay, LabelledQuestion Question, IReadOnlyList<RankedCandidate> Ranked, float Confidence, bool OffTopic)
{
    public Answer Decide(AnswerPolicyOptions options) => new AnswerPolicy(Essay, options).Decide(Ranked, Confidence, OffTopic);
}

/// <summary>The thresholds chosen, and the utility they earned on the cases they were chosen on.</summary>
public sealed record ThresholdCalibration(AnswerPolicyOptions Options, double Utility, int BestPossible);

/// <summary>
/// Chooses the answer policy's thresholds on questions ranked by models that never saw them (see <c>RankingFit</c>):
/// coordinate ascent over a grid, from the middle of every range, setting one threshold at a time to the value whose
/// utility (<see cref="Judge"/>), averaged with its neighbours', is best (the middle of the widest run of such values on
/// a tie), until a pass changes nothing. The result depends only on the cases.
/// </summary>
public static class ThresholdCalibrator
{
    private const int MaxPasses = 10;

    private static readonly Dimension[] Dimensions =
    [
        new(0.05, 0.95, 0.05, (o, v) => o.AnswerThreshold = v),
        new(0.05, 0.95, 0.05, (o, v) => o.FactThreshold = v),
        new(0.00, 0.90, 0.05, (o, v) => o.DidYouMeanThreshold = v),
        new(0.00, 5.00, 0.10, (o, v) => o.AlternativeGap = v),
        new(0.00, 8.00, 0.20, (o, v) => o.JoinGap = v),
    ];

    public static ThresholdCalibration Calibrate(IReadOnlyList<DecisionCase> cases)
    {
        ArgumentNullException.ThrowIfNull(cases);
        if (cases.Count == 0)
        {
            throw new ArgumentException("There is nothing to calibrate on.", nameof(cases));
        }

        var values = Dimensions.Select(d => d.Grid[d.Grid.Count / 2]).ToArray();
        var utility = Utility(cases, values);
        for (var pass = 0; pass < MaxPasses; pass++)
        {
            var changed = false;
            for (var d = 0; d < Dimensions.Length; d++)
            {
                var grid = Dimensions[d].Grid;
                var raw = grid.Select(v => Utility(cases, With(values, d, v))).ToList();

                // Judge a value with its neighbours: one lucky grid point is noise, not a signal.
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

    private static double Utility(IReadOnlyList<DecisionCase> cases, double[] values)
    {
        var options = Options(values);
        return Validator.TryValidateObject(options, new ValidationContext(options), null, validateAllProperties: true)
            ? cases.Sum(c => Judge.Value(c.Decide(options), c.Question))
            : double.NegativeInfinity;
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

    private sealed record Dimension(double From, double To, double Step, Action<AnswerPolicyOptions, float> Set)
    {
        public IReadOnlyList<double> Grid { get; } = Enumerable.Range(0, (int)Math.Round((To - From) / Step) + 1)
            .Select(i => Math.Round(From + (i * Step), 2)).ToList();
    }
}
