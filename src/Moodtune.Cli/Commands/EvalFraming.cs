using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Moodtune.Vision;
using Moodtune.Vision.Evaluation;
using Spectre.Console;

namespace Moodtune.Cli.Commands;

/// <summary>
/// `moodtune eval DATASET_DIR --framing`: how the data set's images frame their faces, as the crop settings that show a
/// model trained on them the same framing in a detected face (models/README.md, "The crop of a detected face").
/// </summary>
internal static class EvalFraming
{
    public static int Run(CliConsole console, DirectoryInfo datasetDir, EvalSettings settings, VisionOptions options)
    {
        if (EvalCommand.OpenData(console, datasetDir, settings.Limit) is not { } data)
        {
            return 1;
        }

        if (EvalCommand.Measure(console, "framing", data.Images.Count, onImage => CropFraming.Measure(data, options, onImage)) is not { } result)
        {
            return 1;
        }

        if (result.Failed > 0)
        {
            console.Problem(datasetDir.FullName, $"{result.Failed} image(s) could not be read and were left out");
        }

        if (settings.Json)
        {
            console.Out.WriteLine(JsonSerializer.Serialize(FramingDocument.From(result, options), FramingJsonContext.Default.FramingDocument));
        }
        else
        {
            var output = console.Human;
            output.MarkupLineInterpolated($"Faces found in [bold]{result.Found}[/] of {result.Images} images (each centred on a gray canvas twice its size).");
            if (result.Found == 0)
            {
                return 1;
            }

            output.MarkupLineInterpolated($"  the image's side over the detector box's longer side: median [bold]{F(result.Scale.Median)}[/] (quartiles {F(result.Scale.Lower)}-{F(result.Scale.Upper)})");
            output.MarkupLineInterpolated($"  the image's centre below the box's centre, in image sides: median [bold]{F(result.ShiftDown.Median)}[/] (quartiles {F(result.ShiftDown.Lower)} to {F(result.ShiftDown.Upper)})");
            output.MarkupLineInterpolated($"The crop that frames a detected face as these images are: [bold]--crop-scale {F(result.Scale.Median)} --crop-shift-down {F(result.ShiftDown.Median)}[/] (Vision:Crop:Scale, Vision:Crop:ShiftDown; now {F(options.Crop.Scale)} and {F(options.Crop.ShiftDown)}).");
        }

        return result.Found > 0 ? 0 : 1;

        static string F(float value) => value.ToString("0.000", CultureInfo.InvariantCulture);
    }
}

internal sealed record QuartilesDocument(float Lower, float Median, float Upper)
{
    public static QuartilesDocument From(Quartiles q) => new(q.Lower, q.Median, q.Upper);
}

internal sealed record CropDocument(float Scale, float ShiftDown);

internal sealed record FramingDocument(int Images, int Failed, int Found, QuartilesDocument Scale, QuartilesDocument ShiftDown, CropDocument Crop)
{
    public static FramingDocument From(FramingResult result, VisionOptions options) => new(
        result.Images,
        result.Failed,
        result.Found,
        QuartilesDocument.From(result.Scale),
        QuartilesDocument.From(result.ShiftDown),
        new CropDocument(options.Crop.Scale, options.Crop.ShiftDown));
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(FramingDocument))]
internal sealed partial class FramingJsonContext : JsonSerializerContext;
