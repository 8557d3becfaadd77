using System.Text.Json;

namespace Moodtune.Cli.Tests;

public sealed class DetectCommandTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("moodtune-cli-").FullName;

    [Fact]
    public async Task Detect_json_reports_one_happy_face_for_the_astronaut()
    {
        var (exitCode, output, _) = await CliRunner.RunAsync("detect", TestPaths.TestImage("astronaut.png"), "--json");

        Assert.Equal(0, exitCode);
        using var json = JsonDocument.Parse(output.Trim());
        var faces = json.RootElement.GetProperty("faces");
        Assert.Equal(1, faces.GetArrayLength());
        var face = faces[0];
        Assert.Equal("happy", face.GetProperty("emotion").GetString());
        var probabilities = face.GetProperty("probabilities").EnumerateObject().ToList();
        Assert.Equal(["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"], probabilities.Select(p => p.Name));
        Assert.Equal(1.0, probabilities.Sum(p => p.Value.GetDouble()), 3);
        Assert.EndsWith("astronaut.png", json.RootElement.GetProperty("file").GetString(), StringComparison.Ordinal);
        foreach (var field in new[] { "x", "y", "width", "height" })
        {
            Assert.True(face.GetProperty("box").GetProperty(field).GetDouble() > 0);
        }
    }

    [Fact]
    public async Task Detect_prints_one_json_line_per_image_of_a_folder()
    {
        File.Copy(TestPaths.TestImage("astronaut.png"), Path.Combine(_temp, "a.png"));
        File.Copy(TestPaths.TestImage("camera.png"), Path.Combine(_temp, "b.png"));

        var (exitCode, output, _) = await CliRunner.RunAsync("detect", _temp, "--json", "--model", "minixception");

        Assert.Equal(0, exitCode);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.All(lines, line => Assert.Equal(1, JsonDocument.Parse(line).RootElement.GetProperty("faces").GetArrayLength()));
    }

    [Fact]
    public async Task Bad_inputs_get_one_line_each_and_the_batch_goes_on()
    {
        var text = Path.Combine(_temp, "notes.jpg");
        await File.WriteAllTextAsync(text, "not an image", TestContext.Current.CancellationToken);
        var missing = Path.Combine(_temp, "missing.png");

        var (exitCode, output, error) = await CliRunner.RunAsync("detect", text, missing, TestPaths.TestImage("astronaut.png"), "--json");

        Assert.Equal(0, exitCode);
        Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var problems = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, problems.Length);
        Assert.Contains(problems, p => p.Contains(text, StringComparison.Ordinal) && p.Contains("supported", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains(missing, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Exit_code_is_non_zero_only_when_nothing_could_be_processed()
    {
        var text = Path.Combine(_temp, "notes.png");
        await File.WriteAllTextAsync(text, "not an image", TestContext.Current.CancellationToken);

        var (exitCode, output, _) = await CliRunner.RunAsync("detect", text);

        Assert.NotEqual(0, exitCode);
        Assert.Empty(output);
    }

    [Fact]
    public async Task Human_output_names_the_emotion_in_a_table()
    {
        var (exitCode, output, _) = await CliRunner.RunAsync("detect", TestPaths.TestImage("astronaut.png"));

        Assert.Equal(0, exitCode);
        Assert.Contains("1 face(s)", output, StringComparison.Ordinal);
        Assert.Contains("happy", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_model_is_a_clear_error()
    {
        var (exitCode, _, error) = await CliRunner.RunAsync("detect", TestPaths.TestImage("astronaut.png"), "--model", "resnet");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("resnet", error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);
}
