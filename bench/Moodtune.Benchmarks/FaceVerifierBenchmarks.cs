using BenchmarkDotNet.Attributes;
using Moodtune.Vision.Detection;
using Moodtune.Vision.Emotions;
using Moodtune.Vision.Imaging;
using Moodtune.Vision.Inference;
using SkiaSharp;

namespace Moodtune.Benchmarks;

/// <summary>
/// What the face verifier adds per detected face (crop, gray, one run of its small network), against the default
/// expression model on the same face: the verifier runs on every detector box, so it must stay a fraction of that.
/// FaceMesh's face flag (crop, one run at 192x192) is what a box the verifier is unsure of costs on top.
/// </summary>
public class FaceVerifierBenchmarks
{
    private readonly string _models = Path.Combine(AppContext.BaseDirectory, "models");
    private SKImage _image = null!;
    private DetectedFace[] _one = null!;
    private FaceVerifier _verifier = null!;
    private FaceMeshCheck _meshCheck = null!;
    private EmotionClassifier _default = null!;

    [GlobalSetup]
    public void Setup()
    {
        _image = ImageDecoder.Decode(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "images", "astronaut.png")));
        using var detector = FaceDetector.FromDirectory(_models);
        _one = [.. detector.Detect(_image).Take(1)];
        _verifier = new FaceVerifier(Path.Combine(_models, FaceVerifier.ModelFileName), new InferenceSettings { IntraOpThreads = 1 });
        _meshCheck = new FaceMeshCheck(Path.Combine(_models, FaceMeshCheck.ModelFileName), new InferenceSettings { IntraOpThreads = 1 });
        _default = EmotionClassifier.Load(_models, "default", InferenceSettings.Default);
    }

    [Benchmark(Baseline = true)]
    public object DefaultExpressionModel() => _default.Classify(_image, _one);

    [Benchmark]
    public object Verifier() => _verifier.Keep(_image, _one);

    [Benchmark]
    public float FaceMeshFlag() => _meshCheck.FaceProbability(_image, _one[0]);

    [GlobalCleanup]
    public void Cleanup()
    {
        _verifier.Dispose();
        _meshCheck.Dispose();
        _default.Dispose();
        _image.Dispose();
    }
}
