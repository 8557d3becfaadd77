using System.Globalization;
using System.Text;
using Moodtune.Mood;
using Moodtune.Vision.Evaluation;
using static Moodtune.Cli.Reports.EvalCharts;

namespace Moodtune.Cli.Reports;

/// <summary>
/// `eval --report FILE.html`: one self-contained page (inline CSS and SVG, no scripts, fonts or links), readable
/// offline and by screen readers: every chart has a title and description, and its figures are also in a table.
/// </summary>
internal static class EvalHtmlReport
{
    public static byte[] Render(EvalReportContent content) => new UTF8Encoding(false).GetBytes(Html(content));

    public static string Html(EvalReportContent content)
    {
        var result = content.Result;
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Moodtune evaluation: {{H(result.Model)}} on {{H(content.DatasetName)}}</title>
            <style>
            body { font: 15px/1.45 system-ui, sans-serif; color: {{Ink}}; margin: 0; background: #fff; }
            main { max-width: 1100px; margin: 0 auto; padding: 1.5rem; }
            h1 { font-size: 1.5rem; margin: 0 0 1rem; } h2 { font-size: 1.15rem; margin: 2rem 0 .5rem; }
            dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1.25rem; margin: 0; }
            dt { color: {{Muted}}; } dd { margin: 0; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
            table { border-collapse: collapse; font-variant-numeric: tabular-nums; margin: .75rem 0; }
            caption { text-align: left; color: {{Muted}}; padding-bottom: .25rem; }
            th, td { border: 1px solid {{Grid}}; padding: .2rem .5rem; text-align: right; }
            th { background: #f6f8fa; } th[scope=row] { text-align: left; }
            figure { margin: 0; } figcaption { color: {{Muted}}; font-size: .9rem; }
            svg { max-width: 100%; height: auto; } svg text { font-family: system-ui, sans-serif; }
            .note { color: {{Muted}}; font-size: .9rem; }
            </style>
            </head>
            <body>
            <main>
            <h1>Expression classifier evaluation</h1>

            """);

        Summary(html, content);
        ConfusionMatrix(html, result.Report);
        PerClass(html, result.Report);
        Reliability(html, result.Calibration, content.Calibrated?.After);
        html.Append("""
            <p class="note">Written by <code>moodtune eval --report</code>.</p>
            </main>
            </body>
            </html>

            """);
        return html.ToString();
    }

    private static void Summary(StringBuilder html, EvalReportContent content)
    {
        var result = content.Result;
        var report = result.Report;
        var calibration = result.Calibration;
        html.Append("""<section aria-labelledby="summary"><h2 id="summary">Summary</h2><dl>""").AppendLine();
        Row("Model", result.Model);
        Row("Data set", content.Dataset);
        Row("Images evaluated", report.Images.ToString(CultureInfo.InvariantCulture));
        Row("Without a detected face", result.NoFace.ToString(CultureInfo.InvariantCulture));
        Row("Could not be read", result.Problems.Count.ToString(CultureInfo.InvariantCulture));
        Row("Accuracy", report.Accuracy.ToString("P1", CultureInfo.InvariantCulture));
        Row("Macro-F1", F3(report.MacroF1));
        Row($"ECE ({CalibrationReport.DefaultBins} bins)", F4(calibration.ExpectedCalibrationError));
        Row("NLL (nats per image)", F4(calibration.NegativeLogLikelihood));
        if (content.Calibrated is { } calibrated)
        {
            Row("Temperature (fitted on these images)", calibrated.Scaling.Temperature.ToString("0.000", CultureInfo.InvariantCulture));
            Row("ECE after scaling", F4(calibrated.After.ExpectedCalibrationError));
            Row("NLL after scaling", F4(calibrated.After.NegativeLogLikelihood));
        }

        html.AppendLine("</dl>");
        if (content.Calibrated is not null)
        {
            html.AppendLine("""<p class="note">The temperature was fitted on the same images it is measured on, so the figures after scaling are optimistic; fit on one split and measure on another for a fair figure.</p>""");
        }

        html.AppendLine("</section>");

        void Row(string term, string value) => html.Append("<dt>").Append(H(term)).Append("</dt><dd>").Append(H(value)).AppendLine("</dd>");
    }

    private static void ConfusionMatrix(StringBuilder html, ClassificationReport report)
    {
        var classes = EmotionProbabilities.All;
        html.Append("""<section aria-labelledby="confusion"><h2 id="confusion">Confusion matrix</h2><figure>""").AppendLine();
        html.AppendLine(EvalCharts.ConfusionMatrix(report).Svg);
        html.AppendLine("<figcaption>Rows: true class; columns: predicted class. Shading is the share of the row (recall on the diagonal).</figcaption></figure>");

        html.AppendLine("<table><caption>Confusion matrix: images per true class (rows) and predicted class (columns), with the share of the row</caption>");
        html.Append("""<thead><tr><th scope="col">true \ predicted</th>""");
        foreach (var e in classes)
        {
            html.Append("""<th scope="col">""").Append(H(EmotionProbabilities.Name(e))).Append("</th>");
        }

        html.AppendLine("""<th scope="col">total</th></tr></thead><tbody>""");
        foreach (var actual in classes)
        {
            var rowTotal = classes.Sum(p => report[actual, p]);
            html.Append("""<tr><th scope="row">""").Append(H(EmotionProbabilities.Name(actual))).Append("</th>");
            foreach (var predicted in classes)
            {
                var count = report[actual, predicted];
                var share = rowTotal == 0 ? 0 : (double)count / rowTotal;
                html.Append(CultureInfo.InvariantCulture, $"<td>{count} <small>({share:P0})</small></td>");
            }

            html.Append(CultureInfo.InvariantCulture, $"<td>{rowTotal}</td></tr>").AppendLine();
        }

        html.AppendLine("</tbody></table></section>");
    }

    private static void PerClass(StringBuilder html, ClassificationReport report)
    {
        html.Append("""<section aria-labelledby="per-class"><h2 id="per-class">Precision, recall and F1 per class</h2><figure>""").AppendLine();
        html.Append(EvalCharts.PerClass(report).Svg).AppendLine("</figure>");
        html.AppendLine("""<table><caption>Per-class metrics</caption><thead><tr><th scope="col">class</th><th scope="col">precision</th><th scope="col">recall</th><th scope="col">F1</th><th scope="col">support</th></tr></thead><tbody>""");
        foreach (var m in report.PerClass)
        {
            html.Append("""<tr><th scope="row">""").Append(H(EmotionProbabilities.Name(m.Emotion))).Append("</th>")
                .Append(CultureInfo.InvariantCulture, $"<td>{F3(m.Precision)}</td><td>{F3(m.Recall)}</td><td>{F3(m.F1)}</td><td>{m.Support}</td></tr>").AppendLine();
        }

        html.AppendLine("</tbody></table></section>");
    }

    private static void Reliability(StringBuilder html, CalibrationReport before, CalibrationReport? after)
    {
        var bins = before.ReliabilityBins();
        var afterBins = after?.ReliabilityBins();
        html.Append("""<section aria-labelledby="reliability"><h2 id="reliability">Reliability diagram</h2><figure>""").AppendLine();
        html.AppendLine(EvalCharts.Reliability(before, after).Svg);
        html.Append("<figcaption>Bars: accuracy per confidence bin (blue)");
        html.Append(afterBins is null ? string.Empty : "; dots: after temperature scaling (red), at the bin's mean confidence");
        html.AppendLine(". The dashed diagonal is perfect calibration: bars below it are overconfident.</figcaption></figure>");

        html.Append("""<table><caption>Reliability bins</caption><thead><tr><th scope="col">confidence</th><th scope="col">images</th><th scope="col">mean confidence</th><th scope="col">accuracy</th>""");
        html.AppendLine(afterBins is null ? "</tr></thead><tbody>" : """<th scope="col">images after</th><th scope="col">mean confidence after</th><th scope="col">accuracy after</th></tr></thead><tbody>""");
        for (var b = 0; b < bins.Count; b++)
        {
            var bin = bins[b];
            html.Append(CultureInfo.InvariantCulture, $"""<tr><th scope="row">{bin.Lower:0.000} to {bin.Upper:0.000}</th>""");
            Cells(bin);
            if (afterBins is not null)
            {
                Cells(afterBins[b]);
            }

            html.AppendLine("</tr>");
        }

        html.AppendLine("</tbody></table></section>");

        // An empty bin has no mean confidence or accuracy: a dash, not a misleading 0.
        void Cells(ReliabilityBin bin) => html.Append(bin.Count == 0
            ? "<td>0</td><td>–</td><td>–</td>"
            : string.Create(CultureInfo.InvariantCulture, $"<td>{bin.Count}</td><td>{F3(bin.MeanConfidence)}</td><td>{F3(bin.Accuracy)}</td>"));
    }
}
