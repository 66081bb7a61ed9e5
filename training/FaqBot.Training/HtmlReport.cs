using System.Globalization;
using System.Net;
using System.Text;
using FaqBot.Classification.Evaluation;

namespace FaqBot.Training;

/// <summary>
/// The evaluation as self-contained HTML pages: a summary (every essay, every system, the means) and a page per essay
/// with every system's numbers and each question FaqBot got wrong, with what it answered.
/// </summary>
internal static class HtmlReport
{
    private const string Style =
        "body{font-family:system-ui,sans-serif;margin:2rem;max-width:1200px}table{border-collapse:collapse;margin:1rem 0}" +
        "th,td{border:1px solid #ccc;padding:.3rem .6rem;text-align:left;vertical-align:top}th{background:#f0f0f0}" +
        "td.n{text-align:right;white-space:nowrap}tr.mean td{font-weight:bold}.miss{font-size:.9rem}";

    public static IEnumerable<(string File, string Html)> Write(IReadOnlyList<EssayReport> reports, bool leaveOneOut)
    {
        var summary = new StringBuilder()
            .Append(Invariant($"<h1>FaqBot evaluation</h1><p>{(leaveOneOut ? "Leave one essay out: each essay is answered by a ranking model fitted on the other essays' calibration questions, with its classifier trained on its own text alone." : "One essay, answered with the shipped ranking model.")}</p>"))
            .Append("<h2>FaqBot, per essay</h2>")
            .Append(Table(reports.Select(r => (Link(r), r.FaqBot)).ToList(), reports.Count > 1 ? reports.Select(r => r.FaqBot).ToList() : null));
        if (reports[0].Systems.Count > 1)
        {
            summary.Append("<h2>Every system, per essay</h2>");
            foreach (var report in reports)
            {
                summary.Append(Invariant($"<h3>{Link(report)}</h3>")).Append(Table(report.Systems.Select(s => (Encode(s.System), s)).ToList(), null));
            }
        }

        yield return ("index.html", Page("FaqBot evaluation", summary.ToString()));
        foreach (var report in reports)
        {
            var page = new StringBuilder()
                .Append(Invariant($"<p><a href=\"index.html\">Summary</a></p><h1>{Encode(report.Name)}</h1><p>{Encode(report.Title)}</p>"))
                .Append(Invariant($"<p>Thresholds: {Encode(TrainingTools.Thresholds(report.Thresholds))}</p>"))
                .Append(Table(report.Systems.Select(s => (Encode(s.System), s)).ToList(), null))
                .Append("<h2>What FaqBot got wrong or did not answer</h2>")
                .Append(Misses(report.FaqBot));
            yield return ($"{report.Name}.html", Page(report.Name, page.ToString()));
        }
    }

    private static string Table(IReadOnlyList<(string Label, EssayScores Scores)> rows, IReadOnlyList<EssayScores>? mean)
    {
        var table = new StringBuilder("<table><tr><th></th>");
        foreach (var column in EvaluationMarkdown.Columns)
        {
            table.Append(Invariant($"<th>{Encode(column.Name)}</th>"));
        }

        table.Append("<th>utility a question</th></tr>");
        foreach (var (label, scores) in rows)
        {
            table.Append(Invariant($"<tr><td>{label}</td>"));
            foreach (var column in EvaluationMarkdown.Columns)
            {
                table.Append(Invariant($"<td class=\"n\">{Encode(EvaluationMarkdown.Cell(column.Value(scores)))}</td>"));
            }

            table.Append(Invariant($"<td class=\"n\">{scores.Utility / Math.Max(1, scores.Outcomes.Count):F2}</td></tr>"));
        }

        if (mean is not null)
        {
            table.Append("<tr class=\"mean\"><td>mean over essays</td>");
            foreach (var column in EvaluationMarkdown.Columns)
            {
                table.Append(Invariant($"<td class=\"n\">{EvaluationMarkdown.MeanCell(mean.Select(column.Value))}</td>"));
            }

            table.Append(Invariant($"<td class=\"n\">{mean.Average(s => s.Utility / Math.Max(1, s.Outcomes.Count)):F2}</td></tr>"));
        }

        return table.Append("</table>").ToString();
    }

    private static string Misses(EssayScores scores)
    {
        var misses = scores.Outcomes.Where(o => !o.Right).ToList();
        if (misses.Count == 0)
        {
            return "<p>None.</p>";
        }

        var table = new StringBuilder("<table class=\"miss\"><tr><th>question</th><th>expected</th><th>got</th></tr>");
        foreach (var miss in misses.OrderBy(m => Kind(m.Question)))
        {
            table.Append(Invariant(
                $"<tr><td>{Encode(miss.Question.Text)}</td><td>{Encode(miss.Question.Label ?? "fact: " + miss.Question.Fragment)}</td><td>{Encode(miss.Description)}</td></tr>"));
        }

        return table.Append("</table>").ToString();
    }

    private static int Kind(LabelledQuestion q) => q.IsFaq ? 0 : q.IsFact ? 2 : q.IsOffTopic ? 3 : 1;

    private static string Link(EssayReport report) => Invariant($"<a href=\"{Encode(report.Name)}.html\">{Encode(report.Name)}</a>");

    private static string Page(string title, string body) =>
        Invariant($"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{Encode(title)}</title><style>{Style}</style></head><body>{body}</body></html>");

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
