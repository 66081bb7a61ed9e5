using System.Globalization;
using System.Net;
using System.Text;
using FaqBot.Classification.Evaluation;
using FaqBot.Core.Knowledge;

namespace FaqBot.Training;

/// <summary>A self-contained HTML page: the confusion matrix and confidence histogram as inline SVG, then the summary.</summary>
internal static class HtmlReport
{
    private const int Cell = 16;

    public static string Write(Essay essay, IReadOnlyList<EvaluationReport> reports, string markdown)
    {
        var main = reports[0];
        var page = new StringBuilder();
        page.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>FaqBot evaluation</title>")
            .Append("<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:1100px}pre{white-space:pre-wrap;background:#f6f6f6;padding:1rem}")
            .Append("svg text{font-size:10px;font-family:monospace}</style></head><body>")
            .Append(CultureInfo.InvariantCulture, $"<h1>FaqBot evaluation</h1><p>{Encode(essay.Title)}</p>")
            .Append("<h2>Confusion matrix (classifier top-1; rows expected, columns predicted)</h2>")
            .Append(ConfusionSvg(main.Confusion!))
            .Append("<h2>Confidence of answered in-scope questions</h2>")
            .Append(HistogramSvg(main.Questions.Where(q => q.Expected != "out-of-scope").ToList()))
            .Append("<h2>Summary</h2><pre>").Append(Encode(markdown)).Append("</pre></body></html>");
        return page.ToString();
    }

    private static string ConfusionSvg(ConfusionMatrix matrix)
    {
        var n = matrix.Labels.Count;
        const int labelWidth = 330;
        var max = Math.Max(1, Enumerable.Range(0, n).SelectMany(r => Enumerable.Range(0, n).Select(c => matrix.Counts[r, c])).Max());
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{labelWidth + (n * Cell) + 20}\" height=\"{(n * Cell) + 20}\" role=\"img\" aria-label=\"confusion matrix\">");
        for (var r = 0; r < n; r++)
        {
            svg.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{labelWidth - 4}\" y=\"{(r * Cell) + 12}\" text-anchor=\"end\">{Encode(Short(matrix.Labels[r]))}</text>");
            for (var c = 0; c < n; c++)
            {
                var count = matrix.Counts[r, c];
                var shade = count == 0 ? 255 : 220 - (int)(180.0 * count / max);
                var colour = r == c ? $"rgb({shade},{Math.Min(255, shade + 30)},{shade})" : $"rgb(255,{shade},{shade})";
                svg.Append(CultureInfo.InvariantCulture,
                    $"<rect x=\"{labelWidth + (c * Cell)}\" y=\"{r * Cell}\" width=\"{Cell - 1}\" height=\"{Cell - 1}\" fill=\"{(count == 0 ? "#f4f4f4" : colour)}\"><title>{Encode(matrix.Labels[r])} -> {Encode(matrix.Labels[c])}: {count}</title></rect>");
                if (count > 0)
                {
                    svg.Append(CultureInfo.InvariantCulture,
                        $"<text x=\"{labelWidth + (c * Cell) + 3}\" y=\"{(r * Cell) + 11}\">{count}</text>");
                }
            }
        }

        return svg.Append("</svg>").ToString();
    }

    private static string HistogramSvg(IReadOnlyList<ScoredQuestion> questions)
    {
        const int bins = 20;
        const int width = 24;
        const int height = 160;
        var correct = new int[bins];
        var wrong = new int[bins];
        foreach (var q in questions)
        {
            var bin = Math.Clamp((int)(q.Probability * bins), 0, bins - 1);
            (q.Correct ? correct : wrong)[bin]++;
        }

        var max = Math.Max(1, Enumerable.Range(0, bins).Max(i => correct[i] + wrong[i]));
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{(bins * width) + 40}\" height=\"{height + 40}\" role=\"img\" aria-label=\"confidence histogram\">");
        for (var i = 0; i < bins; i++)
        {
            var goodHeight = height * correct[i] / max;
            var badHeight = height * wrong[i] / max;
            var x = 20 + (i * width);
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{x}\" y=\"{height - goodHeight}\" width=\"{width - 2}\" height=\"{goodHeight}\" fill=\"#4a8\"><title>{i * 5}-{(i + 1) * 5}%: {correct[i]} right</title></rect>")
                .Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{x}\" y=\"{height - goodHeight - badHeight}\" width=\"{width - 2}\" height=\"{badHeight}\" fill=\"#d55\"><title>{i * 5}-{(i + 1) * 5}%: {wrong[i]} wrong</title></rect>");
            if (i % 4 == 0)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x}\" y=\"{height + 14}\">{i * 5}%</text>");
            }
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"20\" y=\"{height + 32}\">green: right, red: wrong or not answered</text>");
        return svg.Append("</svg>").ToString();
    }

    private static string Short(string label) => label.Length > 52 ? label[..50] + "…" : label;

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
