using BenchmarkDotNet.Attributes;
using Moodtune.Vision.Alignment;
using Moodtune.Vision.Detection;
using Moodtune.Mood;
using Moodtune.Vision.Emotions;
using Moodtune.Vision.Imaging;
using Moodtune.Vision.Inference;
using SkiaSharp;

namespace Moodtune.Benchmarks;

/// <summary>Per-face expression classification (crop, resample, infer) for each model on the astronaut's face.</summary>
public class EmotionBenchmarks
{
    private readonly string _models = Path.Combine(AppContext.BaseDirectory, "models");
    private SKImage _image = null!;
    private DetectedFace[] _one = null!;
    private DetectedFace[] _four = null!;
    private EmotionClassifier _miniXception = null!;
    private EmotionClassifier _faceApi = null!;
    private EmotionClassifier _default = null!;
    private EmotionClassifier _defaultUnstretched = null!;
    private EmotionClassifier _moodtune = null!;
    private EmotionClassifier _moodtuneMirrored = null!;
    private EmotionClassifier _moodtune3 = null!;
    private EmotionClassifier _moodtune3Mirrored = null!;

    [GlobalSetup]
    public void Setup()
    {
        _image = ImageDecoder.Decode(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "images", "astronaut.png")));
        using var detector = FaceDetector.FromDirectory(_models);
        _one = [.. detector.Detect(_image).Take(1)];
        _four = [.. Enumerable.Repeat(_one[0], 4)];
        _miniXception = EmotionClassifier.Load(_models, "minixception", InferenceSettings.Default);
        _faceApi = EmotionClassifier.Load(_models, "faceapi", InferenceSettings.Default);
        _default = EmotionClassifier.Load(_models, "default", InferenceSettings.Default);
        _defaultUnstretched = EmotionClassifier.Load(_models, "default", InferenceSettings.Default, FaceCropOptions.Default with { ContrastPercent = 0 });
        _moodtune = EmotionClassifier.Load(_models, "moodtune", InferenceSettings.Default);
        _moodtuneMirrored = EmotionClassifier.Load(_models, "moodtune+flip", InferenceSettings.Default);
        _moodtune3 = EmotionClassifier.Load(_models, "moodtune3", InferenceSettings.Default);
        _moodtune3Mirrored = EmotionClassifier.Load(_models, "moodtune3+flip", InferenceSettings.Default);
    }

    [Benchmark(Baseline = true)]
    public EmotionProbabilities[] MiniXception() => _miniXception.Classify(_image, _one);

    [Benchmark]
    public EmotionProbabilities[] FaceApi() => _faceApi.Classify(_image, _one);

    [Benchmark]
    public EmotionProbabilities[] Moodtune() => _moodtune.Classify(_image, _one);

    [Benchmark]
    public EmotionProbabilities[] MoodtuneMirrored() => _moodtuneMirrored.Classify(_image, _one);

    [Benchmark]
    public EmotionProbabilities[] Default() => _default.Classify(_image, _one);

    /// <summary>The default without its contrast stretch (Vision:Crop:ContrastPercent 0): what the stretch costs.</summary>
    [Benchmark]
    public EmotionProbabilities[] DefaultUnstretched() => _defaultUnstretched.Classify(_image, _one);

    [Benchmark]
    public EmotionProbabilities[] Moodtune3() => _moodtune3.Classify(_image, _one);

    [Benchmark]
    public EmotionProbabilities[] Moodtune3Mirrored() => _moodtune3Mirrored.Classify(_image, _one);

    [Benchmark]
    public EmotionProbabilities[] MoodtuneBatchOf4() => _moodtune.Classify(_image, _four);

    [Benchmark]
    public EmotionProbabilities[] MiniXceptionBatchOf4() => _miniXception.Classify(_image, _four);

    [Benchmark]
    public EmotionProbabilities[] FaceApiBatchOf4() => _faceApi.Classify(_image, _four);

    [GlobalCleanup]
    public void Cleanup()
    {
        _miniXception.Dispose();
        _faceApi.Dispose();
        _default.Dispose();
        _defaultUnstretched.Dispose();
        _moodtune.Dispose();
        _moodtuneMirrored.Dispose();
        _moodtune3.Dispose();
        _moodtune3Mirrored.Dispose();
        _image.Dispose();
    }
}
