using BenchmarkDotNet.Attributes;
using Moodtune.Vision;
using Moodtune.Vision.Tracking;

namespace Moodtune.Benchmarks;

/// <summary>
/// What a user far from the camera costs the server per frame (issue 17): the same 640x480 JPEG of a small face (the
/// astronaut 240 pixels wide: a face of about 40 pixels) analysed as a narrow camera frame (decoded down to 320, the
/// default Moodtune:FrameWidth) and as the wide frame the server asks for while the face is small (decoded at 640,
/// Moodtune:WideFrameWidth), with the product's detector settings (front and back models, the face checks), the
/// default expression model and the detector on every frame.
/// </summary>
public class WideFrameBenchmarks
{
    private readonly string _models = Path.Combine(AppContext.BaseDirectory, "models");
    private byte[] _jpeg = null!;
    private FaceAnalyzer _analyzer = null!;
    private CameraFeed _narrow = null!;
    private CameraFeed _wide = null!;

    [GlobalSetup]
    public void Setup()
    {
        _jpeg = WebcamFrames.Far();
        _analyzer = new FaceAnalyzer(new VisionOptions { ModelsDirectory = _models });
        _narrow = _analyzer.OpenFeed(new CameraFeedOptions { Tracking = false, WideFrameWidth = null });
        _wide = _analyzer.OpenFeed(new CameraFeedOptions { Tracking = false, FrameWidth = 640, WideFrameWidth = null });
        if (_narrow.Analyze(_jpeg).Faces.Count != 1 || _wide.Analyze(_jpeg).Faces.Count != 1)
        {
            throw new InvalidOperationException("The far still must hold one face found at both widths.");
        }
    }

    [Benchmark(Baseline = true)]
    public FaceAnalysis Narrow() => _narrow.Analyze(_jpeg);

    [Benchmark]
    public FaceAnalysis Wide() => _wide.Analyze(_jpeg);

    [GlobalCleanup]
    public void Cleanup() => _analyzer.Dispose();
}
