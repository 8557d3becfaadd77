using System.Text.Json;
using SkiaSharp;

namespace Moodtune.Cli.Tests;

public sealed class EvalCommandTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("moodtune-eval-").FullName;

    [Fact]
    public async Task Eval_json_reports_metrics_and_warns_of_other_folders()
    {
        Directory.CreateDirectory(Path.Combine(_temp, "happy"));
        Directory.CreateDirectory(Path.Combine(_temp, "contempt"));
        File.Copy(TestPaths.TestImage("astronaut.png"), Path.Combine(_temp, "happy", "astronaut.png"));

        var (exitCode, output, error) = await CliRunner.RunAsync("eval", _temp, "--json", "--detect");

        Assert.Equal(0, exitCode);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(1, json.GetProperty("images").GetInt32());
        Assert.Equal(1.0, json.GetProperty("accuracy").GetDouble());
        Assert.Equal(7, json.GetProperty("confusion").GetArrayLength());
        Assert.Equal(1, json.GetProperty("per_class").GetProperty("happy").GetProperty("support").GetInt32());
        Assert.Contains("contempt", error, StringComparison.Ordinal);
        Assert.True(json.GetProperty("ece").GetDouble() >= 0);
        Assert.True(json.GetProperty("nll").GetDouble() >= 0);
        Assert.False(json.TryGetProperty("temperature", out _));
    }

    [Fact]
    public async Task Eval_of_a_missing_folder_fails_with_its_name()
    {
        var missing = Path.Combine(_temp, "nope");

        var (exitCode, _, error) = await CliRunner.RunAsync("eval", missing);

        Assert.NotEqual(0, exitCode);
        Assert.Contains(missing, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_report_writes_a_self_contained_html_page_with_the_confusion_matrix()
    {
        // A data set folder whose name needs HTML encoding.
        var dataset = AstronautDataSet("<b>faces</b> & co");
        var page = Path.Combine(_temp, "report.html");

        var (exitCode, _, error) = await CliRunner.RunAsync("eval", dataset, "--detect", "--calibrate", "--report", page);

        Assert.Equal(0, exitCode);
        Assert.Contains(page, error, StringComparison.Ordinal);
        var html = await File.ReadAllTextAsync(page, TestContext.Current.CancellationToken);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.EndsWith("</html>\n", html, StringComparison.Ordinal);
        Assert.Contains("<caption>Confusion matrix", html, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"col\">surprise</th>", html, StringComparison.Ordinal);
        Assert.Contains("aria-labelledby=\"cm-title cm-desc\"", html, StringComparison.Ordinal);
        Assert.Equal(3, html.Split("<svg ").Length - 1);
        Assert.Equal(html.Split("<svg ").Length - 1, html.Split("</svg>").Length - 1);
        Assert.Contains("Reliability diagram", html, StringComparison.Ordinal);
        Assert.Contains("Temperature (fitted on these images)", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;faces&lt;/b&gt; &amp; co", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>faces", html, StringComparison.Ordinal);

        // Self-contained: nothing to fetch, nothing to run.
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Eval_report_png_draws_the_matrix_and_bars()
    {
        var image = Path.Combine(_temp, "report.png");

        var (exitCode, _, _) = await CliRunner.RunAsync("eval", AstronautDataSet("faces"), "--detect", "--report", image);

        Assert.Equal(0, exitCode);
        using var bitmap = SKBitmap.Decode(image);
        Assert.NotNull(bitmap);
        Assert.True(bitmap.Width >= 1000 && bitmap.Height >= 500, $"{bitmap.Width}x{bitmap.Height}");
    }

    [Fact]
    public async Task Eval_calibrate_reports_a_temperature_that_lowers_ece_and_nll()
    {
        var val = TestPaths.RequireShared("fer2013/val");

        // The imported ensemble is overconfident (T about 1.7 on all of val), so scaling must help its ECE too; the
        // temperature minimises NLL, which never rises, while ECE of an already calibrated model may move either way.
        var (exitCode, output, _) = await CliRunner.RunAsync("eval", val, "--limit", "140", "--calibrate", "--json", "--model", "minixception+faceapi+flip");

        Assert.Equal(0, exitCode);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(140, json.GetProperty("images").GetInt32());
        var temperature = json.GetProperty("temperature").GetDouble();
        double eceBefore = json.GetProperty("ece_before").GetDouble(), eceAfter = json.GetProperty("ece_after").GetDouble();
        double nllBefore = json.GetProperty("nll_before").GetDouble(), nllAfter = json.GetProperty("nll_after").GetDouble();
        Assert.InRange(temperature, 1.1, 8);
        Assert.Equal(json.GetProperty("ece").GetDouble(), eceBefore);
        Assert.Equal(json.GetProperty("nll").GetDouble(), nllBefore);
        Assert.True(eceAfter <= eceBefore, $"ECE {eceBefore:0.0000} -> {eceAfter:0.0000}");
        Assert.True(nllAfter <= nllBefore, $"NLL {nllBefore:0.0000} -> {nllAfter:0.0000}");
    }

    [Fact]
    public async Task Eval_calibrate_prints_the_temperature()
    {
        var (exitCode, output, _) = await CliRunner.RunAsync("eval", AstronautDataSet("faces"), "--detect", "--calibrate");

        Assert.Equal(0, exitCode);
        Assert.Contains("ECE", output, StringComparison.Ordinal);
        Assert.Contains("NLL", output, StringComparison.Ordinal);
        Assert.Contains("Temperature", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("report.pdf", "unknown report format")]
    [InlineData("report", "unknown report format")]
    [InlineData("missing/report.html", "folder not found")]
    [InlineData("a-file.txt/report.html", "folder not found")]
    [InlineData("a-folder.html", "is a folder")]
    public async Task Eval_with_a_bad_report_path_fails_before_evaluating(string report, string message)
    {
        await File.WriteAllTextAsync(Path.Combine(_temp, "a-file.txt"), "x", TestContext.Current.CancellationToken);
        Directory.CreateDirectory(Path.Combine(_temp, "a-folder.html"));
        var path = Path.Combine(_temp, report);

        var (exitCode, output, error) = await CliRunner.RunAsync("eval", AstronautDataSet("faces"), "--detect", "--json", "--report", path);

        Assert.NotEqual(0, exitCode);
        Assert.Empty(output);
        Assert.Contains(path, error, StringComparison.Ordinal);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_with_a_report_in_an_unwritable_folder_fails_before_evaluating()
    {
        // sysfs refuses new files even to root, unlike a folder without write permission.
        if (!OperatingSystem.IsLinux() || !Directory.Exists("/sys/kernel"))
        {
            Assert.Skip("needs Linux's /sys, a folder nobody can create files in");
        }

        var (exitCode, output, error) = await CliRunner.RunAsync("eval", AstronautDataSet("faces"), "--detect", "--json", "--report", "/sys/kernel/moodtune-report.html");

        Assert.NotEqual(0, exitCode);
        Assert.Empty(output);
        Assert.Contains("cannot write in /sys/kernel", error, StringComparison.Ordinal);
        Assert.False(File.Exists("/sys/kernel/moodtune-report.html"));
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    /// <summary>A one-image data set: the smiling astronaut, labelled happy.</summary>
    private string AstronautDataSet(string name)
    {
        var root = Path.Combine(_temp, name);
        Directory.CreateDirectory(Path.Combine(root, "happy"));
        File.Copy(TestPaths.TestImage("astronaut.png"), Path.Combine(root, "happy", "astronaut.png"), overwrite: true);
        return root;
    }
}
