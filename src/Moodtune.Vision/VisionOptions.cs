using Moodtune.Vision.Alignment;
using Moodtune.Vision.Detection;
using Moodtune.Vision.Imaging;
using Moodtune.Vision.Inference;
using Moodtune.Vision.Tracking;

namespace Moodtune.Vision;

/// <summary>
/// Settings of the face and emotion engine (bound from the "Vision" configuration section by the web app). Nested
/// settings start as fresh instances, never the shared <c>Default</c> ones: the configuration binder writes into the
/// instance it finds, and would otherwise change the defaults of the whole process.
/// </summary>
public sealed record VisionOptions
{
    public const string SectionName = "Vision";

    /// <summary>Folder holding the .onnx models; by default the models/ folder copied beside the program.</summary>
    public string ModelsDirectory { get; init; } = Path.Combine(AppContext.BaseDirectory, "models");

    /// <summary>Which detector model runs: front (near faces, webcam), back (small faces, group photos) or auto.</summary>
    public DetectorModel Detector { get; init; } = DetectorModel.Auto;

    /// <summary>Emotion model spec, e.g. "default", "moodtune", "minixception", "faceapi+flip", "moodtune+minixception+faceapi+flip".</summary>
    public string EmotionModel { get; init; } = "default";

    /// <summary>Faces scoring below this are not reported.</summary>
    public float MinFaceScore { get; init; } = 0.5f;

    /// <summary>
    /// Keep only detections whose keypoints are laid out as a human face's can be (<see cref="FaceGeometry"/>). Off by
    /// default: it removes about a fifth of the boxes BlazeFace puts on animals and objects, but also 13 of 3,589
    /// padded FER2013 val faces and one face of the people set (docs/detection-evaluation.md), and issue 17 asks for
    /// no recall lost.
    /// </summary>
    public bool VerifyFaces { get; init; }

    /// <summary>
    /// Keep only detections the face verifier (<see cref="FaceVerifier"/>, <c>models/face-verifier.onnx</c>) takes for a
    /// human face: BlazeFace also boxes animals, masks and objects. Where the models folder has no verifier, detections
    /// pass unchecked.
    /// </summary>
    public bool UseFaceVerifier { get; init; } = true;

    /// <summary>
    /// Boxes the face verifier keeps with a probability below <see cref="FaceMeshCheckBelow"/> also need MediaPipe
    /// FaceMesh's face flag (<see cref="FaceMeshCheck"/>, <c>models/facemesh-flag.onnx</c>): on the no-person set it
    /// turns down 10 of the 15 boxes the verifier lets through, and no face of the people set (docs/detection-evaluation.md).
    /// Only with the verifier; where the models folder has no such model, the verifier decides alone.
    /// </summary>
    public bool UseFaceMeshCheck { get; init; } = true;

    /// <summary>
    /// The verifier's probability from which a box needs no second opinion. At 0.99 the check runs on about 2% of real
    /// faces (FER2013 val, the people set), so its 3.3 ms a box (three times the default expression model) are rarely spent.
    /// </summary>
    public float FaceMeshCheckBelow { get; init; } = 0.99f;

    /// <summary>
    /// Faces the detector boxes narrower than this many pixels are looked at again (<see cref="FaceDetector.RefineSmall"/>):
    /// the front model redraws the box on the region around it enlarged, and a box where it finds no face is dropped.
    /// 32, the verifier's input side: it places small faces' boxes better, so a face 1-2 m from the webcam is read
    /// better (far scene on FER2013 train: 47.85% to 55.30%), and on the face verifier's held-out training pictures it
    /// lets as many boxes through as without it (5 of 835), while the verifier's answer for a small box jumps with a
    /// shift of a pixel or two, so which ones changes (docs/detection-evaluation.md, "Small boxes looked at again").
    /// 0 turns it off.
    /// </summary>
    public float RefineFacesNarrowerThan { get; init; } = 32;

    /// <summary>At most this many faces are classified per image (the most confident).</summary>
    public int MaxFaces { get; init; } = 16;

    public FaceCropOptions Crop { get; init; } = new();

