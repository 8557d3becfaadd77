using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Moodtune.Vision;
using Moodtune.Vision.Detection;
using Moodtune.Mood;
using Moodtune.Vision.Emotions;
using Moodtune.Vision.Imaging;
using Moodtune.Vision.Serialization;
using Spectre.Console;

namespace Moodtune.Cli.Commands;

/// <summary>`moodtune detect FILE_OR_DIR...`: every face of every image, with its expression.</summary>
internal static class DetectCommand
{
    private static readonly string[] ImageExtensions = [".jpg", ".jpeg", ".png", ".webp", ".bmp", ".gif"];

    public static Command Create(CliConsole console)
    {
        var paths = new Argument<string[]>("paths") { Description = "Image files or folders of images.", Arity = ArgumentArity.OneOrMore };
        var json = CommonOptions.Json();
        var model = CommonOptions.EmotionModel();
        var modelsDir = CommonOptions.ModelsDirectory();
        var detector = new DetectorCliOptions();

        var command = new Command("detect", "Find faces in images and classify their expressions.") { paths, json, model, modelsDir };
        foreach (var option in detector.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(result =>
        {
            VisionOptions options;
            try
            {
                options = detector.Apply(result, Options(result.GetValue(model)!, result.GetValue(modelsDir)));
            }
            catch (ArgumentException e)
            {
                console.Problem("detect", e.Message);
                return 1;
            }

            return Run(console, result.GetRequiredValue(paths), result.GetValue(json), options);
        });
        return command;
    }

    internal static VisionOptions Options(string model, DirectoryInfo? modelsDir) =>
        modelsDir is null ? new VisionOptions { EmotionModel = model } : new VisionOptions { EmotionModel = model, ModelsDirectory = modelsDir.FullName };

    /// <summary>Lists the image files named by files and folders; missing paths are reported, not fatal.</summary>
    internal static List<string> ExpandPaths(IEnumerable<string> paths, CliConsole console)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                files.Add(path);
            }
            else if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => ImageExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
                    .Order(StringComparer.Ordinal));
            }
            else
            {
                console.Problem(path, "no such file or folder");
            }
        }

        return files;
    }

    private static int Run(CliConsole console, string[] paths, bool json, VisionOptions options)
    {
        var files = ExpandPaths(paths, console);
        if (files.Count == 0)
        {
            console.Problem("detect", "no image to analyse");
            return 1;
        }

        if (OpenAnalyzer(console, options) is not { } analyzer)
        {
            return 1;
        }

        using (analyzer)
        {
            var processed = 0;
            foreach (var file in files)
            {
                FaceAnalysis analysis;
                try
                {
                    analysis = analyzer.Analyze(File.ReadAllBytes(file));
                }
                catch (Exception e) when (e is ImageDecodeException or IOException or UnauthorizedAccessException)
                {
                    console.Problem(file, e.Message);
                    continue;
                }

                processed++;
                if (json)
                {
                    console.Out.WriteLine(JsonSerializer.Serialize(FaceAnalysisDocument.From(analysis, file), VisionJsonContext.Default.FaceAnalysisDocument));
                }
                else
                {
                    WriteHuman(console.Human, file, analysis);
                }
            }

            return processed > 0 ? 0 : 1;
        }
    }

    private static void WriteHuman(IAnsiConsole output, string file, FaceAnalysis analysis)
    {
        output.MarkupLineInterpolated($"[bold]{file}[/] ({analysis.Width}x{analysis.Height}): {analysis.Faces.Count} face(s)");
        if (analysis.Faces.Count == 0)
        {
            return;
        }

        var table = new Table().AddColumns("#", "box (x, y, w, h)", "score", "emotion");
        foreach (var emotion in EmotionProbabilities.All)
        {
            table.AddColumn(new TableColumn(EmotionProbabilities.Name(emotion)).RightAligned());
        }

        var index = 0;
        foreach (var face in analysis.Faces)
        {
            var b = face.Box;
            var row = new List<string>
            {
                (++index).ToString(CultureInfo.InvariantCulture),
                string.Create(CultureInfo.InvariantCulture, $"{b.X:0}, {b.Y:0}, {b.Width:0}, {b.Height:0}"),
                face.Score.ToString("0.00", CultureInfo.InvariantCulture),
                EmotionProbabilities.Name(face.Emotion),
            };
            row.AddRange(EmotionProbabilities.All.Select(e => face.Emotions[e].ToString("0.00", CultureInfo.InvariantCulture)));
            table.AddRow([.. row.Select(Markup.Escape)]);
        }

        output.Write(table);
    }

    /// <summary>The analyzer for these options, or null after one line on stderr saying why (a missing model, a bad setting).</summary>
    internal static FaceAnalyzer? OpenAnalyzer(CliConsole console, VisionOptions options)
    {
        try
        {
            return new FaceAnalyzer(options);
        }
        catch (Exception e) when (e is FileNotFoundException or ArgumentException)
        {
            console.Problem("models", e.Message);
            return null;
        }
    }
}
