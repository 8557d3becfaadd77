using BenchmarkDotNet.Attributes;
using Moodtune.Vision;
using Moodtune.Vision.Detection;
using Moodtune.Vision.Inference;
using Moodtune.Vision.Tracking;

namespace Moodtune.Benchmarks;

/// <summary>
/// ONNX Runtime's intra-op threads on this machine's cores: a camera frame (reduced-scale decode, front detector, an
/// emotion model) with one or two threads per inference for both the detector and the classifier, worker threads
/// sleeping or spinning between operators, against the defaults (one thread for the detector, all cores for the classifier).
/// </summary>
public class ThreadingBenchmarks
{
    private byte[] _jpeg = null!;
    private readonly List<FaceAnalyzer> _analyzers = [];
    private CameraFeed _one = null!;
    private CameraFeed _two = null!;
    private CameraFeed _twoSpinning = null!;
    private CameraFeed _allCores = null!;

    [Params("minixception", "moodtune")]
    public string Emotions { get; set; } = "moodtune";

    [GlobalSetup]
    public void Setup()
    {
        _jpeg = WebcamFrames.Still();
        _one = Feed(new InferenceSettings { IntraOpThreads = 1 });
        _two = Feed(new InferenceSettings { IntraOpThreads = 2 });
        _twoSpinning = Feed(new InferenceSettings { IntraOpThreads = 2, AllowSpinning = true });
        _allCores = Feed(null);
    }

    [Benchmark(Baseline = true)]
    public FaceAnalysis OneThread() => _one.Analyze(_jpeg);

    [Benchmark]
    public FaceAnalysis TwoThreads() => _two.Analyze(_jpeg);

    [Benchmark]
    public FaceAnalysis TwoThreadsSpinning() => _twoSpinning.Analyze(_jpeg);

    /// <summary>The defaults: one thread for the detector, ONNX Runtime's choice (one per core) for the classifier.</summary>
    [Benchmark]
    public FaceAnalysis Default() => _allCores.Analyze(_jpeg);

    [GlobalCleanup]
    public void Cleanup() => _analyzers.ForEach(a => a.Dispose());

    private CameraFeed Feed(InferenceSettings? settings)
    {
        var options = new VisionOptions
        {
            ModelsDirectory = Path.Combine(AppContext.BaseDirectory, "models"),
            Detector = DetectorModel.Front,
            EmotionModel = Emotions,
        };
        var analyzer = new FaceAnalyzer(settings is null ? options : options with { Inference = settings, DetectorInference = settings });
        _analyzers.Add(analyzer);
        return analyzer.OpenFeed(new CameraFeedOptions { Tracking = false });
    }
}
