using System.Globalization;
using System.Net;
using System.Text;
using Moodtune.Mood;
using Moodtune.Vision.Evaluation;

namespace Moodtune.Cli.Commands;

/// <summary>What an evaluation report shows: the run, the data set it read, and the fitted temperature when asked for.</summary>
internal sealed record EvalReportContent(EvaluationResult Result, string Dataset, EvalCalibration? Calibrated);

/// <summary>
/// `eval --report FILE.html`: one self-contained page (inline CSS and SVG, no scripts, fonts or links), readable
/// offline and by screen readers: every chart has a title and description, and its figures are also in a table.
/// </summary>
internal static class EvalHtmlReport
{
    private const string Ink = "#1b1f24", Muted = "#57606a", Grid = "#d0d7de";
    private const string PrecisionColour = "#0969da", RecallColour = "#bf8700", F1Colour = "#1a7f37", AfterColour = "#cf222e";

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
            <title>Moodtune evaluation: {{H(result.Model)}} on {{H(Path.GetFileName(content.Dataset.TrimEnd('/', '\\')))}}</title>
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
        const int cell = 62, left = 96, top = 100;
        var classes = EmotionProbabilities.All;
        var n = classes.Count;
        int width = left + (n * cell) + 20, height = top + (n * cell) + 20;
        html.Append("""<section aria-labelledby="confusion"><h2 id="confusion">Confusion matrix</h2><figure>""").AppendLine();
        html.Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-labelledby="cm-title cm-desc">""").AppendLine();
        html.AppendLine("""<title id="cm-title">Confusion matrix</title>""");
        html.AppendLine("""<desc id="cm-desc">Rows are the true class, columns the predicted class; each cell shows the count of images, shaded by its share of the row. The same figures are in the table below.</desc>""");
        Text(html, left + (n * cell / 2.0), 16, "predicted class", "middle", Muted, 13);
        Text(html, 14, top + (n * cell / 2.0), "true class", "middle", Muted, 13, rotate: -90);
        for (var c = 0; c < n; c++)
        {
            var x = left + (c * cell) + (cell / 2.0);
            Text(html, x, top - 10, EmotionProbabilities.Name(classes[c]), "start", Ink, 13, rotate: -45);
        }

        for (var r = 0; r < n; r++)
        {
            var rowTotal = classes.Sum(p => report[classes[r], p]);
            var y = top + (r * cell);
            Text(html, left - 8, y + (cell / 2.0) + 5, EmotionProbabilities.Name(classes[r]), "end", Ink, 13);
            for (var c = 0; c < n; c++)
            {
                var count = report[classes[r], classes[c]];
                var share = rowTotal == 0 ? 0 : (double)count / rowTotal;
                var x = left + (c * cell);
                html.Append(CultureInfo.InvariantCulture, $"""<rect x="{x}" y="{y}" width="{cell}" height="{cell}" fill="{Heat(share)}" stroke="#fff"><title>true {H(EmotionProbabilities.Name(classes[r]))}, predicted {H(EmotionProbabilities.Name(classes[c]))}: {count} ({share:P1} of the row)</title></rect>""").AppendLine();
                Text(html, x + (cell / 2.0), y + (cell / 2.0) + 5, count.ToString(CultureInfo.InvariantCulture), "middle", share > 0.5 ? "#fff" : Ink, 14, weight: r == c ? "bold" : null);
            }
        }

        html.AppendLine("</svg>");
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
        const int group = 120, bar = 28, left = 44, top = 40, plot = 220, bottom = 50;
        var metrics = report.PerClass;
        int width = left + (metrics.Count * group) + 10, height = top + plot + bottom;
        (string Name, string Colour, Func<ClassMetrics, float> Value)[] series =
            [("precision", PrecisionColour, m => m.Precision), ("recall", RecallColour, m => m.Recall), ("F1", F1Colour, m => m.F1)];

        html.Append("""<section aria-labelledby="per-class"><h2 id="per-class">Precision, recall and F1 per class</h2><figure>""").AppendLine();
        html.Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-labelledby="pc-title pc-desc">""").AppendLine();
        html.AppendLine("""<title id="pc-title">Precision, recall and F1 per class</title>""");
        html.AppendLine("""<desc id="pc-desc">Three bars per class, from 0 to 1: precision, recall and F1; the number of images of the class (support) is under its name. The same figures are in the table below.</desc>""");
        for (var i = 0; i < series.Length; i++)
        {
            var x = left + (i * 110);
            html.Append(CultureInfo.InvariantCulture, $"""<rect x="{x}" y="8" width="14" height="14" fill="{series[i].Colour}"/>""");
            Text(html, x + 20, 20, series[i].Name, "start", Ink, 13);
        }

        for (var tick = 0; tick <= 4; tick++)
        {
            var y = top + plot - (tick * plot / 4.0);
            html.Append(CultureInfo.InvariantCulture, $"""<line x1="{left}" x2="{width - 10}" y1="{y}" y2="{y}" stroke="{Grid}"/>""").AppendLine();
            Text(html, left - 6, y + 4, (tick / 4.0).ToString("0.00", CultureInfo.InvariantCulture), "end", Muted, 11);
        }

        for (var g = 0; g < metrics.Count; g++)
        {
            var m = metrics[g];
            var name = EmotionProbabilities.Name(m.Emotion);
            var x0 = left + (g * group) + ((group - (series.Length * bar)) / 2.0);
            for (var i = 0; i < series.Length; i++)
            {
                var value = series[i].Value(m);
                var h = value * plot;
                html.Append(CultureInfo.InvariantCulture, $"""<rect x="{x0 + (i * bar):0.#}" y="{top + plot - h:0.#}" width="{bar - 3}" height="{h:0.#}" fill="{series[i].Colour}"><title>{H(name)} {series[i].Name}: {F3(value)}</title></rect>""").AppendLine();
            }

            var centre = left + (g * group) + (group / 2.0);
            Text(html, centre, top + plot + 18, name, "middle", Ink, 13);
            Text(html, centre, top + plot + 36, $"n = {m.Support}", "middle", Muted, 12);
        }

        html.AppendLine("</svg></figure>");
        html.AppendLine("""<table><caption>Per-class metrics</caption><thead><tr><th scope="col">class</th><th scope="col">precision</th><th scope="col">recall</th><th scope="col">F1</th><th scope="col">support</th></tr></thead><tbody>""");
        foreach (var m in metrics)
        {
            html.Append("""<tr><th scope="row">""").Append(H(EmotionProbabilities.Name(m.Emotion))).Append("</th>")
                .Append(CultureInfo.InvariantCulture, $"<td>{F3(m.Precision)}</td><td>{F3(m.Recall)}</td><td>{F3(m.F1)}</td><td>{m.Support}</td></tr>").AppendLine();
        }

        html.AppendLine("</tbody></table></section>");
    }

    private static void Reliability(StringBuilder html, CalibrationReport before, CalibrationReport? after)
    {
        const int left = 56, top = 36, plot = 360, bottom = 48;
        int width = left + plot + 30, height = top + plot + bottom;
        var bins = before.ReliabilityBins();
        var afterBins = after?.ReliabilityBins();
        double X(double v) => left + (v * plot);
        double Y(double v) => top + plot - (v * plot);

        html.Append("""<section aria-labelledby="reliability"><h2 id="reliability">Reliability diagram</h2><figure>""").AppendLine();
        html.Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-labelledby="rd-title rd-desc">""").AppendLine();
        html.AppendLine("""<title id="rd-title">Reliability diagram</title>""");
        html.Append(CultureInfo.InvariantCulture, $"""<desc id="rd-desc">For {bins.Count} equal-width bins of top-class confidence, a bar shows the accuracy of the images in the bin; a perfectly calibrated classifier follows the dashed diagonal. ECE {F4(before.ExpectedCalibrationError)}.""");
        html.Append(afterBins is null ? string.Empty : " Red dots: accuracy per bin after temperature scaling.").AppendLine(" The same figures are in the table below.</desc>");

        for (var tick = 0; tick <= 5; tick++)
        {
            var v = tick / 5.0;
            var label = v.ToString("0.0", CultureInfo.InvariantCulture);
            html.Append(CultureInfo.InvariantCulture, $"""<line x1="{left}" x2="{left + plot}" y1="{Y(v):0.#}" y2="{Y(v):0.#}" stroke="{Grid}"/>""").AppendLine();
            Text(html, left - 6, Y(v) + 4, label, "end", Muted, 11);
            Text(html, X(v), top + plot + 16, label, "middle", Muted, 11);
        }

        foreach (var bin in bins.Where(b => b.Count > 0))
        {
            var h = bin.Accuracy * plot;
            html.Append(CultureInfo.InvariantCulture, $"""<rect x="{X(bin.Lower) + 1:0.#}" y="{Y(bin.Accuracy):0.#}" width="{((bin.Upper - bin.Lower) * plot) - 2:0.#}" height="{h:0.#}" fill="{PrecisionColour}" fill-opacity="0.75"><title>confidence {bin.Lower:0.00} to {bin.Upper:0.00}: {bin.Count} images, mean confidence {F3(bin.MeanConfidence)}, accuracy {F3(bin.Accuracy)}</title></rect>""").AppendLine();
        }

        html.Append(CultureInfo.InvariantCulture, $"""<line x1="{X(0)}" y1="{Y(0)}" x2="{X(1)}" y2="{Y(1)}" stroke="{Ink}" stroke-dasharray="5 4"/>""").AppendLine();
        if (afterBins is not null)
        {
            foreach (var bin in afterBins.Where(b => b.Count > 0))
            {
                html.Append(CultureInfo.InvariantCulture, $"""<circle cx="{X(bin.MeanConfidence):0.#}" cy="{Y(bin.Accuracy):0.#}" r="4.5" fill="{AfterColour}"><title>after scaling, confidence {bin.Lower:0.00} to {bin.Upper:0.00}: {bin.Count} images, mean confidence {F3(bin.MeanConfidence)}, accuracy {F3(bin.Accuracy)}</title></circle>""").AppendLine();
            }
        }

        html.Append(CultureInfo.InvariantCulture, $"""<rect x="{left}" y="{top}" width="{plot}" height="{plot}" fill="none" stroke="{Muted}"/>""").AppendLine();
        Text(html, X(0.5), top + plot + 38, "top-class confidence", "middle", Muted, 13);
        Text(html, 14, Y(0.5), "accuracy", "middle", Muted, 13, rotate: -90);
        html.AppendLine("</svg>");
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

    private static void Text(StringBuilder html, double x, double y, string text, string anchor, string fill, int size, int rotate = 0, string? weight = null)
    {
        html.Append(CultureInfo.InvariantCulture, $"""<text x="{x:0.#}" y="{y:0.#}" text-anchor="{anchor}" fill="{fill}" font-size="{size}" """);
        if (rotate != 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"""transform="rotate({rotate} {x:0.#} {y:0.#})" """);
        }

        if (weight is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"""font-weight="{weight}" """);
        }

        html.Append('>').Append(H(text)).AppendLine("</text>");
    }

    /// <summary>White to deep blue with the row share; shared with the PNG report.</summary>
    internal static (byte R, byte G, byte B) HeatRgb(double share)
    {
        var t = Math.Clamp(share, 0, 1);
        return ((byte)(255 + ((9 - 255) * t)), (byte)(255 + ((60 - 255) * t)), (byte)(255 + ((140 - 255) * t)));
    }

    private static string Heat(double share)
    {
        var (r, g, b) = HeatRgb(share);
        return $"#{r:x2}{g:x2}{b:x2}";
    }

    private static string H(string text) => WebUtility.HtmlEncode(text);

    private static string F3(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    private static string F4(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);
}
