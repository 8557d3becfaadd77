using Moodtune.Cli.Reports;
using Moodtune.Mood;
using Moodtune.Vision.Evaluation;
using SkiaSharp;

namespace Moodtune.Cli.Tests;

/// <summary>The evaluation report's two formats: one drawing of each chart, inlined by the HTML and rasterised by the PNG.</summary>
public class EvalReportTests
{
    [Fact]
    public void Html_and_png_draw_the_same_charts()
    {
        var content = Content(calibrated: true);
        var html = EvalHtmlReport.Html(content);
        var page = EvalPngReport.Page(content).Svg;

        SvgChart[] charts = [EvalCharts.ConfusionMatrix(content.Result.Report), EvalCharts.PerClass(content.Result.Report), EvalCharts.Reliability(content.Result.Calibration, content.Calibrated!.After)];

        Assert.All(charts, chart =>
        {
            Assert.Contains(chart.Svg, html, StringComparison.Ordinal);
            Assert.Contains(chart.Svg, page, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Png_shades_the_matrix_and_colours_the_bars_as_the_html_does()
    {
        using var png = SKBitmap.Decode(EvalPngReport.Render(Content(calibrated: true)));
        var pixels = png.Pixels.GroupBy(p => p).ToDictionary(g => g.Key, g => g.Count());

        // Happy and neutral are always right: their diagonal cells have the darkest shade, their bars are full height.
        Assert.True(Count(0x09, 0x3c, 0x8c) > 5000, $"full-share cells: {Count(0x09, 0x3c, 0x8c)} px");
        Assert.True(Count(0x09, 0x69, 0xda) > 10000, $"precision: {Count(0x09, 0x69, 0xda)} px");
        Assert.True(Count(0xbf, 0x87, 0x00) > 10000, $"recall: {Count(0xbf, 0x87, 0x00)} px");
        Assert.True(Count(0x1a, 0x7f, 0x37) > 10000, $"F1: {Count(0x1a, 0x7f, 0x37)} px");
        Assert.True(Count(0xcf, 0x22, 0x2e) > 20, "the reliability diagram's dots after scaling");

        int Count(byte r, byte g, byte b) => pixels.GetValueOrDefault(new SKColor(r, g, b));
    }

    [Fact]
    public void Png_writes_its_heading_when_a_font_is_installed()
    {
        if (!File.Exists("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))
        {
            Assert.Skip("needs DejaVu Sans (Debian: fonts-dejavu-core)");
        }

        using var png = SKBitmap.Decode(EvalPngReport.Render(Content(calibrated: false)));

        var dark = 0;
        for (var y = 10; y < 40; y++)
        {
            for (var x = 20; x < 400; x++)
            {
                dark += png.GetPixel(x, y).Red < 128 ? 1 : 0;
            }
        }

        Assert.True(dark > 300, $"{dark} dark pixels where the heading is written");
    }

    /// <summary>Five happy faces and a neutral one, all read right, with middling confidence.</summary>
    private static EvalReportContent Content(bool calibrated)
    {
        var report = new ClassificationReport();
        var calibration = new CalibrationReport(EmotionProbabilities.Count);
        for (var i = 0; i < 6; i++)
        {
            var emotion = i == 5 ? Emotion.Neutral : Emotion.Happy;
            float[] probabilities = [.. EmotionProbabilities.All.Select(e => e == emotion ? 0.7f : 0.05f)];
            report.Add(emotion, emotion);
            calibration.Add(probabilities, (int)emotion);
        }

        var result = new EvaluationResult("test-model", report, calibration, NoFace: 0, Problems: []);
        return new EvalReportContent(result, "/data/faces", calibrated ? FittedTemperature.Fit(calibration) : null);
    }
}
