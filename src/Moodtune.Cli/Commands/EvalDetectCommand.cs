using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Moodtune.Vision;
using Moodtune.Vision.Detection;
using Moodtune.Vision.Evaluation;
using Moodtune.Vision.Imaging;
using Spectre.Console;

namespace Moodtune.Cli.Commands;

/// <summary>
/// `moodtune eval-detect DIR`: face-detection recall and false detections on a folder with a truth file
/// (docs/detection-evaluation.md).
/// </summary>
internal static class EvalDetectCommand
{
    public static Command Create(CliConsole console)
    {
        var directory = new Argument<DirectoryInfo>("dir") { Description = $"Folder holding the images and {DetectionTruth.FileName}." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object to stdout: the totals and every image's result." };
        var modelsDir = CommonOptions.ModelsDirectory();
        var detector = new DetectorCliOptions();
        var command = new Command("eval-detect", "Measure face-detection recall and false detections on a folder with a truth file.") { directory, json, modelsDir };
        foreach (var option in detector.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(result =>
        {
            VisionOptions options;
            try
            {
                options = detector.Apply(result, DetectCommand.Options("default", result.GetValue(modelsDir)));
            }
            catch (ArgumentException e)
            {
                console.Problem("eval-detect", e.Message);
                return 1;
            }

            return Run(console, result.GetRequiredValue(directory), result.GetValue(json), options);
        });
        return command;
    }

    private static int Run(CliConsole console, DirectoryInfo directory, bool json, VisionOptions options)
    {
        if (!directory.Exists)
        {
            console.Problem(directory.FullName, "no such folder");
            return 1;
        }

        IReadOnlyList<TruthImage> truth;
        try
        {
            truth = DetectionTruth.Load(directory.FullName);
        }
        catch (Exception e) when (e is FileNotFoundException or DetectionTruthException or IOException)
        {
            console.Problem("truth", e.Message);
            return 1;
        }

        if (DetectCommand.OpenAnalyzer(console, options) is not { } analyzer)
        {
            return 1;
        }

        var score = new DetectionScore();
        var failed = 0;
        var verified = analyzer.VerifiesFaces;
        var meshChecked = analyzer.ChecksFaceMesh;
        using (analyzer)
        {
            // One image at a time, in the truth file's order: the detector is one thread by design, and the figures
            // must not depend on how many cores ran them.
            foreach (var image in truth)
            {
                var path = Path.Combine(directory.FullName, image.File);
                try
                {
                    score.Add(image, analyzer.DetectFaces(File.ReadAllBytes(path)));
                }
                catch (Exception e) when (e is ImageDecodeException or IOException or UnauthorizedAccessException)
                {
                    console.Problem(path, e.Message);
                    failed++;
                }
            }
        }

        if (json)
        {
            console.Out.WriteLine(JsonSerializer.Serialize(Document(directory.FullName, options, verified, meshChecked, score, failed), EvalDetectJsonContext.Default.EvalDetectDocument));
        }
        else
        {
            WriteHuman(console.Human, directory.FullName, options, verified, meshChecked, score, failed);
        }

        return score.Images.Count > 0 ? 0 : 1;
    }

    private static EvalDetectDocument Document(string directory, VisionOptions options, bool verified, bool meshChecked, DetectionScore score, int failed) => new(
        directory,
        options.Detector.ToString(),
        options.MinFaceScore,
        options.VerifyFaces,
        verified,
        meshChecked,
        options.RefineFacesNarrowerThan,
        score.Images.Count,
        failed,
        score.Faces,
        score.Found,
        score.Recall,
        score.FalseDetections,
        score.FalseDetectionsPerImage,
        score.ImagesWithFalseDetections,
        [.. score.Images.Select(i => new EvalDetectImage(
            i.File,
            i.Faces,
            i.Detected,
            i.Found,
            i.FalseDetections,
            [.. i.Detections.Select(d => new EvalDetectBox(d.Box.X, d.Box.Y, d.Box.Width, d.Box.Height, d.Score))]))]);

    private static void WriteHuman(IAnsiConsole output, string directory, VisionOptions options, bool verified, bool meshChecked, DetectionScore score, int failed)
    {
        var inv = CultureInfo.InvariantCulture;
        string[] checks =
        [
            .. options.RefineFacesNarrowerThan > 0 ? [$"boxes under {options.RefineFacesNarrowerThan.ToString(inv)} px refined"] : Array.Empty<string>(),
            .. options.VerifyFaces ? ["face geometry checked"] : Array.Empty<string>(),
            .. verified ? [meshChecked ? $"face verifier (FaceMesh's face flag below {options.FaceMeshCheckBelow.ToString(inv)})" : "face verifier"] : Array.Empty<string>(),
        ];
        var checkedBy = checks.Length == 0 ? "raw detector" : string.Join(", ", checks);
        output.MarkupLineInterpolated($"[bold]{directory}[/]: {score.Images.Count} image(s), detector {options.Detector}, min score {options.MinFaceScore.ToString(inv)}, {checkedBy}{(failed > 0 ? $", {failed} unreadable" : "")}");
        output.WriteLine(score.Recall is double recall
            ? string.Create(inv, $"recall: {recall * 100:0.0}% ({score.Found} of {score.Faces} faces)")
            : "recall: no faces in the truth");
        output.WriteLine(string.Create(inv, $"false detections: {score.FalseDetections} ({score.FalseDetectionsPerImage:0.000} per image, on {score.ImagesWithFalseDetections} image(s))"));
        var wrong = score.Images.Where(i => i.FalseDetections > 0 || i.Found < i.Faces).ToList();
        if (wrong.Count == 0)
        {
            return;
        }

        var table = new Table().AddColumns("file", "faces", "found", "false", "scores");
        foreach (var image in wrong)
        {
            table.AddRow(
                Markup.Escape(image.File),
                image.Faces.ToString(inv),
                image.Found.ToString(inv),
                image.FalseDetections.ToString(inv),
                string.Join(' ', image.Detections.Select(d => d.Score.ToString("0.00", inv))));
        }

        output.Write(table);
    }
}

internal sealed record EvalDetectBox(float X, float Y, float Width, float Height, float Score);

internal sealed record EvalDetectImage(string File, int Faces, int Detected, int Found, int FalseDetections, IReadOnlyList<EvalDetectBox> Detections);

internal sealed record EvalDetectDocument(
    string Directory,
    string Detector,
    float MinScore,
    bool VerifyFaces,
    bool FaceVerifier,
    bool FaceMeshCheck,
    float RefineNarrowerThan,
    int Images,
    int Failed,
    int Faces,
    int Found,
    double? Recall,
    int FalseDetections,
    double FalseDetectionsPerImage,
    int ImagesWithFalseDetections,
    IReadOnlyList<EvalDetectImage> PerImage);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(EvalDetectDocument))]
internal sealed partial class EvalDetectJsonContext : JsonSerializerContext;
