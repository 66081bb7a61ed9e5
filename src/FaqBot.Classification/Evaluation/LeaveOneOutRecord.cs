using System.Globalization;

namespace FaqBot.Classification.Evaluation;

/// <summary>
/// The leave-one-essay-out counts as `eval --all` measured them (`training/eval/leave-one-out.tsv`): per essay and
/// metric, how many of how many. The tests' floors are the binomial lower bounds of these counts (upper bounds for wrong
/// answers), so a floor is as tight as its set is large, never "one question below today".
/// </summary>
public static class LeaveOneOutRecord
{
    /// <summary>The metrics recorded, with how each is read off FaqBot's scores.</summary>
    public static readonly IReadOnlyList<(string Name, Func<EssayScores, Share> Value)> Metrics =
    [
        ("faq-direct", s => s.FaqDirect),
        ("faq-offered", s => s.FaqOffered),
        ("wrong", s => s.Wrong),
        ("coverage", s => s.Coverage),
        ("fact-right", s => s.FactRight),
        ("off-topic", s => s.OffTopicRecall),
        ("fact-quote-holding", s => s.FactQuoteHolding),
    ];

    public static void Write(IEnumerable<EssayReport> reports, string path)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var lines = new List<string> { "# essay\tmetric\tcount\ttotal (FaqBot, leave one essay out; written by eval --all)" };
        foreach (var report in reports)
        {
            lines.AddRange(Metrics.Select(m => string.Create(CultureInfo.InvariantCulture,
                $"{report.Name}\t{m.Name}\t{m.Value(report.FaqBot).Count}\t{m.Value(report.FaqBot).Total}")));
        }

        File.WriteAllLines(path, lines);
    }

    /// <summary>Essay, then metric, to the recorded share.</summary>
    public static IReadOnlyDictionary<(string Essay, string Metric), Share> Read(string path) =>
        File.ReadLines(path).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('\t'))
            .ToDictionary(f => (f[0], f[1]), f => new Share(int.Parse(f[2], CultureInfo.InvariantCulture), int.Parse(f[3], CultureInfo.InvariantCulture)));
}
