using BenchmarkDotNet.Attributes;
using Moodtune.Vision;
using Moodtune.Vision.Detection;
using Moodtune.Vision.Tracking;

namespace Moodtune.Benchmarks;

/// <summary>
/// The whole frame (decode a 640x480 JPEG, detect, classify the face) per emotion model: as a photo (full-size
/// decode), as a camera frame (reduced-scale decode, detector every frame) and as a camera feed over a moving clip
/// (the face tracked between detector runs, which run on one frame in ten: the time is the clip's mean per frame).
/// </summary>
public class FrameBenchmarks
{
    private readonly string _models = Path.Combine(AppContext.BaseDirectory, "models");
    private byte[] _jpeg = null!;
    private byte[][] _clip = null!;
    private FaceAnalyzer _analyzer = null!;
    private CameraFeed _everyFrame = null!;
    private CameraFeed _tracked = null!;
    private int _next;

    [Params("minixception", "moodtune", "moodtune3+flip")]
    public string Emotions { get; set; } = "moodtune";

    [GlobalSetup]
    public void Setup()
    {
        _jpeg = WebcamFrames.Still();
        _clip = WebcamFrames.Clip(40);
        _analyzer = new FaceAnalyzer(new VisionOptions { ModelsDirectory = _models, Detector = DetectorModel.Front, EmotionModel = Emotions });
        _everyFrame = _analyzer.OpenFeed(new CameraFeedOptions { Tracking = false });
        _tracked = _analyzer.OpenFeed();
    }

    [Benchmark(Baseline = true)]
    public FaceAnalysis Photo() => _analyzer.Analyze(_jpeg);

    [Benchmark]
    public FaceAnalysis CameraFrame() => _everyFrame.Analyze(_jpeg);

    [Benchmark]
    public FaceAnalysis CameraFeedTracked()
    {
        var frame = _clip[_next];
        _next = (_next + 1) % _clip.Length;
        return _tracked.Analyze(frame);
    }

    [GlobalCleanup]
    public void Cleanup() => _analyzer.Dispose();
}
