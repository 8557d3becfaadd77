using System.Diagnostics;
using Moodtune.Vision.Detection;
using Moodtune.Vision.Emotions;
using Moodtune.Vision.Imaging;
using Moodtune.Vision.Inference;

namespace Moodtune.Comparison;

/// <summary>
/// Our pipeline: Skia decode, BlazeFace (the front model for the webcam frame, <see cref="DetectorModel.Auto"/> for
/// recall, as the app runs), the upright face crop and the emotion model.
/// </summary>
public sealed class OursPipeline : IFramePipeline
{
    private readonly FaceDetector _detector;
    private readonly EmotionClassifier _classifier;

    public OursPipeline(string modelsDirectory, string emotionSpec)
    {
        _detector = FaceDetector.FromDirectory(modelsDirectory, InferenceSettings.Default);
        try
        {
            _classifier = EmotionClassifier.Load(modelsDirectory, emotionSpec, InferenceSettings.Default);
        }
        catch
        {
            _detector.Dispose();
            throw;
        }

        Name = emotionSpec == "minixception" ? "ours" : $"ours ({emotionSpec})";
    }

    public string Name { get; }

    public string Detector => "BlazeFace front";

    public string EmotionModel => _classifier.Spec;

    public StageTimes Run(byte[] encodedFrame)
    {
        var start = Stopwatch.GetTimestamp();
        using var image = ImageDecoder.Decode(encodedFrame);
        var decode = StageTimes.Since(start);

        start = Stopwatch.GetTimestamp();
        var faces = _detector.Detect(image, DetectorModel.Front);
        var detect = StageTimes.Since(start);

        start = Stopwatch.GetTimestamp();
        if (faces.Count > 0)
        {
            _classifier.Classify(image, [faces.MaxBy(f => f.Box.Area)!]);
        }

        return new StageTimes(decode, detect, StageTimes.Since(start), faces.Count);
    }

    public IReadOnlyList<FaceBox> Detect(string path)
    {
        using var image = ImageDecoder.Decode(File.ReadAllBytes(path));
        return [.. _detector.Detect(image, DetectorModel.Auto).Select(f => f.Box)];
    }

    public void Dispose()
    {
        _detector.Dispose();
        _classifier.Dispose();
    }
}
