using System.Text.Json;
using SkiaSharp;

namespace Moodtune.Cli.Tests;

public sealed class EvalDetectCommandTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("moodtune-evaldetect-").FullName;

    [Fact]
    public async Task Json_reports_recall_false_detections_and_each_image()
    {
        File.Copy(TestPaths.TestImage("astronaut.png"), Path.Combine(_temp, "astronaut.png"));
        WriteBlank("blank.png");
        WriteTruth("astronaut.png,1,178 81 94 94", "blank.png,0,");

        var (exitCode, output, error) = await CliRunner.RunAsync("eval-detect", _temp, "--json");

        Assert.Equal(0, exitCode);
        Assert.Equal("", error);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(2, json.GetProperty("images").GetInt32());
        Assert.Equal(1.0, json.GetProperty("recall").GetDouble());
        Assert.Equal(0, json.GetProperty("false_detections").GetInt32());
        var first = json.GetProperty("per_image")[0];
        Assert.Equal("astronaut.png", first.GetProperty("file").GetString());
        Assert.Equal(1, first.GetProperty("found").GetInt32());
        Assert.InRange(first.GetProperty("detections")[0].GetProperty("score").GetDouble(), 0.5, 1);
    }

    [Fact]
    public async Task A_box_in_the_wrong_place_is_a_missed_face_and_a_false_detection()
    {
        File.Copy(TestPaths.TestImage("astronaut.png"), Path.Combine(_temp, "astronaut.png"));
        WriteTruth("astronaut.png,1,400 400 90 90");

        var (exitCode, output, _) = await CliRunner.RunAsync("eval-detect", _temp);

        Assert.Equal(0, exitCode);
        Assert.Contains("recall: 0.0% (0 of 1 faces)", output, StringComparison.Ordinal);
        Assert.Contains("false detections: 1 (1.000 per image, on 1 image(s))", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_truth_file_or_folder_is_one_clear_error()
    {
        var (exitCode, _, error) = await CliRunner.RunAsync("eval-detect", _temp);
        Assert.Equal(1, exitCode);
        Assert.Contains("no truth file", error, StringComparison.Ordinal);

        (exitCode, _, error) = await CliRunner.RunAsync("eval-detect", Path.Combine(_temp, "nowhere"));
        Assert.Equal(1, exitCode);
        Assert.Contains("no such folder", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_row_stops_before_any_detection_naming_its_line()
    {
        WriteTruth("cat.png,0,", "dog.png,two,");

        var (exitCode, output, error) = await CliRunner.RunAsync("eval-detect", _temp);

        Assert.Equal(1, exitCode);
        Assert.Equal("", output);
        Assert.Contains("truth.csv:3: faces must be a whole number", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_image_that_cannot_be_decoded_is_reported_and_the_rest_still_counts()
    {
        File.WriteAllText(Path.Combine(_temp, "broken.png"), "not an image");
        WriteBlank("blank.png");
        WriteTruth("broken.png,0,", "blank.png,0,", "missing.png,0,");

        var (exitCode, output, error) = await CliRunner.RunAsync("eval-detect", _temp, "--json");

        Assert.Equal(0, exitCode);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(1, json.GetProperty("images").GetInt32());
        Assert.Equal(2, json.GetProperty("failed").GetInt32());
        var problems = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, problems.Length);
        Assert.Contains(problems, p => p.Contains("broken.png", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("missing.png", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_min_score_outside_zero_to_one_is_refused()
    {
        WriteTruth("cat.png,0,");

        var (exitCode, _, error) = await CliRunner.RunAsync("eval-detect", _temp, "--min-score", "1.5");

        Assert.Equal(1, exitCode);
        Assert.Contains("--min-score must be in [0, 1]", error, StringComparison.Ordinal);
    }

    // Small boxes are looked at again by default (docs/detection-evaluation.md, "Small boxes looked at again"): a face of
    // about 28 pixels is still found, and the report says which settings it ran with; --refine-below 0 turns it off.
    [Fact]
    public async Task Refining_small_boxes_is_on_by_default_and_keeps_a_small_face()
    {
        using (var astronaut = SKImage.FromEncodedData(TestPaths.TestImage("astronaut.png")))
        using (var surface = SKSurface.Create(new SKImageInfo(640, 480)))
        {
            surface.Canvas.Clear(new SKColor(90, 120, 90));
            surface.Canvas.DrawImage(astronaut, SKRect.Create(300, 200, 150, 150), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
            using var data = surface.Snapshot().Encode(SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(Path.Combine(_temp, "small.png"), data.ToArray());
        }

        WriteTruth("small.png,1,");

        var (exitCode, refined, error) = await CliRunner.RunAsync("eval-detect", _temp, "--json");
        var (_, plain, _) = await CliRunner.RunAsync("eval-detect", _temp, "--json", "--refine-below", "0");
        var (refusedCode, _, refusal) = await CliRunner.RunAsync("eval-detect", _temp, "--refine-below", "-1");

        Assert.Equal(0, JsonDocument.Parse(plain).RootElement.GetProperty("refine_narrower_than").GetSingle());
        Assert.True(exitCode == 0, error);
        var json = JsonDocument.Parse(refined).RootElement;
        Assert.Equal(32, json.GetProperty("refine_narrower_than").GetSingle());
        Assert.Equal(1, json.GetProperty("found").GetInt32());
        Assert.InRange(json.GetProperty("per_image")[0].GetProperty("detections")[0].GetProperty("width").GetSingle(), 16, 32);
        Assert.Equal(1, refusedCode);
        Assert.Contains("--refine-below must be 0 or more", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_geometry_check_the_astronaut_is_still_one_happy_face()
    {
        var (exitCode, output, _) = await CliRunner.RunAsync("detect", TestPaths.TestImage("astronaut.png"), "--json", "--verify-geometry");

        Assert.Equal(0, exitCode);
        var face = Assert.Single(JsonDocument.Parse(output).RootElement.GetProperty("faces").EnumerateArray());
        Assert.Equal("happy", face.GetProperty("emotion").GetString());
    }

    // Issue 17 on the packaged sets (tools/detect-sets.sh): the raw detector boxes animals and objects, the geometry
    // check removes some of them at the cost of at most one face, the face verifier (on by default) most of them,
    // FaceMesh's face flag most of the rest. Figures: docs/detection-evaluation.md.
    [Fact]
    public async Task On_the_packaged_sets_the_checks_remove_false_detections_and_keep_the_faces()
    {
        var sets = DetectionSets.Build();

        var raw = await Evaluate(Path.Combine(sets, "no-person"), "--no-face-verifier");
        var geometry = await Evaluate(Path.Combine(sets, "no-person"), "--no-face-verifier", "--verify-geometry");
        var verifierAlone = await Evaluate(Path.Combine(sets, "no-person"), "--no-face-mesh");
        var verified = await Evaluate(Path.Combine(sets, "no-person"));
        var people = await Evaluate(Path.Combine(sets, "people"), "--no-face-verifier");
        var peopleGeometry = await Evaluate(Path.Combine(sets, "people"), "--no-face-verifier", "--verify-geometry");
        var peopleVerified = await Evaluate(Path.Combine(sets, "people"));

        Assert.True(raw.GetProperty("images").GetInt32() >= 300);
        Assert.True(raw.GetProperty("false_detections").GetInt32() > 100, "the raw detector no longer boxes animals: re-measure issue 17");
        Assert.True(geometry.GetProperty("false_detections").GetInt32() <= raw.GetProperty("false_detections").GetInt32() - 20);
        Assert.True(verified.GetProperty("face_verifier").GetBoolean());
        Assert.True(verified.GetProperty("face_mesh_check").GetBoolean());
        Assert.False(verifierAlone.GetProperty("face_mesh_check").GetBoolean());
        Assert.True(
            verifierAlone.GetProperty("false_detections").GetInt32() <= MaxVerifiedFalseDetections,
            $"the face verifier let {verifierAlone.GetProperty("false_detections").GetInt32()} false detections through");
        Assert.True(
            verified.GetProperty("false_detections").GetInt32() <= MaxMeshCheckedFalseDetections,
            $"the verifier with FaceMesh's face flag let {verified.GetProperty("false_detections").GetInt32()} false detections through");
        Assert.Equal(285, people.GetProperty("faces").GetInt32());
        var found = people.GetProperty("found").GetInt32();
        Assert.True(found >= MinRawPeopleFound, $"the detector found {found} faces of 285");
        Assert.True(peopleGeometry.GetProperty("found").GetInt32() >= found - 1);
        Assert.True(
            peopleVerified.GetProperty("found").GetInt32() >= found - MaxFacesTheChecksDrop,
            $"the checks dropped {found - peopleVerified.GetProperty("found").GetInt32()} of the {found} faces the detector found");
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    // Measured with the shipped models on the AMD EPYC (docs/detection-evaluation.md, "One face copy"): 9 false
    // detections with the verifier alone, 3 with FaceMesh's face flag for the boxes it is unsure of, with a margin for
    // boxes near a threshold on other CPUs; 277 of the people set's 285 faces found (8 small faces of a collage missed),
    // and one of them (a 26-pixel face of a VOC photo) dropped by the verifier.
    private const int MaxVerifiedFalseDetections = 12;
    private const int MaxMeshCheckedFalseDetections = 5;
    private const int MinRawPeopleFound = 276;
    private const int MaxFacesTheChecksDrop = 1;

    private static async Task<JsonElement> Evaluate(string set, params string[] options)
    {
        var (exitCode, output, error) = await CliRunner.RunAsync(["eval-detect", set, "--json", .. options]);
        Assert.True(exitCode == 0, error);
        return JsonDocument.Parse(output).RootElement;
    }

    // Fetches and composes the sets once into the repository's ignored .cache/ (the script keeps them there).
    private void WriteTruth(params string[] rows) =>
        File.WriteAllLines(Path.Combine(_temp, "truth.csv"), ["file,faces,boxes", .. rows]);

    private void WriteBlank(string name)
    {
        using var bitmap = new SKBitmap(320, 240);
        bitmap.Erase(new SKColor(200, 200, 200));
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(Path.Combine(_temp, name), data.ToArray());
    }
}
