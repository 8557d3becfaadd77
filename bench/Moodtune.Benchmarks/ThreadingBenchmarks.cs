using BenchmarkDotNet.Attributes;
using Moodtune.Vision;
using Moodtune.Vision.Detection;
using Moodtune.Vision.Inference;
using Moodtune.Vision.Tracking;

namespace Moodtune.Benchmarks;

/// <summary>
/// ONNX Runtime's intra-op threads on this machine's cores: a camera frame (reduced-scale decode, front detector,
/// mini-Xception) with one or two threads per inference, worker threads sleeping or spinning between operators.
/// </summary>
public class ThreadingBenchmarks
{
    private byte[] _jpeg = null!;
    private readonly List<FaceAnalyzer> _analyzers = [];
    private CameraFeed _one = null!;
    private CameraFeed _two = null!;
    private CameraFeed _twoSpinning = null!;
    private CameraFeed _allCores = null!;

    [GlobalSetup]
    public void Setup()
    {
        _jpeg = WebcamFrames.Still();
        _one = Feed(new InferenceSettings { IntraOpThreads = 1 });
        _two = Feed(new InferenceSettings { IntraOpThreads = 2 });
        _twoSpinning = Feed(new InferenceSettings { IntraOpThreads = 2, AllowSpinning = true });
        _allCores = Feed(InferenceSettings.Default);
    }

    [Benchmark(Baseline = true)]
    public FaceAnalysis OneThread() => _one.Analyze(_jpeg);

    [Benchmark]
    public FaceAnalysis TwoThreads() => _two.Analyze(_jpeg);

    [Benchmark]
    public FaceAnalysis TwoThreadsSpinning() => _twoSpinning.Analyze(_jpeg);

    /// <summary>The default settings, whatever they are.</summary>
    [Benchmark]
    public FaceAnalysis Default() => _allCores.Analyze(_jpeg);

    [GlobalCleanup]
    public void Cleanup() => _analyzers.ForEach(a => a.Dispose());

    private CameraFeed Feed(InferenceSettings settings)
    {
        var analyzer = new FaceAnalyzer(new VisionOptions
        {
            ModelsDirectory = Path.Combine(AppContext.BaseDirectory, "models"),
            Detector = DetectorModel.Front,
            EmotionModel = "minixception",
            Inference = settings,
        });
        _analyzers.Add(analyzer);
        return analyzer.OpenFeed(new CameraFeedOptions { Tracking = false });
    }
}
