using System.Globalization;
using Moodtune.Mood;
using SkiaSharp;

namespace Moodtune.Cli.Commands;

/// <summary>`eval --report FILE.png`: the confusion matrix and the per-class bars of the HTML report, as one image.</summary>
internal static class EvalPngReport
{
    private const int Width = 1240, Height = 670;

    // SkiaSharp's NoDependencies build has no fontconfig: name a font file, falling back to Skia's default typeface.
    private static readonly string[] FontFiles =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/TTF/DejaVuSans.ttf",
        "/System/Library/Fonts/Supplemental/Arial.ttf",
        @"C:\Windows\Fonts\arial.ttf",
    ];

    public static byte[] Render(EvalReportContent content)
    {
        var result = content.Result;
        using var loaded = FontFiles.Where(File.Exists).Select(SKTypeface.FromFile).FirstOrDefault(t => t is not null);
        var typeface = loaded ?? SKTypeface.Default;
        using var surface = SKSurface.Create(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var title = new SKFont(typeface, 20);
        using var font = new SKFont(typeface, 14);
        using var small = new SKFont(typeface, 12);
        using var ink = new SKPaint { Color = new SKColor(0x1b, 0x1f, 0x24), IsAntialias = true };
        using var muted = new SKPaint { Color = new SKColor(0x57, 0x60, 0x6a), IsAntialias = true };

        var report = result.Report;
        var heading = string.Create(CultureInfo.InvariantCulture, $"{result.Model} on {Path.GetFileName(content.Dataset.TrimEnd('/', '\\'))}: {report.Images} images, accuracy {report.Accuracy:P1}, macro-F1 {report.MacroF1:0.000}");
        var calibration = string.Create(CultureInfo.InvariantCulture, $"ECE {result.Calibration.ExpectedCalibrationError:0.0000}, NLL {result.Calibration.NegativeLogLikelihood:0.0000}");
        if (content.Calibrated is { } calibrated)
        {
            calibration += string.Create(CultureInfo.InvariantCulture, $"; after temperature {calibrated.Scaling.Temperature:0.000} (fitted on these images): ECE {calibrated.After.ExpectedCalibrationError:0.0000}, NLL {calibrated.After.NegativeLogLikelihood:0.0000}");
        }

        canvas.DrawText(heading, 24, 34, SKTextAlign.Left, title, ink);
        canvas.DrawText(calibration, 24, 58, SKTextAlign.Left, font, muted);
        ConfusionMatrix(canvas, report, font, small, ink, muted);
        PerClass(canvas, report, font, small, ink, muted);

        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    private static void ConfusionMatrix(SKCanvas canvas, Vision.Evaluation.ClassificationReport report, SKFont font, SKFont small, SKPaint ink, SKPaint muted)
    {
        const float cell = 62, left = 110, top = 180;
        var classes = EmotionProbabilities.All;
        using var fill = new SKPaint { IsAntialias = false };
        using var white = new SKPaint { Color = SKColors.White, IsAntialias = true };
        canvas.DrawText("predicted class", left + (classes.Count * cell / 2), 94, SKTextAlign.Center, font, muted);
        for (var c = 0; c < classes.Count; c++)
        {
            canvas.Save();
            canvas.Translate(left + (c * cell) + (cell / 2), top - 10);
            canvas.RotateDegrees(-45);
            canvas.DrawText(EmotionProbabilities.Name(classes[c]), 0, 0, SKTextAlign.Left, font, ink);
            canvas.Restore();
        }

        canvas.Save();
        canvas.Translate(24, top + (classes.Count * cell / 2));
        canvas.RotateDegrees(-90);
        canvas.DrawText("true class", 0, 0, SKTextAlign.Center, font, muted);
        canvas.Restore();
        for (var r = 0; r < classes.Count; r++)
        {
            var rowTotal = classes.Sum(p => report[classes[r], p]);
            var y = top + (r * cell);
            canvas.DrawText(EmotionProbabilities.Name(classes[r]), left - 8, y + (cell / 2) + 5, SKTextAlign.Right, font, ink);
            for (var c = 0; c < classes.Count; c++)
            {
                var count = report[classes[r], classes[c]];
                var share = rowTotal == 0 ? 0 : (double)count / rowTotal;
                var (red, green, blue) = EvalHtmlReport.HeatRgb(share);
                fill.Color = new SKColor(red, green, blue);
                var x = left + (c * cell);
                canvas.DrawRect(x, y, cell - 1, cell - 1, fill);
                canvas.DrawText(count.ToString(CultureInfo.InvariantCulture), x + (cell / 2), y + (cell / 2) + 5, SKTextAlign.Center, font, share > 0.5 ? white : ink);
            }
        }

        canvas.DrawText("shading: share of the row (recall on the diagonal)", left, top + (classes.Count * cell) + 24, SKTextAlign.Left, small, muted);
    }

    private static void PerClass(SKCanvas canvas, Vision.Evaluation.ClassificationReport report, SKFont font, SKFont small, SKPaint ink, SKPaint muted)
    {
        const float left = 620, top = 140, plot = 380, group = 84, bar = 22;
        (string Name, SKColor Colour, Func<Vision.Evaluation.ClassMetrics, float> Value)[] series =
        [
            ("precision", new SKColor(0x09, 0x69, 0xda), m => m.Precision),
            ("recall", new SKColor(0xbf, 0x87, 0x00), m => m.Recall),
            ("F1", new SKColor(0x1a, 0x7f, 0x37), m => m.F1),
        ];
        using var fill = new SKPaint { IsAntialias = true };
        using var grid = new SKPaint { Color = new SKColor(0xd0, 0xd7, 0xde), StrokeWidth = 1 };
        var metrics = report.PerClass;
        var right = left + (metrics.Count * group);
        for (var i = 0; i < series.Length; i++)
        {
            fill.Color = series[i].Colour;
            canvas.DrawRect(left + (i * 110), 94, 14, 14, fill);
            canvas.DrawText(series[i].Name, left + (i * 110) + 20, 106, SKTextAlign.Left, font, ink);
        }

        for (var tick = 0; tick <= 4; tick++)
        {
            var y = top + plot - (tick * plot / 4);
            canvas.DrawLine(left, y, right, y, grid);
            canvas.DrawText((tick / 4.0).ToString("0.00", CultureInfo.InvariantCulture), left - 6, y + 4, SKTextAlign.Right, small, muted);
        }

        for (var g = 0; g < metrics.Count; g++)
        {
            var x0 = left + (g * group) + ((group - (series.Length * bar)) / 2);
            for (var i = 0; i < series.Length; i++)
            {
                var h = series[i].Value(metrics[g]) * plot;
                fill.Color = series[i].Colour;
                canvas.DrawRect(x0 + (i * bar), top + plot - h, bar - 3, h, fill);
            }

            var centre = left + (g * group) + (group / 2);
            canvas.DrawText(EmotionProbabilities.Name(metrics[g].Emotion), centre, top + plot + 20, SKTextAlign.Center, font, ink);
            canvas.DrawText(string.Create(CultureInfo.InvariantCulture, $"n = {metrics[g].Support}"), centre, top + plot + 38, SKTextAlign.Center, small, muted);
        }
    }
}
