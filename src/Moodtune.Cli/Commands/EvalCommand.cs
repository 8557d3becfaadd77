using System.Collections.Concurrent;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Moodtune.Cli.Reports;
using Moodtune.Vision;
using Moodtune.Vision.Alignment;
using Moodtune.Mood;
using Moodtune.Vision.Emotions;
using Moodtune.Vision.Evaluation;
using Moodtune.Vision.Evaluation.Perturbations;
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
        var model = CommonOptions.EmotionModels();
        var modelsDir = CommonOptions.ModelsDirectory();
        var limit = new Option<int?>("--limit") { Description = "Evaluate at most N images, evenly spread over the classes." };
        var detect = new Option<bool>("--detect") { Description = "Detect the face first and classify the crop, instead of the whole image." };
        var cropScale = new Option<float?>("--crop-scale")
        {
            Description = $"Where a face is detected (--detect, the camera condition): side of the face crop relative to the detector's box (default {FaceCropOptions.Default.Scale.ToString(CultureInfo.InvariantCulture)}).",
        };
        var cropShiftDown = new Option<float?>("--crop-shift-down")
        {
            Description = $"Where a face is detected: moves the crop's centre down by this fraction of its side, up when negative (default {FaceCropOptions.Default.ShiftDown.ToString(CultureInfo.InvariantCulture)}).",
        };
        var calibrate = new Option<bool>("--calibrate") { Description = "Fit a temperature on this data set and report ECE and NLL before and after it." };
        var report = new Option<FileInfo?>("--report") { Description = "Also write a report: FILE.html (self-contained, with charts) or FILE.png." };
        var sharpenBelow = new Option<float?>("--sharpen-below")
        {
            Description = $"Sharpen faces that measure less fine detail than this before classifying them (default {FaceCropOptions.Default.SharpenBelow}; 0 never).",
        };
        var contrastPercent = new Option<float?>("--contrast-percent")
        {
            Description = $"Stretch each face's gray levels so this percentage of its pixels is black and as many white, as FER2013's faces are (default {FaceCropOptions.Default.ContrastPercent.ToString(CultureInfo.InvariantCulture)}; 0 never).",
        };
        var perturb = new Option<bool>("--perturb")
        {
            Description = "The robustness table: accuracy under darkening, over-exposure, blur, JPEG, roll, low resolution and camera scenes near and far, against none (--model may be given several times).",
        };
        var framing = new Option<bool>("--framing")
        {
            Description = "How the images frame their faces as the detector boxes them: the crop settings (--crop-scale, --crop-shift-down) that show a model trained on them the same framing.",
        };
        var conditionNames = string.Join(", ", Perturbation.Standard.Skip(1).Select(p => p.Name));
        var condition = new Option<string[]>("--condition")
        {
            Description = $"With --perturb: only this row besides none (may be given several times): {conditionNames}.",
        };

        var refineBelow = new Option<float?>("--refine-below")
        {
            Description = $"Where a face is detected: look again at faces narrower than this many pixels, the front model on the region around each, enlarged (default {new VisionOptions().RefineFacesNarrowerThan.ToString(CultureInfo.InvariantCulture)}; 0 never).",
        };
        var frameWidth = new Option<int?>("--frame-width")
        {
            Description = $"With --perturb: send every frame of the camera scenes this wide ({CameraScene.MinFrameWidth}-{CameraScene.CameraWidth}); by default they are sent as the page sends them, {CameraScene.DefaultFrameWidth} wide and {CameraScene.DefaultWideFrameWidth} when the server asks for wider frames (the face small or not found).",
        };

        var command = new Command("eval", "Measure expression accuracy on a labelled data set.") { dataset, json, model, modelsDir, limit, detect, cropScale, cropShiftDown, calibrate, report, sharpenBelow, contrastPercent, refineBelow, perturb, condition, frameWidth, framing };
        command.SetAction(result =>
        {
            var models = result.GetValue(model) is { Length: > 0 } given ? given : [CommonOptions.DefaultModel];
            var settings = new EvalSettings(result.GetValue(json), result.GetValue(limit), result.GetValue(detect), result.GetValue(calibrate), result.GetValue(report));
            var options = WithCrop(DetectCommand.Options(models[0], result.GetValue(modelsDir)), result.GetValue(cropScale), result.GetValue(cropShiftDown), result.GetValue(sharpenBelow), result.GetValue(contrastPercent));
            options = options with { RefineFacesNarrowerThan = result.GetValue(refineBelow) ?? options.RefineFacesNarrowerThan };
            if (options.Problems() is [var problem, ..])
            {
                return Refuse(problem);
            }

            var conditions = result.GetValue(condition) ?? [];
            if (result.GetValue(framing))
            {
                return settings is { Detect: false, Calibrate: false, Report: null } && !result.GetValue(perturb)
                    ? EvalFraming.Run(console, result.GetRequiredValue(dataset), settings, options)
                    : Refuse("--framing does not combine with --perturb, --detect, --calibrate or --report");
            }

            if (result.GetValue(perturb))
            {
                if (settings is not { Detect: false, Calibrate: false, Report: null })
                {
                    return Refuse("--perturb does not combine with --detect, --calibrate or --report");
                }

                if (result.GetValue(frameWidth) is < CameraScene.MinFrameWidth or > CameraScene.CameraWidth)
                {
                    return Refuse($"--frame-width must be {CameraScene.MinFrameWidth}-{CameraScene.CameraWidth}");
                }

                return Conditions(conditions, result.GetValue(frameWidth)) is { } perturbations
                    ? EvalRobustness.Run(console, result.GetRequiredValue(dataset), settings, models, options, perturbations)
                    : Refuse($"--condition takes {conditionNames}");
            }

            if (conditions.Length > 0 || result.GetValue(frameWidth) is not null)
            {
                return Refuse("--condition and --frame-width need --perturb");
            }

            return models.Length == 1 ? Run(console, result.GetRequiredValue(dataset), settings, options) : Refuse("--model may be given once, or several times with --perturb");
        });
        return command;

        int Refuse(string message)
        {
            console.Problem("eval", message);
            return 1;
        }
    }

    private static VisionOptions WithCrop(VisionOptions options, float? scale, float? shiftDown, float? sharpenBelow, float? contrastPercent) => options with
    {
        Crop = options.Crop with
        {
            Scale = scale ?? options.Crop.Scale,
            ShiftDown = shiftDown ?? options.Crop.ShiftDown,
            SharpenBelow = sharpenBelow ?? options.Crop.SharpenBelow,
            ContrastPercent = contrastPercent ?? options.Crop.ContrastPercent,
        },
    };

    /// <summary>
    /// The robustness table's rows: all of them, or the reference and the named ones in table order, the camera scenes
    /// sending frames <paramref name="frameWidth"/> wide when it is given; null when a name is unknown.
    /// </summary>
    private static IReadOnlyList<Perturbation>? Conditions(string[] names, int? frameWidth)
    {
        var rows = Perturbation.Standard.Skip(1).Where(p => names.Length == 0 || names.Contains(p.Name, StringComparer.Ordinal)).ToList();
        if (!names.All(name => rows.Exists(p => p.Name == name)))
        {
            return null;
        }

        return [Perturbation.Standard[0], .. rows.Select(p => p is CameraScene scene && frameWidth is { } width ? scene.WithFrameWidth(width) : p)];
    }

    /// <summary>
    /// Runs one measurement over a data set, with a progress bar when standard error is a terminal (the measurement
    /// calls the action once per image); a model file that is missing or unusable is reported and gives null.
    /// </summary>
    internal static T? Measure<T>(CliConsole console, string label, int images, Func<Action?, T> measure)
        where T : class
    {
        try
        {
            return console.ErrorIsTerminal
                ? console.HumanError.Progress().Start(ctx =>
                {
                    var task = ctx.AddTask(label, maxValue: images);
                    return measure(() => task.Increment(1));
                })
                : measure(null);
        }
        catch (Exception e) when (e is FileNotFoundException or ArgumentException)
        {
            console.Problem("models", e.Message);
            return null;
        }
    }

    /// <summary>The labelled images of a data set folder, with a line for each ignored folder; null (said why) when there are none.</summary>
    internal static LabelledImageFolder? OpenData(CliConsole console, DirectoryInfo datasetDir, int? limit)
    {
        LabelledImageFolder data;
        try
        {
            data = LabelledImageFolder.Open(datasetDir.FullName, limit);
        }
        catch (DirectoryNotFoundException e)
        {
            console.Problem(datasetDir.FullName, e.Message);
            return null;
        }

        foreach (var ignored in data.IgnoredFolders)
        {
            console.Problem(Path.Combine(datasetDir.FullName, ignored), "not one of the seven classes; ignored");
        }

        if (data.Images.Count == 0)
        {
            console.Problem(datasetDir.FullName, "no labelled images found");
            return null;
        }

        return data;
    }

    private static int Run(CliConsole console, DirectoryInfo datasetDir, EvalSettings settings, VisionOptions options)
    {
        if (settings.Report is { } reportFile && EvalReport.PathProblem(reportFile) is { } reportProblem)
        {
            console.Problem(reportFile.FullName, reportProblem);
            return 1;
        }

        if (OpenData(console, datasetDir, settings.Limit) is not { } data)
        {
            return 1;
        }

        if (Measure(console, "classifying", data.Images.Count, onImage => Evaluator.Evaluate(data, options, settings.Detect, onImage)) is not { } result)
        {
            return 1;
        }

        foreach (var (file, message) in result.Problems)
        {
            console.Problem(file, message);
        }

        var calibrated = settings.Calibrate && result.Calibration.Count > 0 ? FittedTemperature.Fit(result.Calibration) : null;
        if (settings.Json)
        {
            console.Out.WriteLine(JsonSerializer.Serialize(EvaluationDocument.From(result, calibrated), EvalJsonContext.Default.EvaluationDocument));
        }
        else
        {
            WriteHuman(console.Human, result, calibrated);
        }

        if (settings.Report is { } report)
        {
            var content = new EvalReportContent(result, datasetDir.FullName, calibrated);
            try
            {
                File.WriteAllBytes(report.FullName, EvalReport.Render(content, report.FullName));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                console.Problem(report.FullName, $"the report could not be written: {e.Message}");
                return 1;
            }

            console.HumanError.MarkupLineInterpolated($"Report written to [bold]{report.FullName}[/]");
        }

        return result.Report.Images > 0 ? 0 : 1;
    }

    private static void WriteHuman(IAnsiConsole output, EvaluationResult result, FittedTemperature? calibrated)
    {
        var report = result.Report;
        var calibration = result.Calibration;
        output.MarkupLineInterpolated($"Model [bold]{result.Model}[/]: {report.Images} images, accuracy [bold]{report.Accuracy:P1}[/], macro-F1 [bold]{report.MacroF1:0.000}[/]");
        output.MarkupLineInterpolated($"Calibration: ECE [bold]{calibration.ExpectedCalibrationError:0.0000}[/] ({CalibrationReport.DefaultBins} bins), NLL [bold]{calibration.NegativeLogLikelihood:0.0000}[/]");
        if (calibrated is not null)
        {
            output.MarkupLineInterpolated(
                $"Temperature [bold]{calibrated.Scaling.Temperature:0.000}[/] fitted on these images: ECE {calibration.ExpectedCalibrationError:0.0000} -> [bold]{calibrated.After.ExpectedCalibrationError:0.0000}[/], NLL {calibration.NegativeLogLikelihood:0.0000} -> [bold]{calibrated.After.NegativeLogLikelihood:0.0000}[/]");
        }

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

internal sealed record EvalSettings(bool Json, int? Limit, bool Detect, bool Calibrate, FileInfo? Report);

internal sealed record ClassDocument(
    float Precision,
    float Recall,
    float F1,
    int Support);

internal sealed record EvaluationDocument(
    string Model,
    float Accuracy,
    float MacroF1,
    IReadOnlyDictionary<string, ClassDocument> PerClass,
    IReadOnlyList<string> Classes,
    int[][] Confusion,
    int Images,
    int NoFace,
    int Failed,
    double Ece,
    double Nll,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Temperature,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? EceBefore,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? EceAfter,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? NllBefore,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? NllAfter)
{
    public static EvaluationDocument From(EvaluationResult result, FittedTemperature? calibrated = null) => new(
        result.Model,
        result.Report.Accuracy,
        result.Report.MacroF1,
        result.Report.PerClass.ToDictionary(c => EmotionProbabilities.Name(c.Emotion), c => new ClassDocument(c.Precision, c.Recall, c.F1, c.Support)),
        [.. EmotionProbabilities.All.Select(EmotionProbabilities.Name)],
        result.Report.ConfusionRows(),
        result.Report.Images,
        result.NoFace,
        result.Problems.Count,
        result.Calibration.ExpectedCalibrationError,
        result.Calibration.NegativeLogLikelihood,
        calibrated?.Scaling.Temperature,
        calibrated is null ? null : result.Calibration.ExpectedCalibrationError,
        calibrated?.After.ExpectedCalibrationError,
        calibrated is null ? null : result.Calibration.NegativeLogLikelihood,
        calibrated?.After.NegativeLogLikelihood);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(EvaluationDocument))]
internal sealed partial class EvalJsonContext : JsonSerializerContext;
