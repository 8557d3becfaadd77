using System.Globalization;
using System.Text;
using SkiaSharp;
using Svg.Skia;
using Svg.Skia.TypefaceProviders;
using static Moodtune.Cli.Reports.EvalCharts;

namespace Moodtune.Cli.Reports;

/// <summary>
/// `eval --report FILE.png`: the HTML report's charts on one image, under a heading with the summary figures. The page
/// is SVG around the very charts the HTML inlines, rasterised by Svg.Skia, so the two reports cannot drift apart.
/// </summary>
internal static class EvalPngReport
{
    private const int Margin = 24, Top = 80, Gap = 24, Caption = 16;

    // SkiaSharp's NoDependencies build has no fontconfig, so SVG font families match nothing: name font files (regular
    // and bold), falling back to Skia's default typeface.
    private static readonly (string Regular, string Bold)[] FontFiles =
    [
        ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
        ("/usr/share/fonts/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf"),
        ("/usr/share/fonts/TTF/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf"),
        ("/System/Library/Fonts/Supplemental/Arial.ttf", "/System/Library/Fonts/Supplemental/Arial Bold.ttf"),
        (@"C:\Windows\Fonts\arial.ttf", @"C:\Windows\Fonts\arialbd.ttf"),
    ];

    public static byte[] Render(EvalReportContent content)
    {
        var (svg, width, height) = Page(content);
        using var providers = new Fonts();
        using var document = new SKSvg();
        if (providers.Loaded.Count > 0)
        {
            document.Settings.TypefaceProviders = [.. providers.Loaded];
        }

        // The document owns its picture.
        var picture = document.FromSvg(svg) ?? throw new InvalidOperationException("the report's SVG did not load");
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        surface.Canvas.Clear(SKColors.White);
        surface.Canvas.DrawPicture(picture);
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    /// <summary>The page as SVG: the heading, the confusion matrix on the left, the per-class bars and the reliability diagram on the right.</summary>
    internal static SvgChart Page(EvalReportContent content)
    {
        var result = content.Result;
        var report = result.Report;
        var matrix = ConfusionMatrix(report);
        var bars = PerClass(report);
        var reliability = Reliability(result.Calibration, content.Calibrated?.After);
        var right = Margin + matrix.Width + Gap;
        var width = right + Math.Max(bars.Width, reliability.Width) + Margin;
        var below = Top + bars.Height + Gap;
        var height = Top + Math.Max(matrix.Height, bars.Height + Gap + reliability.Height) + Caption + Margin;

        var heading = string.Create(CultureInfo.InvariantCulture, $"{result.Model} on {content.DatasetName}: {report.Images} images, accuracy {report.Accuracy:P1}, macro-F1 {report.MacroF1:0.000}");
        var calibration = string.Create(CultureInfo.InvariantCulture, $"ECE {result.Calibration.ExpectedCalibrationError:0.0000}, NLL {result.Calibration.NegativeLogLikelihood:0.0000}");
        if (content.Calibrated is { } calibrated)
        {
            calibration += string.Create(CultureInfo.InvariantCulture, $"; after temperature {calibrated.Scaling.Temperature:0.000} (fitted on these images): ECE {calibrated.After.ExpectedCalibrationError:0.0000}, NLL {calibrated.After.NegativeLogLikelihood:0.0000}");
        }

        var page = new StringBuilder();
        page.Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" font-family="system-ui, sans-serif">""").AppendLine();
        page.Append(CultureInfo.InvariantCulture, $"""<rect width="{width}" height="{height}" fill="#fff"/>""").AppendLine();
        Text(page, Margin, 34, heading, "start", Ink, 20);
        Text(page, Margin, 58, calibration, "start", Muted, 14);
        Place(page, matrix, Margin, Top);
        Place(page, bars, right, Top);
        Place(page, reliability, right, below);

        // The HTML says these under its figures, outside the drawing.
        Text(page, Margin + (matrix.Width / 2.0), Top + matrix.Height + Caption, "shading: share of the row (recall on the diagonal)", "middle", Muted, 12);
        var dots = content.Calibrated is null ? string.Empty : "; dots: after temperature scaling";
        Text(page, right + (reliability.Width / 2.0), below + reliability.Height + Caption, $"bars: accuracy per confidence bin{dots}; dashed: perfect calibration", "middle", Muted, 12);
        return new SvgChart(page.Append("</svg>").ToString(), width, height);
    }

    private static void Place(StringBuilder page, SvgChart chart, int x, int y) =>
        page.Append(CultureInfo.InvariantCulture, $"""<g transform="translate({x} {y})">""").AppendLine().AppendLine(chart.Svg).AppendLine("</g>");

    /// <summary>The first installed regular and bold font files, answering for the page's font families.</summary>
    private sealed class Fonts : IDisposable
    {
        public Fonts()
        {
            var (regular, bold) = FontFiles.FirstOrDefault(f => File.Exists(f.Regular));
            foreach (var file in new[] { regular, bold }.OfType<string>().Where(File.Exists))
            {
                var provider = new CustomTypefaceProvider(file, 0);
                provider.FamilyAliases.Add("system-ui");
                provider.FamilyAliases.Add("sans-serif");
                Loaded.Add(provider);
            }
        }

        public List<CustomTypefaceProvider> Loaded { get; } = [];

        public void Dispose() => Loaded.ForEach(p => p.Dispose());
    }
}
