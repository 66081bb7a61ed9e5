using System.Globalization;
using System.Net;
using System.Text;
using FaqBot.Core.Decision;
using FaqBot.Core.Feedback;
using FaqBot.Core.Knowledge;

namespace FaqBot.Bot.Admin;

/// <summary>
/// The console's HTML, rendered on the server with no script: charts as inline SVG, each with its numbers in a table a
/// click away. Every text that came from a user is HTML-encoded.
/// </summary>
internal static class AdminPage
{
    private static readonly Dictionary<string, string> Colours = new(StringComparer.Ordinal)
    {
        ["faq"] = "#2b6cb0", ["myth"] = "#6b46c1", ["fact"] = "#2f855a", ["section"] = "#38a169", ["choice"] = "#d69e2e",
        ["did-you-mean"] = "#dd6b20", ["fallback"] = "#c53030",
    };

    public static string SignIn(bool keyConfigured, string token) => Layout("FaqBot console: sign in", keyConfigured
        ? $"""
           <p>The console opens without a key only from this machine, to a bot bound to localhost. Enter the admin key.</p>
           <form method="post" action="/admin/sign-in"><input type="hidden" name="__RequestVerificationToken" value="{E(token)}">
           <input type="password" name="key" aria-label="Admin key" autocomplete="current-password"> <button type="submit">Sign in</button></form>
           """
        : "<p>The console opens only from this machine, to a bot bound to localhost. To open it from elsewhere, configure <code>Admin:Key</code>.</p>");

    public static string MissingRole(string role) =>
        Layout("FaqBot console", $"<p>You are signed in, but without the <code>{E(role)}</code> app role this console needs. Ask the app's owner to assign it.</p>");

    public static string Loading() => Layout("FaqBot console", "<p>The bot is still reading its essay. Reload in a moment.</p>");

