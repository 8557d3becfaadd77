using BenchmarkDotNet.Attributes;
using Moodtune.Vision.Detection;
using Moodtune.Vision.Imaging;
using SkiaSharp;

namespace Moodtune.Benchmarks;

/// <summary>The stages of a frame: decoding a 640x480 JPEG (full size and at reduced scale) and face detection per model.</summary>
public class PipelineBenchmarks
{
    private static readonly ImageLimits Reduced = new() { DecodeLongSideAtLeast = 320 };

    private readonly string _models = Path.Combine(AppContext.BaseDirectory, "models");
    private byte[] _jpeg = null!;
    private SKImage _frame = null!;
    private SKImage _reducedFrame = null!;
    private FaceDetector _detector = null!;

    [GlobalSetup]
    public void Setup()
    {
        _jpeg = WebcamFrames.Still();
        _frame = ImageDecoder.Decode(_jpeg);
        _reducedFrame = ImageDecoder.Decode(_jpeg, Reduced);
        _detector = FaceDetector.FromDirectory(_models);
    }

    [Benchmark(Baseline = true)]
    public int DecodeJpeg()
    {
        using var image = ImageDecoder.Decode(_jpeg);
        return image.Width;
    }

    /// <summary>Decoded at half size (320x240) by the JPEG decoder itself, as camera frames are.</summary>
    [Benchmark]
    public int DecodeJpegAtHalf()
    {
        using var image = ImageDecoder.Decode(_jpeg, Reduced);
        return image.Width;
    }

    [Benchmark]
    public IReadOnlyList<DetectedFace> DetectFront() => _detector.Detect(_frame, DetectorModel.Front);

    [Benchmark]
    public IReadOnlyList<DetectedFace> DetectFrontOnHalf() => _detector.Detect(_reducedFrame, DetectorModel.Front);

    [Benchmark]
    public IReadOnlyList<DetectedFace> DetectBack() => _detector.Detect(_frame, DetectorModel.Back);

    [GlobalCleanup]
    public void Cleanup()
    {
        _detector.Dispose();
        _frame.Dispose();
        _reducedFrame.Dispose();
    }
}
