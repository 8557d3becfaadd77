using System.Diagnostics;
using Moodtune.Vision;
using Moodtune.Vision.Detection;
using Moodtune.Vision.Emotions;
using Moodtune.Vision.Imaging;
using Moodtune.Vision.Inference;
using Moodtune.Vision.Tracking;

namespace Moodtune.Comparison;

/// <summary>
/// Our pipeline as the app runs it: Skia decode (a camera frame at reduced scale, long side at least 320 pixels),
/// BlazeFace (the front model for the webcam frame, <see cref="DetectorModel.Auto"/> for recall), the upright face
/// crop and the emotion model; and a camera feed that tracks the face between detector runs.
/// </summary>
public sealed class OursPipeline : IFramePipeline
{
    private static readonly ImageLimits FrameLimits = new() { DecodeLongSideAtLeast = CameraFeedOptions.Default.DecodeLongSideAtLeast };

    private readonly FaceDetector _detector;
    private readonly FaceVerifier? _verifier;
    private readonly FaceMeshCheck? _meshCheck;
    private readonly float _meshCheckBelow;
    private readonly EmotionClassifier _classifier;
    private readonly string _modelsDirectory;
    private readonly string _emotionSpec;

    public OursPipeline(string modelsDirectory, string emotionSpec)
    {
        _modelsDirectory = modelsDirectory;
        _emotionSpec = emotionSpec;
        // The engine's defaults: one thread for the detector, one per core for the classifier.
        var defaults = new VisionOptions();
        _detector = FaceDetector.FromDirectory(modelsDirectory, defaults.DetectorInference);
        try
        {
            _classifier = EmotionClassifier.Load(modelsDirectory, emotionSpec, defaults.Inference);
            _verifier = defaults.UseFaceVerifier ? FaceVerifier.FromDirectory(modelsDirectory, defaults.DetectorInference) : null;
            _meshCheck = _verifier is not null && defaults.UseFaceMeshCheck ? FaceMeshCheck.FromDirectory(modelsDirectory, defaults.DetectorInference) : null;
            _meshCheckBelow = defaults.FaceMeshCheckBelow;
        }
        catch
        {
            _detector.Dispose();
            _classifier?.Dispose();
            _verifier?.Dispose();
            throw;
        }

        Name = emotionSpec == "minixception" ? "ours" : $"ours ({emotionSpec})";
    }

    public string Name { get; }

    public string Detector => _verifier is null ? "BlazeFace front" : _meshCheck is null ? "BlazeFace front + face verifier" : "BlazeFace front + face verifier + FaceMesh flag";

    public string EmotionModel => _classifier.Spec;

    public StageTimes Run(byte[] encodedFrame)
    {
        var start = Stopwatch.GetTimestamp();
        using var image = ImageDecoder.Decode(encodedFrame, FrameLimits);
        var decode = StageTimes.Since(start);

        // The verifier is part of finding faces, as in the app: its cost counts in the detect stage.
        start = Stopwatch.GetTimestamp();
        var faces = _detector.Detect(image, DetectorModel.Front);
        if (_verifier is not null)
        {
            faces = _verifier.Keep(image, faces, _meshCheck, _meshCheckBelow);
        }

        var detect = StageTimes.Since(start);

        start = Stopwatch.GetTimestamp();
        if (faces.Count > 0)
        {
            _classifier.Classify(image, [faces.MaxBy(f => f.Box.Area)!]);
        }

        return new StageTimes(decode, detect, StageTimes.Since(start), faces.Count);
    }

    /// <summary>
    /// Times a camera feed (reduced-scale decode, tracking between detector runs) over moving frames, after one
    /// untimed pass; returns the time of each frame and how many frames ran the detector.
    /// </summary>
    public (List<double> Times, int DetectedFrames) TimeFeed(IReadOnlyList<byte[]> frames, int passes)
    {
        using var analyzer = new FaceAnalyzer(new VisionOptions { ModelsDirectory = _modelsDirectory, EmotionModel = _emotionSpec, Detector = DetectorModel.Front });
        foreach (var frame in frames)
        {
            analyzer.OpenFeed().Analyze(frame);
        }

        var times = new List<double>(frames.Count * passes);
        var detected = 0;
        for (var pass = 0; pass < passes; pass++)
        {
            var feed = analyzer.OpenFeed();
            foreach (var frame in frames)
            {
                var start = Stopwatch.GetTimestamp();
                feed.Analyze(frame);
                times.Add(StageTimes.Since(start));
            }

            detected += feed.DetectedFrames;
        }

        return (times, detected);
    }

    public IReadOnlyList<FaceBox> Detect(string path)
    {
        using var image = ImageDecoder.Decode(File.ReadAllBytes(path));
        var faces = _detector.Detect(image, DetectorModel.Auto);
        return [.. (_verifier is null ? faces : _verifier.Keep(image, faces, _meshCheck, _meshCheckBelow)).Select(f => f.Box)];
    }

    public void Dispose()
    {
        _detector.Dispose();
        _classifier.Dispose();
        _verifier?.Dispose();
        _meshCheck?.Dispose();
    }
}
