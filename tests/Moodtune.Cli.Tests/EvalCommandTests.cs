using System.Text.Json;

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
    }

    [Fact]
    public async Task Eval_of_a_missing_folder_fails_with_its_name()
    {
        var missing = Path.Combine(_temp, "nope");

        var (exitCode, _, error) = await CliRunner.RunAsync("eval", missing);

        Assert.NotEqual(0, exitCode);
        Assert.Contains(missing, error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);
}
