using System.Collections.Concurrent;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Moodtune.Vision;
using Moodtune.Mood;
using Moodtune.Vision.Emotions;
using Moodtune.Vision.Evaluation;
using Moodtune.Vision.Imaging;
using Moodtune.Vision.Inference;
using Spectre.Console;

namespace Moodtune.Cli.Commands;

/// <summary>`moodtune eval DATASET_DIR`: accuracy of the expression classifier on a folder-per-class data set.</summary>
internal static class EvalCommand
{
    public static Command Create(CliConsole console)
    {
        var dataset = new Argument<DirectoryInfo>("dataset") { Description = "Folder with one sub-folder per class (angry, disgust, fear, happy, sad, surprise, neutral)." };
        var json = CommonOptions.Json();
        var model = CommonOptions.EmotionModel();
        var modelsDir = CommonOptions.ModelsDirectory();
        var limit = new Option<int?>("--limit") { Description = "Evaluate at most N images, evenly spread over the classes." };
        var detect = new Option<bool>("--detect") { Description = "Detect the face first and classify the crop, instead of the whole image." };
        var cropScale = new Option<float?>("--crop-scale") { Description = "With --detect: side of the face crop relative to the detector's box (default 1.25)." };

        var command = new Command("eval", "Measure expression accuracy on a labelled data set.") { dataset, json, model, modelsDir, limit, detect, cropScale };
        command.SetAction(result => Run(
            console,
            result.GetRequiredValue(dataset),
            result.GetValue(json),
            result.GetValue(limit),
            result.GetValue(detect),
            WithCropScale(DetectCommand.Options(result.GetValue(model)!, result.GetValue(modelsDir)), result.GetValue(cropScale))));
        return command;
    }

    private static VisionOptions WithCropScale(VisionOptions options, float? scale) =>
        scale is float s ? options with { Crop = options.Crop with { Scale = s } } : options;

    /// <summary>Evaluates every image of a data set, on all cores (one inference thread per image).</summary>
    public static EvaluationResult Evaluate(LabelledImageFolder data, VisionOptions options, bool detect, Action? onImage = null)
    {
        using var analyzer = new FaceAnalyzer(options with { Inference = options.Inference with { IntraOpThreads = 1 } });
        var predictions = new Emotion?[data.Images.Count];
        var problems = new ConcurrentQueue<(string File, string Message)>();
        var noFace = 0;
        Parallel.For(0, data.Images.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            try
            {
                var bytes = File.ReadAllBytes(data.Images[i].Path);
                if (detect)
                {
                    var face = analyzer.Analyze(bytes).PrimaryFace;
                    if (face is null)
                    {
                        Interlocked.Increment(ref noFace);
                    }
                    else
                    {
                        predictions[i] = face.Emotion;
                    }
                }
                else
                {
                    predictions[i] = analyzer.ClassifyFaceImage(bytes).Top;
                }
            }
            catch (Exception e) when (e is ImageDecodeException or IOException or UnauthorizedAccessException)
            {
                problems.Enqueue((data.Images[i].Path, e.Message));
            }

            onImage?.Invoke();
        });

        var report = new ClassificationReport();
        for (var i = 0; i < predictions.Length; i++)
        {
            if (predictions[i] is Emotion predicted)
            {
                report.Add(data.Images[i].Emotion, predicted);
            }
        }