    /// <summary>How the emotion models run (default: ONNX Runtime's choice of threads, one per core).</summary>
    public InferenceSettings Inference { get; init; } = new();

    /// <summary>
    /// How the face detector runs. One thread by default: BlazeFace is about a hundred small operators, and waking a
    /// second thread for each costs more than it saves (front model on 2 cores: 1.7 ms with one thread, 2.0 with two),
    /// while the heavier 48x48 expression network gains from two (1.5 ms against 2.1).
    /// </summary>
    public InferenceSettings DetectorInference { get; init; } = new() { IntraOpThreads = 1 };

    public ImageLimits Limits { get; init; } = new();

    /// <summary>How camera feeds decode and track (<see cref="FaceAnalyzer.OpenFeed"/> without options uses these).</summary>
    public CameraFeedOptions Feed { get; init; } = new();

    /// <summary>
    /// What is wrong with these settings, one line per setting, named as in configuration (<c>Vision:Feed:RedetectEvery</c>):
    /// the one set of rules the analyzer, the command line and the web app's start-up check all apply.
    /// </summary>
    public IReadOnlyList<string> Problems()
    {
        List<string> problems = [];
        if (MaxFaces < 1)
        {
            problems.Add($"{SectionName}:MaxFaces must be at least 1 (is {MaxFaces}).");
        }

        if (MinFaceScore is not (>= 0 and <= 1))
        {
            problems.Add($"{SectionName}:MinFaceScore must be in [0, 1] (is {MinFaceScore}).");
        }

        if (RefineFacesNarrowerThan is not >= 0)
        {
            problems.Add($"{SectionName}:RefineFacesNarrowerThan must be 0 (off) or more (is {RefineFacesNarrowerThan}).");
        }

        if (FaceMeshCheckBelow is not (>= 0 and <= 1))
        {
            problems.Add($"{SectionName}:FaceMeshCheckBelow must be in [0, 1] (is {FaceMeshCheckBelow}).");
        }

        if (Limits.MaxPixels < 1 || Limits.MaxEncodedBytes < 1)
        {
            problems.Add($"{SectionName}:Limits: MaxPixels and MaxEncodedBytes must be positive (are {Limits.MaxPixels} and {Limits.MaxEncodedBytes}).");
        }

        if (Limits.MaxJpegScans < 1)
        {
            problems.Add($"{SectionName}:Limits:MaxJpegScans must be at least 1 (is {Limits.MaxJpegScans}).");
        }

        if (Crop.Scale <= 0)
        {
            problems.Add($"{SectionName}:Crop:Scale must be positive (is {Crop.Scale}).");
        }

        if (!(Math.Abs(Crop.ShiftDown) <= 0.5f))
        {
            problems.Add($"{SectionName}:Crop:ShiftDown must be between -0.5 and 0.5 of the crop's side (is {Crop.ShiftDown}).");
        }

        if (!(Crop.ContrastPercent >= 0 && Crop.ContrastPercent < 50))
        {
            problems.Add($"{SectionName}:Crop:ContrastPercent must be at least 0 and below 50 (0 leaves crops as they are; is {Crop.ContrastPercent}).");
        }

        if (!(Crop.SharpenBelow >= 0))
        {
            problems.Add($"{SectionName}:Crop:SharpenBelow must be at least 0 (0 never sharpens; is {Crop.SharpenBelow}).");
        }

        if (!(Crop.SharpenSigma > 0))
        {
            problems.Add($"{SectionName}:Crop:SharpenSigma must be positive (is {Crop.SharpenSigma}).");
        }

        if (!(Crop.SharpenAmount >= 0))
        {
            problems.Add($"{SectionName}:Crop:SharpenAmount must be at least 0 (is {Crop.SharpenAmount}).");
        }

        problems.AddRange(Feed.Problems().Select(p => $"{SectionName}:Feed:{p}"));
        return problems;
    }

    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range (the message names each).</exception>
    public void Validate()
    {
        if (Problems() is [_, ..] problems)
        {
            throw new ArgumentOutOfRangeException(nameof(VisionOptions), string.Join(" ", problems));
        }
    }
}
