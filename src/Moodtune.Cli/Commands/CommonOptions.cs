using System.CommandLine;
using Moodtune.Vision;
using Moodtune.Vision.Detection;

namespace Moodtune.Cli.Commands;

/// <summary>Options several commands share.</summary>
internal static class CommonOptions
{
    public static Option<bool> Json() => new("--json") { Description = "Print JSON to stdout (one object per line)." };

    public const string DefaultModel = "default";

    private const string ModelDescription =
        "Emotion model: default, moodtune (ours, trained on FER2013), minixception, faceapi, or several joined by '+', with '+flip' for mirror averaging.";

    public static Option<string> EmotionModel() => new("--model")
    {
        Description = ModelDescription,
        DefaultValueFactory = _ => DefaultModel,
    };

    /// <summary>`--model`, repeatable: `eval --perturb` compares several models side by side.</summary>
    public static Option<string[]> EmotionModels() => new("--model") { Description = ModelDescription + " Repeat it with --perturb to compare models." };

    public static Option<DirectoryInfo?> ModelsDirectory() => new("--models-dir")
    {
        Description = "Folder holding the .onnx models (default: the models/ folder beside the program).",
    };
}

/// <summary>The face detector's options, as `detect` and `eval-detect` both take them.</summary>
internal sealed class DetectorCliOptions
{
    private static readonly VisionOptions Defaults = new();

    public Option<DetectorModel> Detector { get; } = new("--detector")
    {
        Description = "Face detector: Auto, Front (near faces) or Back (small faces, group photos).",
        DefaultValueFactory = _ => DetectorModel.Auto,
    };

    public Option<float> MinScore { get; } = new("--min-score")
    {
        Description = $"Lowest detector score kept, 0-1 (default {Defaults.MinFaceScore}).",
        DefaultValueFactory = _ => Defaults.MinFaceScore,
    };

    public Option<bool> Verify { get; } = new("--verify-geometry")
    {
        Description = "Drop detector boxes whose keypoints are not laid out as a human face's can be (off by default: it costs a little recall).",
    };

    public Option<bool> NoFaceVerifier { get; } = new("--no-face-verifier")
    {
        Description = "Keep every detector box, without asking the face verifier (models/face-verifier.onnx) whether it holds a human face.",
    };

    public Option<bool> NoFaceMesh { get; } = new("--no-face-mesh")
    {
        Description = "Let the face verifier decide alone, without FaceMesh's face flag (models/facemesh-flag.onnx) for the boxes it is unsure of.",
    };

    public Option<float> RefineBelow { get; } = new("--refine-below")
    {
        Description = $"Look again at faces narrower than this many pixels (the front model on the region around each, enlarged) and drop those where it finds none (default {Defaults.RefineFacesNarrowerThan.ToString(System.Globalization.CultureInfo.InvariantCulture)}, Vision:RefineFacesNarrowerThan); 0 keeps the detector's boxes.",
        DefaultValueFactory = _ => Defaults.RefineFacesNarrowerThan,
    };

    public IEnumerable<Option> All => [Detector, MinScore, Verify, NoFaceVerifier, NoFaceMesh, RefineBelow];

    /// <summary>The options given on the command line, applied over <paramref name="options"/>.</summary>
    public VisionOptions Apply(ParseResult result, VisionOptions options)
    {
        var minScore = result.GetValue(MinScore);
        if (minScore is < 0 or > 1 || float.IsNaN(minScore))
        {
            throw new ArgumentException($"--min-score must be in [0, 1], got {minScore}.");
        }

        var refineBelow = result.GetValue(RefineBelow);
        if (refineBelow is not >= 0)
        {
            throw new ArgumentException($"--refine-below must be 0 or more pixels, got {refineBelow}.");
        }

        return options with
        {
            Detector = result.GetValue(Detector),
            MinFaceScore = minScore,
            VerifyFaces = result.GetValue(Verify),
            UseFaceVerifier = !result.GetValue(NoFaceVerifier),
            UseFaceMeshCheck = !result.GetValue(NoFaceMesh),
            RefineFacesNarrowerThan = refineBelow,
        };
    }
}
