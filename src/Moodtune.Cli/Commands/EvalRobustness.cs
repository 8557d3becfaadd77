using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Moodtune.Vision;
using Moodtune.Vision.Evaluation;
using Moodtune.Vision.Evaluation.Perturbations;
using Spectre.Console;

namespace Moodtune.Cli.Commands;

/// <summary>`moodtune eval DATASET_DIR --perturb [--model SPEC]...`: the robustness table (models/README.md).</summary>
internal static class EvalRobustness
{
    public static int Run(CliConsole console, DirectoryInfo datasetDir, EvalSettings settings, IReadOnlyList<string> models, VisionOptions options, IReadOnlyList<Perturbation> perturbations)
    {
        if (EvalCommand.OpenData(console, datasetDir, settings.Limit) is not { } data)
        {
            return 1;
        }

        var results = new List<RobustnessResult>();
        foreach (var model in models)
        {
            var modelOptions = options with { EmotionModel = model };
            var label = $"{model}: {perturbations.Count} conditions";
            if (EvalCommand.Measure(console, label, data.Images.Count, onImage => RobustnessEvaluator.Evaluate(data, modelOptions, perturbations, onImage)) is not { } result)
            {
                return 1;
            }

            results.Add(result);
        }

        // Every model reads the same files, so the first run's problems are every run's.
        foreach (var (file, message) in results[0].Problems)
        {
            console.Problem(file, message);
        }

        if (settings.Json)
        {
            console.Out.WriteLine(JsonSerializer.Serialize(RobustnessDocument.From(results), RobustnessJsonContext.Default.RobustnessDocument));
        }
        else
        {
            WriteHuman(console.Human, results);
        }

        return results[0].Reference.Images > 0 ? 0 : 1;
    }

    private static void WriteHuman(IAnsiConsole output, List<RobustnessResult> results)
    {
        var first = results[0];
        output.MarkupLineInterpolated($"Robustness on [bold]{first.Reference.Images}[/] images: accuracy and macro-F1 under each condition, and the change against none");
        var table = new Table().AddColumn("condition");
        foreach (var result in results)
        {
            table.AddColumn(new TableColumn($"{Markup.Escape(result.Model)}\naccuracy").RightAligned());
            table.AddColumn(new TableColumn("change").RightAligned());
            table.AddColumn(new TableColumn("macro-F1").RightAligned());
            table.AddColumn(new TableColumn("change").RightAligned());
        }

        for (var r = 0; r < first.Rows.Count; r++)
        {
            var row = first.Rows[r];
            table.AddRow([Markup.Escape(row.Perturbation.Name), .. results.SelectMany(result => Cells(result, result.Rows[r].All))]);
            if (row.Perturbation.NeedsDetection)
            {
                table.AddRow([$"{Markup.Escape(row.Perturbation.Name)}, found only", .. results.SelectMany(result => Cells(result, result.Rows[r].Found))]);
            }
        }

        output.Write(table);
        foreach (var row in first.Rows)
        {
            var found = row.Perturbation.NeedsDetection ? $"; faces found {row.FacesFound} of {row.Images} ({Percent((float)row.FacesFound / row.Images)}), a miss counts as wrong" : string.Empty;
            output.MarkupLineInterpolated($"  [bold]{row.Perturbation.Name}[/]: {row.Perturbation.Description}{found}");
        }

        foreach (var result in results)
        {
            var worst = result.Worst;
            output.MarkupLineInterpolated($"Worst for [bold]{result.Model}[/]: [bold]{worst.Perturbation.Name}[/] ({Points(-result.AccuracyDrop(worst))} accuracy)");
        }

        static IEnumerable<string> Cells(RobustnessResult result, ClassificationReport report)
        {
            var reference = result.Reference.All;
            return [Percent(report.Accuracy), Points(report.Accuracy - reference.Accuracy), F(report.MacroF1), Signed(report.MacroF1 - reference.MacroF1)];
        }
    }

    private static string Percent(float value) => value.ToString("0.0%", CultureInfo.InvariantCulture);

    private static string Points(float change) => (100 * change).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + " pt";

    private static string F(float value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    private static string Signed(float value) => value.ToString("+0.000;-0.000;0.000", CultureInfo.InvariantCulture);
}

internal sealed record PerturbationDocument(
    string Perturbation,
    string Description,
    int Images,
    int Found,
    float Accuracy,
    float MacroF1,
    float AccuracyDrop,
    float MacroF1Drop,
    float FoundAccuracy,
    float FoundMacroF1);

internal sealed record ModelRobustnessDocument(
    string Model,
    string Worst,
    IReadOnlyList<PerturbationDocument> Rows);

internal sealed record RobustnessDocument(
    int Images,
    int Failed,
    IReadOnlyList<ModelRobustnessDocument> Models)
{
    public static RobustnessDocument From(IReadOnlyList<RobustnessResult> results) => new(
        results[0].Reference.Images,
        results[0].Problems.Count,
        [.. results.Select(result => new ModelRobustnessDocument(
            result.Model,
            result.Worst.Perturbation.Name,
            [.. result.Rows.Select(row => new PerturbationDocument(
                row.Perturbation.Name,
                row.Perturbation.Description,
                row.Images,
                row.FacesFound,
                row.All.Accuracy,
                row.All.MacroF1,
                result.AccuracyDrop(row),
                result.MacroF1Drop(row),
                row.Found.Accuracy,
                row.Found.MacroF1))]))]);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(RobustnessDocument))]
internal sealed partial class RobustnessJsonContext : JsonSerializerContext;