    public static string Console(Essay essay, CuratorReport report, string token, int? labelled, RetrainStatus retrain)
    {
        var html = new StringBuilder();
        if (labelled is { } count)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\" role=\"status\">Added {count} example(s) to the essay's curated training data. Retrain below to answer with them.</p>");
        }

        var total = report.PerDay.Sum(d => d.Kinds.Values.Sum());
        html.Append(CultureInfo.InvariantCulture, $"<p>{total} questions recorded about <b>{E(essay.Title)}</b>.</p>");
        html.Append("<h2>Questions per day, by reply</h2>").Append(PerDayChart(report)).Append(PerDayTable(report));
        html.Append("<h2>Confidence of the answers given</h2>").Append(ConfidenceChart(report));
        html.Append(CultureInfo.InvariantCulture,
            $"<h2>Did-you-mean</h2><p>{report.DidYouMeans} did-you-mean replies; {report.Choices} picks of a choice or example; {report.NoneOfThese} \u201cnone of these\u201d.</p>");
        html.Append("<h2>Most asked answers</h2>").Append(TopAnswers(essay, report));
        html.Append("<h2>Votes per answer</h2>").Append(Votes(essay, report));
        html.Append("<h2>To review: unanswered and voted down</h2>").Append(Review(essay, report, token));
        html.Append("<h2>Stale: the essay changed under these</h2>").Append(Stale(report));
        html.Append("<h2 id=\"retrain\">Retrain and swap</h2>").Append(Retrain(retrain, token));
        return Layout("FaqBot console", html.ToString(), refresh: retrain.Running);
    }

    private static string Retrain(RetrainStatus status, string token)
    {
        var html = new StringBuilder("<p>Trains a new engine with the curated data as it is now, judges it beside the live one, and swaps it in only when it answers no worse. The bot keeps answering throughout.</p>");
        if (status.Started is { } started)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>{(status.Running ? "Running" : "Last run")}, started {started:yyyy-MM-dd HH:mm:ss} UTC:</p><ol>")
                .Append(string.Concat(status.Progress.Select(p => $"<li>{E(p)}</li>"))).Append("</ol>");
        }

        if (status.Before is { } before && status.After is { } after)
        {
            html.Append(CultureInfo.InvariantCulture, $"<table><tr><th></th><th>right</th></tr><tr><td>live engine (before)</td><td>{before:P1}</td></tr><tr><td>new engine (after)</td><td>{after:P1}</td></tr></table>");
        }

        if (status.Outcome is { } outcome)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\" role=\"status\">{E(outcome)}</p>");
        }

        return html.Append(status.Running
            ? "<p>Retraining... this page refreshes itself.</p>"
            : $"<form method=\"post\" action=\"/admin/retrain\"><input type=\"hidden\" name=\"__RequestVerificationToken\" value=\"{E(token)}\"><button type=\"submit\">Retrain</button></form>").ToString();
    }

    private static string PerDayChart(CuratorReport report)
    {
        if (report.PerDay.Count == 0)
        {
            return "<p>No questions recorded yet.</p>";
        }

        const int Height = 160, Bar = 24, Gap = 8;
        var max = Math.Max(1, report.PerDay.Max(d => d.Kinds.Values.Sum()));
        var svg = new StringBuilder().Append(CultureInfo.InvariantCulture,
            $"<svg role=\"img\" aria-label=\"Questions per day by reply kind\" width=\"{report.PerDay.Count * (Bar + Gap) + 40}\" height=\"{Height + 40}\">");
        for (var i = 0; i < report.PerDay.Count; i++)
        {
            var (day, kinds) = report.PerDay[i];
            var y = (double)Height;
            foreach (var kind in CuratorReport.Kinds.Where(kinds.ContainsKey))
            {
                var h = kinds[kind] * (double)Height / max;
                y -= h;
                svg.Append(CultureInfo.InvariantCulture,
                    $"<rect x=\"{i * (Bar + Gap) + 30}\" y=\"{y:F1}\" width=\"{Bar}\" height=\"{h:F1}\" fill=\"{Colours[kind]}\"><title>{day:yyyy-MM-dd} {kind}: {kinds[kind]}</title></rect>");
            }

            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{i * (Bar + Gap) + 30}\" y=\"{Height + 14}\" font-size=\"10\">{day:MM-dd}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"10\" font-size=\"10\">{max}</text></svg>");
        var legend = string.Join(" ", CuratorReport.Kinds.Select(k => $"<span class=\"key\" style=\"background:{Colours[k]}\"></span>{k}"));
        return $"{svg}<p class=\"legend\">{legend}</p>";
    }

    private static string PerDayTable(CuratorReport report) =>
        "<details><summary>The numbers</summary><table><tr><th>day</th>" + string.Concat(CuratorReport.Kinds.Select(k => $"<th>{k}</th>")) + "</tr>" +
        string.Concat(report.PerDay.Select(d => $"<tr><td>{d.Day:yyyy-MM-dd}</td>" +
            string.Concat(CuratorReport.Kinds.Select(k => $"<td>{d.Kinds.GetValueOrDefault(k)}</td>")) + "</tr>")) + "</table></details>";

    private static string ConfidenceChart(CuratorReport report)
    {
        const int Height = 100, Bar = 30;
        var max = Math.Max(1, report.ConfidenceBins.Max());
        var svg = new StringBuilder().Append(CultureInfo.InvariantCulture,
            $"<svg role=\"img\" aria-label=\"Answers by confidence\" width=\"{CuratorReport.Bins * (Bar + 4) + 10}\" height=\"{Height + 30}\">");
        for (var i = 0; i < CuratorReport.Bins; i++)
        {
            var h = report.ConfidenceBins[i] * (double)Height / max;
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{i * (Bar + 4)}\" y=\"{Height - h:F1}\" width=\"{Bar}\" height=\"{h:F1}\" fill=\"#4a5568\"><title>{i / 10.0:F1}-{(i + 1) / 10.0:F1}: {report.ConfidenceBins[i]}</title></rect>")
                .Append(CultureInfo.InvariantCulture, $"<text x=\"{i * (Bar + 4)}\" y=\"{Height + 14}\" font-size=\"10\">{i / 10.0:F1}</text>");
        }

        svg.Append("</svg>");
        var table = "<details><summary>The numbers</summary><table><tr><th>confidence</th><th>answers</th></tr>" +
            string.Concat(Enumerable.Range(0, CuratorReport.Bins).Select(i =>
                string.Create(CultureInfo.InvariantCulture, $"<tr><td>{i / 10.0:F1}-{(i + 1) / 10.0:F1}</td><td>{report.ConfidenceBins[i]}</td></tr>"))) + "</table></details>";
        return svg + table;
    }

    private static string TopAnswers(Essay essay, CuratorReport report) => report.TopAnswers.Count == 0
        ? "<p>None yet.</p>"
        : "<table><tr><th>answer</th><th>asked</th><th>as</th></tr>" + string.Concat(report.TopAnswers.Select(a =>
            $"<tr><td>{E(Title(essay, a.AnswerId))}</td><td>{a.Count}</td><td>{string.Join("<br>", a.Questions.Select(q => $"{E(q.Text)} ({q.Count})"))}</td></tr>")) + "</table>";

    private static string Votes(Essay essay, CuratorReport report) => report.Votes.Count == 0
        ? "<p>No votes yet.</p>"
        : "<table><tr><th>answer</th><th>helpful</th><th>not helpful</th><th>helpful share</th></tr>" + string.Concat(report.Votes.Select(v =>
            string.Create(CultureInfo.InvariantCulture,
                $"<tr><td>{E(Title(essay, v.AnswerId))}</td><td>{v.Helpful}</td><td>{v.NotHelpful}</td><td>{v.Helpful / (double)(v.Helpful + v.NotHelpful):P0}</td></tr>"))) + "</table>";

    private static string Review(Essay essay, CuratorReport report, string token)
    {
        if (report.Review.Count == 0)
        {
            return "<p>Nothing to review.</p>";
        }

        var options = essay.Faqs.Select(f => (f.Id, $"FAQ: {f.Title}")).Concat(essay.Sections.Select(s => (s.Id, $"Section: {s.Title}")))
            .Append((AnswerPolicy.OutOfScopeLabel, "Off-topic: the essay does not cover it"));
        var rows = string.Concat(report.Review.Select(item => report.LabelOf(item.Question) is { } label
            ? $"<tr><td>\u2713</td><td>{E(item.Question)}</td><td>{Said(essay, item)}; labelled {E(label == AnswerPolicy.OutOfScopeLabel ? "off-topic" : Title(essay, label))}</td></tr>"
            : $"<tr><td><input type=\"checkbox\" name=\"item\" value=\"{item.Number}\" id=\"item{item.Number}\"></td>" +
              $"<td><label for=\"item{item.Number}\">{E(item.Question)}</label></td><td>{Said(essay, item)}</td></tr>"));
        return $"""
                <form method="post" action="/admin/label"><input type="hidden" name="__RequestVerificationToken" value="{E(token)}">
                <table><tr><th></th><th>asked</th><th>what FaqBot did</th></tr>{rows}</table>
                <p><label>Label the chosen questions <select name="label">{string.Concat(options.Select(o => $"<option value=\"{E(o.Item1)}\">{E(o.Item2)}</option>"))}</select></label>
                <button type="submit">Add to training data</button></p></form>
                """;
    }

    private static string Stale(CuratorReport report) => report.Stale.Count == 0
        ? "<p>Nothing stale: every recorded answer still says what it said.</p>"
        : "<table><tr><th>records</th><th>answer</th><th>what changed</th><th>how many</th></tr>" + string.Concat(report.Stale.Select(s =>
            $"<tr><td>{E(s.What)}</td><td>{E(s.AnswerId)}</td><td>{(s.Vanished ? "no longer in the essay" : "its text has changed")}</td><td>{s.Count}</td></tr>")) + "</table>";

    private static string Said(Essay essay, ReviewItem item)
    {
        var parts = new List<string>();
        if (item.Fallbacks > 0)
        {
            parts.Add($"no answer x{item.Fallbacks}");
        }

        if (item.NoneOfThese > 0)
        {
            parts.Add($"none of these x{item.NoneOfThese}");
        }

        if (item.NotHelpful > 0)
        {
            parts.Add($"voted not helpful x{item.NotHelpful}");
        }

        return E(string.Join(", ", parts) + (item.AnswerId is null ? string.Empty : $"; answered with {Title(essay, item.AnswerId)}"));
    }

    private static string Title(Essay essay, string id) =>
        essay.Faqs.FirstOrDefault(f => f.Id == id)?.Title ?? essay.Sections.FirstOrDefault(s => s.Id == id)?.Title ?? $"{id} (no longer in the essay)";

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Layout(string title, string body, bool refresh = false) => $$"""
        <!doctype html><html lang="en"><head><meta charset="utf-8">{{(refresh ? "<meta http-equiv=\"refresh\" content=\"2; url=/admin\">" : "")}}<title>{{E(title)}}</title>
        <style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem;color:#1a202c}table{border-collapse:collapse}
        td,th{border-bottom:1px solid #e2e8f0;padding:.3rem .6rem;text-align:left;vertical-align:top}.key{display:inline-block;width:.8rem;height:.8rem;margin:0 .2rem 0 .8rem}
        .note{background:#f0fff4;padding:.5rem}details{margin:.5rem 0 1rem}</style></head>
        <body><h1>{{E(title)}}</h1>{{body}}</body></html>
        """;
}
