using System.Globalization;
using System.Text;
using FaqBot.Classification.Evaluation;

namespace FaqBot.Training;

/// <summary>The evaluation as Markdown tables: printed by eval and pasted into the README.</summary>
internal static class EvaluationMarkdown
{
    /// <summary>The columns every table shows, with how a score reads in each.</summary>
    internal static readonly (string Name, Func<EssayScores, Share> Value)[] Columns =
    [
        ("FAQ/myth right, answered directly", s => s.FaqDirect),
        ("did-you-mean offering it", s => s.FaqOffered),
        ("wrong answer (of in-scope)", s => s.Wrong),
        ("coverage (in-scope answered)", s => s.Coverage),
        ("fact sentence right", s => s.FactRight),
        ("off-topic: no answer", s => s.OffTopicRecall),
        ("right fact quotes: sentences holding the answer", s => s.FactQuoteHolding),
    ];

    public static string Write(IReadOnlyList<EssayReport> reports, bool leaveOneOut)
    {
        var text = new StringBuilder();
        text.AppendLine(leaveOneOut
            ? Invariant($"## Leave one essay out: {reports.Count} essays, each answered by a ranking model fitted on the others")
            : Invariant($"## {reports[0].Name}, answered with the shipped ranking model"));
        text.AppendLine();
        text.AppendLine("FaqBot, per essay:");
        text.AppendLine();
        text.AppendLine("| essay | " + string.Join(" | ", Columns.Select(c => c.Name)) + " | utility a question | thresholds |");
        text.AppendLine("|---|" + string.Concat(Enumerable.Repeat("---|", Columns.Length + 2)));
        foreach (var report in reports)
        {
            var s = report.FaqBot;
            text.AppendLine(Invariant($"| {report.Name} | ") + string.Join(" | ", Columns.Select(c => Cell(c.Value(s)))) +
                Invariant($" | {s.Utility / Math.Max(1, s.Outcomes.Count):F2} | {TrainingTools.Thresholds(report.Thresholds)} |"));
        }

        if (reports.Count > 1)
        {
            text.AppendLine("| **mean over essays** | " + string.Join(" | ", Columns.Select(c => MeanCell(reports.Select(r => c.Value(r.Systems[0]))))) +
                Invariant($" | {reports.Average(r => r.FaqBot.Utility / Math.Max(1, r.FaqBot.Outcomes.Count)):F2} | |"));
        }

        if (reports[0].Systems.Count > 1)
        {
            text.AppendLine();
            text.AppendLine("Every system, mean over essays (each system's cut-offs fitted without the essay it answers):");
            text.AppendLine();
            text.AppendLine("| system | " + string.Join(" | ", Columns.Select(c => c.Name)) + " |");
            text.AppendLine("|---|" + string.Concat(Enumerable.Repeat("---|", Columns.Length)));
            foreach (var system in reports[0].Systems.Select(s => s.System))
            {
                var having = reports.Where(r => r.Systems.Any(s => s.System == system)).ToList();
                text.AppendLine(Invariant($"| {system}{(having.Count < reports.Count ? $" ({having.Count} essays)" : "")} | ") +
                    string.Join(" | ", Columns.Select(c => MeanCell(having.Select(r => c.Value(r.Systems.First(s => s.System == system)))))) + " |");
            }
        }

        return text.ToString();
    }

    /// <summary>The mean over essays of a rate, over the essays that have something to count ("-" when none has).</summary>
    internal static string MeanCell(IEnumerable<Share> shares)
    {
        var rates = shares.Where(s => s.Total > 0).Select(s => s.Rate).ToList();
        return rates.Count == 0 ? "-" : Percent(rates.Average());
    }

    internal static string Cell(Share share) => share.Total == 0 ? "-" : Invariant($"{share.Rate * 100:F1} % ({share})");

    internal static string Percent(double rate) => Invariant($"{rate * 100:F1} %");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
