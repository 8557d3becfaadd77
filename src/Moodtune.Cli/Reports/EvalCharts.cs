using System.Globalization;
using System.Net;
using System.Text;
using Moodtune.Mood;
using Moodtune.Vision.Evaluation;

namespace Moodtune.Cli.Reports;

/// <summary>One chart as SVG markup (an `svg` element of its own size), as the HTML page embeds it and the PNG draws it.</summary>
internal sealed record SvgChart(string Svg, int Width, int Height);

/// <summary>
/// The evaluation report's charts, drawn once as SVG: the HTML page inlines them, the PNG rasterises the same markup.
/// Every chart has a title and description for screen readers, and each mark a tooltip with its figure.
/// </summary>
internal static class EvalCharts
{
    public const string Ink = "#1b1f24", Muted = "#57606a", Grid = "#d0d7de";
    private const string PrecisionColour = "#0969da", RecallColour = "#bf8700", F1Colour = "#1a7f37", AfterColour = "#cf222e";

    public static SvgChart ConfusionMatrix(ClassificationReport report)
    {
        const int cell = 62, left = 96, top = 100;
        var classes = EmotionProbabilities.All;
        var n = classes.Count;
        int width = left + (n * cell) + 20, height = top + (n * cell) + 20;
        var svg = Open(width, height, "cm", "Confusion matrix",
            "Rows are the true class, columns the predicted class; each cell shows the count of images, shaded by its share of the row. The same figures are in the table below.");
        Text(svg, left + (n * cell / 2.0), 16, "predicted class", "middle", Muted, 13);
        Text(svg, 14, top + (n * cell / 2.0), "true class", "middle", Muted, 13, rotate: -90);
        for (var c = 0; c < n; c++)
        {
            var x = left + (c * cell) + (cell / 2.0);
            Text(svg, x, top - 10, EmotionProbabilities.Name(classes[c]), "start", Ink, 13, rotate: -45);
        }

        for (var r = 0; r < n; r++)
        {
            var rowTotal = classes.Sum(p => report[classes[r], p]);
            var y = top + (r * cell);
            Text(svg, left - 8, y + (cell / 2.0) + 5, EmotionProbabilities.Name(classes[r]), "end", Ink, 13);
            for (var c = 0; c < n; c++)
            {
                var count = report[classes[r], classes[c]];
                var share = rowTotal == 0 ? 0 : (double)count / rowTotal;
                var x = left + (c * cell);
                svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{x}" y="{y}" width="{cell}" height="{cell}" fill="{Heat(share)}" stroke="#fff"><title>true {H(EmotionProbabilities.Name(classes[r]))}, predicted {H(EmotionProbabilities.Name(classes[c]))}: {count} ({share:P1} of the row)</title></rect>""").AppendLine();
                Text(svg, x + (cell / 2.0), y + (cell / 2.0) + 5, count.ToString(CultureInfo.InvariantCulture), "middle", share > 0.5 ? "#fff" : Ink, 14, weight: r == c ? "bold" : null);
            }
        }

        return Close(svg, width, height);
    }

    public static SvgChart PerClass(ClassificationReport report)
    {
        const int group = 120, bar = 28, left = 44, top = 40, plot = 220, bottom = 50;
        var metrics = report.PerClass;
        int width = left + (metrics.Count * group) + 10, height = top + plot + bottom;
        (string Name, string Colour, Func<ClassMetrics, float> Value)[] series =
            [("precision", PrecisionColour, m => m.Precision), ("recall", RecallColour, m => m.Recall), ("F1", F1Colour, m => m.F1)];

        var svg = Open(width, height, "pc", "Precision, recall and F1 per class",
            "Three bars per class, from 0 to 1: precision, recall and F1; the number of images of the class (support) is under its name. The same figures are in the table below.");
        for (var i = 0; i < series.Length; i++)
        {
            var x = left + (i * 110);
            svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{x}" y="8" width="14" height="14" fill="{series[i].Colour}"/>""");
            Text(svg, x + 20, 20, series[i].Name, "start", Ink, 13);
        }

        for (var tick = 0; tick <= 4; tick++)
        {
            var y = top + plot - (tick * plot / 4.0);
            svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{left}" x2="{width - 10}" y1="{y}" y2="{y}" stroke="{Grid}"/>""").AppendLine();
            Text(svg, left - 6, y + 4, (tick / 4.0).ToString("0.00", CultureInfo.InvariantCulture), "end", Muted, 11);
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
                svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{x0 + (i * bar):0.#}" y="{top + plot - h:0.#}" width="{bar - 3}" height="{h:0.#}" fill="{series[i].Colour}"><title>{H(name)} {series[i].Name}: {F3(value)}</title></rect>""").AppendLine();
            }