        return new EvaluationResult(analyzer.EmotionModelSpec, report, noFace, [.. problems]);
    }

    private static int Run(CliConsole console, DirectoryInfo datasetDir, bool json, int? limit, bool detect, VisionOptions options)
    {
        LabelledImageFolder data;
        try
        {
            data = LabelledImageFolder.Open(datasetDir.FullName, limit);
        }
        catch (DirectoryNotFoundException e)
        {
            console.Problem(datasetDir.FullName, e.Message);
            return 1;
        }

        foreach (var ignored in data.IgnoredFolders)
        {
            console.Problem(Path.Combine(datasetDir.FullName, ignored), "not one of the seven classes; ignored");
        }

        if (data.Images.Count == 0)
        {
            console.Problem(datasetDir.FullName, "no labelled images found");
            return 1;
        }

        EvaluationResult result;
        try
        {
            result = console.ErrorIsTerminal
                ? console.HumanError.Progress().Start(ctx =>
                {
                    var task = ctx.AddTask("classifying", maxValue: data.Images.Count);
                    return Evaluate(data, options, detect, () => task.Increment(1));
                })
                : Evaluate(data, options, detect);
        }
        catch (Exception e) when (e is FileNotFoundException or ArgumentException)
        {
            console.Problem("models", e.Message);
            return 1;
        }

        foreach (var (file, message) in result.Problems)
        {
            console.Problem(file, message);
        }

        if (json)
        {
            console.Out.WriteLine(JsonSerializer.Serialize(EvaluationDocument.From(result), EvalJsonContext.Default.EvaluationDocument));
        }
        else
        {
            WriteHuman(console.Human, result);
        }

        return result.Report.Images > 0 ? 0 : 1;
    }

    private static void WriteHuman(IAnsiConsole output, EvaluationResult result)
    {
        var report = result.Report;
        output.MarkupLineInterpolated($"Model [bold]{result.Model}[/]: {report.Images} images, accuracy [bold]{report.Accuracy:P1}[/], macro-F1 [bold]{report.MacroF1:0.000}[/]");
        if (result.NoFace > 0)
        {
            output.MarkupLineInterpolated($"{result.NoFace} image(s) without a detected face were left out.");
        }

        var metrics = new Table().AddColumns("class", "precision", "recall", "F1", "support");
        foreach (var c in report.PerClass)
        {
            metrics.AddRow(EmotionProbabilities.Name(c.Emotion), F(c.Precision), F(c.Recall), F(c.F1), c.Support.ToString(CultureInfo.InvariantCulture));
        }

        output.Write(metrics);
        var confusion = new Table().AddColumn("true \\ predicted");
        foreach (var e in EmotionProbabilities.All)
        {
            confusion.AddColumn(new TableColumn(EmotionProbabilities.Name(e)).RightAligned());
        }

        foreach (var actual in EmotionProbabilities.All)
        {
            confusion.AddRow([EmotionProbabilities.Name(actual), .. EmotionProbabilities.All.Select(p => report[actual, p].ToString(CultureInfo.InvariantCulture))]);
        }

        output.Write(confusion);

        static string F(float value) => value.ToString("0.000", CultureInfo.InvariantCulture);
    }
}

/// <summary>What one evaluation run measured.</summary>
public sealed record EvaluationResult(string Model, ClassificationReport Report, int NoFace, IReadOnlyList<(string File, string Message)> Problems);

internal sealed record ClassDocument(
    [property: JsonPropertyName("precision")] float Precision,
    [property: JsonPropertyName("recall")] float Recall,
    [property: JsonPropertyName("f1")] float F1,
    [property: JsonPropertyName("support")] int Support);

internal sealed record EvaluationDocument(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("accuracy")] float Accuracy,
    [property: JsonPropertyName("macro_f1")] float MacroF1,
    [property: JsonPropertyName("per_class")] IReadOnlyDictionary<string, ClassDocument> PerClass,
    [property: JsonPropertyName("classes")] IReadOnlyList<string> Classes,
    [property: JsonPropertyName("confusion")] int[][] Confusion,
    [property: JsonPropertyName("images")] int Images,
    [property: JsonPropertyName("no_face")] int NoFace,
    [property: JsonPropertyName("failed")] int Failed)
{
    public static EvaluationDocument From(EvaluationResult result) => new(
        result.Model,
        result.Report.Accuracy,
        result.Report.MacroF1,
        result.Report.PerClass.ToDictionary(c => EmotionProbabilities.Name(c.Emotion), c => new ClassDocument(c.Precision, c.Recall, c.F1, c.Support)),
        [.. EmotionProbabilities.All.Select(EmotionProbabilities.Name)],
        result.Report.ConfusionRows(),
        result.Report.Images,
        result.NoFace,
        result.Problems.Count);
}

[JsonSerializable(typeof(EvaluationDocument))]
internal sealed partial class EvalJsonContext : JsonSerializerContext;
