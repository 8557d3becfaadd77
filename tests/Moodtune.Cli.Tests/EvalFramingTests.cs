using System.Text.Json;
using SkiaSharp;

namespace Moodtune.Cli.Tests;

/// <summary>`moodtune eval DIR --framing`: how a data set frames its faces, as crop settings.</summary>
public sealed class EvalFramingTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("moodtune-framing-").FullName;

    [Fact]
    public async Task Framing_json_measures_the_faces_and_counts_what_it_could_not_read()
    {
        var happy = Directory.CreateDirectory(Path.Combine(_temp, "faces", "happy")).FullName;
        // The astronaut's face cut tight and square, as FER2013 cuts faces, and a file that is no image.
        using (var photo = SKBitmap.Decode(TestPaths.TestImage("astronaut.png")))
        using (var face = new SKBitmap())
        {
            Assert.True(photo.ExtractSubset(face, new SKRectI(170, 75, 280, 185)));
            using var png = face.Encode(SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(Path.Combine(happy, "astronaut-face.png"), png.ToArray());
        }

        File.WriteAllText(Path.Combine(happy, "broken.png"), "not a picture");

        var (exitCode, output, error) = await CliRunner.RunAsync("eval", Path.Combine(_temp, "faces"), "--framing", "--json");

        Assert.Equal(0, exitCode);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(2, json.GetProperty("images").GetInt32());
        Assert.Equal(1, json.GetProperty("failed").GetInt32());
        Assert.Equal(1, json.GetProperty("found").GetInt32());
        var scale = json.GetProperty("scale");
        Assert.InRange(scale.GetProperty("median").GetDouble(), 0.9, 1.6);
        // One face: every quartile is that face's value.
        Assert.Equal(scale.GetProperty("median").GetDouble(), scale.GetProperty("lower").GetDouble());
        Assert.InRange(json.GetProperty("shift_down").GetProperty("median").GetDouble(), -0.25, 0.25);
        Assert.Equal(1.17, json.GetProperty("crop").GetProperty("scale").GetDouble(), 5);
        Assert.Equal(-0.088, json.GetProperty("crop").GetProperty("shift_down").GetDouble(), 5);
        Assert.Contains("1 image(s) could not be read", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Framing_prints_the_crop_that_matches_and_fails_where_no_face_is_found()
    {
        var happy = Directory.CreateDirectory(Path.Combine(_temp, "walls", "happy")).FullName;
        using (var wall = new SKBitmap(48, 48))
        {
            wall.Erase(SKColors.Beige);
            using var png = wall.Encode(SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(Path.Combine(happy, "wall.png"), png.ToArray());
        }

        var (exitCode, output, _) = await CliRunner.RunAsync("eval", Path.Combine(_temp, "walls"), "--framing");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Faces found in 0 of 1 images", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--perturb")]
    [InlineData("--detect")]
    [InlineData("--calibrate")]
    public async Task Framing_refuses_what_does_not_combine(string other)
    {
        var (exitCode, output, error) = await CliRunner.RunAsync("eval", _temp, "--framing", other);

        Assert.NotEqual(0, exitCode);
        Assert.Empty(output);
        Assert.Contains("--framing does not combine", error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);
}
