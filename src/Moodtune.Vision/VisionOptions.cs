using Moodtune.Vision.Alignment;
using Moodtune.Vision.Detection;
using Moodtune.Vision.Imaging;
using Moodtune.Vision.Inference;
using Moodtune.Vision.Tracking;

namespace Moodtune.Vision;

/// <summary>Settings of the face and emotion engine (bound from the "Vision" configuration section by the web app).</summary>
public sealed record VisionOptions
{
    public const string SectionName = "Vision";

    /// <summary>Folder holding the .onnx models; by default the models/ folder copied beside the program.</summary>
    public string ModelsDirectory { get; init; } = Path.Combine(AppContext.BaseDirectory, "models");

    /// <summary>Which detector model runs: front (near faces, webcam), back (small faces, group photos) or auto.</summary>
    public DetectorModel Detector { get; init; } = DetectorModel.Auto;

    /// <summary>Emotion model spec, e.g. "default", "minixception", "faceapi+flip", "minixception+faceapi+flip".</summary>
    public string EmotionModel { get; init; } = "default";

    /// <summary>Faces scoring below this are not reported.</summary>
    public float MinFaceScore { get; init; } = 0.5f;

    /// <summary>At most this many faces are classified per image (the most confident).</summary>
    public int MaxFaces { get; init; } = 16;

    public FaceCropOptions Crop { get; init; } = FaceCropOptions.Default;

    public InferenceSettings Inference { get; init; } = InferenceSettings.Default;

    public ImageLimits Limits { get; init; } = ImageLimits.Default;

    /// <summary>How camera feeds decode and track (<see cref="FaceAnalyzer.OpenFeed"/> without options uses these).</summary>
    public CameraFeedOptions Feed { get; init; } = CameraFeedOptions.Default;
}