            var centre = left + (g * group) + (group / 2.0);
            Text(svg, centre, top + plot + 18, name, "middle", Ink, 13);
            Text(svg, centre, top + plot + 36, $"n = {m.Support}", "middle", Muted, 12);
        }

        return Close(svg, width, height);
    }

    /// <summary>Accuracy per confidence bin before temperature scaling (bars) and, when given, after it (dots).</summary>
    public static SvgChart Reliability(CalibrationReport before, CalibrationReport? after)
    {
        const int left = 56, top = 36, plot = 360, bottom = 48;
        int width = left + plot + 30, height = top + plot + bottom;
        var bins = before.ReliabilityBins();
        var afterBins = after?.ReliabilityBins();
        double X(double v) => left + (v * plot);
        double Y(double v) => top + plot - (v * plot);

        var description = string.Create(CultureInfo.InvariantCulture, $"For {bins.Count} equal-width bins of top-class confidence, a bar shows the accuracy of the images in the bin; a perfectly calibrated classifier follows the dashed diagonal. ECE {F4(before.ExpectedCalibrationError)}.")
            + (afterBins is null ? string.Empty : " Red dots: accuracy per bin after temperature scaling.")
            + " The same figures are in the table below.";
        var svg = Open(width, height, "rd", "Reliability diagram", description);
        for (var tick = 0; tick <= 5; tick++)
        {
            var v = tick / 5.0;
            var label = v.ToString("0.0", CultureInfo.InvariantCulture);
            svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{left}" x2="{left + plot}" y1="{Y(v):0.#}" y2="{Y(v):0.#}" stroke="{Grid}"/>""").AppendLine();
            Text(svg, left - 6, Y(v) + 4, label, "end", Muted, 11);
            Text(svg, X(v), top + plot + 16, label, "middle", Muted, 11);
        }

        foreach (var bin in bins.Where(b => b.Count > 0))
        {
            var h = bin.Accuracy * plot;
            svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{X(bin.Lower) + 1:0.#}" y="{Y(bin.Accuracy):0.#}" width="{((bin.Upper - bin.Lower) * plot) - 2:0.#}" height="{h:0.#}" fill="{PrecisionColour}" fill-opacity="0.75"><title>confidence {bin.Lower:0.00} to {bin.Upper:0.00}: {bin.Count} images, mean confidence {F3(bin.MeanConfidence)}, accuracy {F3(bin.Accuracy)}</title></rect>""").AppendLine();
        }

        svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{X(0)}" y1="{Y(0)}" x2="{X(1)}" y2="{Y(1)}" stroke="{Ink}" stroke-dasharray="5 4"/>""").AppendLine();
        foreach (var bin in afterBins?.Where(b => b.Count > 0) ?? [])
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<circle cx="{X(bin.MeanConfidence):0.#}" cy="{Y(bin.Accuracy):0.#}" r="4.5" fill="{AfterColour}"><title>after scaling, confidence {bin.Lower:0.00} to {bin.Upper:0.00}: {bin.Count} images, mean confidence {F3(bin.MeanConfidence)}, accuracy {F3(bin.Accuracy)}</title></circle>""").AppendLine();
        }

        svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{left}" y="{top}" width="{plot}" height="{plot}" fill="none" stroke="{Muted}"/>""").AppendLine();
        Text(svg, X(0.5), top + plot + 38, "top-class confidence", "middle", Muted, 13);
        Text(svg, 14, Y(0.5), "accuracy", "middle", Muted, 13, rotate: -90);
        return Close(svg, width, height);
    }

    public static void Text(StringBuilder svg, double x, double y, string text, string anchor, string fill, int size, int rotate = 0, string? weight = null)
    {
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{x:0.#}" y="{y:0.#}" text-anchor="{anchor}" fill="{fill}" font-size="{size}" """);
        if (rotate != 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"""transform="rotate({rotate} {x:0.#} {y:0.#})" """);
        }

        if (weight is not null)
        {
            svg.Append(CultureInfo.InvariantCulture, $"""font-weight="{weight}" """);
        }

        svg.Append('>').Append(H(text)).AppendLine("</text>");
    }

    public static string H(string text) => WebUtility.HtmlEncode(text);

    public static string F3(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    public static string F4(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);

    private static StringBuilder Open(int width, int height, string id, string title, string description)
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-labelledby="{id}-title {id}-desc">""").AppendLine();
        svg.Append(CultureInfo.InvariantCulture, $"""<title id="{id}-title">{H(title)}</title>""").AppendLine();
        svg.Append(CultureInfo.InvariantCulture, $"""<desc id="{id}-desc">{H(description)}</desc>""").AppendLine();
        return svg;
    }

    private static SvgChart Close(StringBuilder svg, int width, int height) => new(svg.Append("</svg>").ToString(), width, height);

    /// <summary>White to deep blue with the row share.</summary>
    private static string Heat(double share)
    {
        var t = Math.Clamp(share, 0, 1);
        return $"#{(byte)(255 + ((9 - 255) * t)):x2}{(byte)(255 + ((60 - 255) * t)):x2}{(byte)(255 + ((140 - 255) * t)):x2}";
    }
}
