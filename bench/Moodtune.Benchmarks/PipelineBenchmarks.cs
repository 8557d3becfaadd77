using BenchmarkDotNet.Attributes;
using Moodtune.Vision;
using Moodtune.Vision.Detection;
using Moodtune.Vision.Imaging;
using SkiaSharp;

namespace Moodtune.Benchmarks;

/// <summary>Face detection per model, and the whole frame (decode a 640x480 JPEG, detect, classify).</summary>
public class PipelineBenchmarks
{
    private readonly string _models = Path.Combine(AppContext.BaseDirectory, "models");
    private byte[] _jpeg = null!;
    private SKImage _frame = null!;
    private FaceDetector _detector = null!;
    private FaceAnalyzer _analyzer = null!;

    [GlobalSetup]
    public void Setup()
    {
        // A webcam-like frame: the astronaut photo placed in a 640x480 canvas, encoded as JPEG.
        using var astronaut = SKImage.FromEncodedData(Path.Combine(AppContext.BaseDirectory, "images", "astronaut.png"));
        using var frame = new SKBitmap(640, 480);
        using (var canvas = new SKCanvas(frame))
        {
            canvas.Clear(SKColors.DimGray);
            canvas.DrawImage(astronaut, new SKRect(80, 0, 560, 480), new SKSamplingOptions(SKCubicResampler.Mitchell));
        }

        using var data = frame.Encode(SKEncodedImageFormat.Jpeg, 85);
        _jpeg = data.ToArray();
        _frame = ImageDecoder.Decode(_jpeg);
        _detector = FaceDetector.FromDirectory(_models);
        _analyzer = new FaceAnalyzer(new VisionOptions { ModelsDirectory = _models, Detector = DetectorModel.Front });
    }

    [Benchmark(Baseline = true)]
    public int DecodeJpeg()
    {
        using var image = ImageDecoder.Decode(_jpeg);
        return image.Width;
    }

    [Benchmark]
    public IReadOnlyList<DetectedFace> DetectFront() => _detector.Detect(_frame, DetectorModel.Front);

    [Benchmark]
    public IReadOnlyList<DetectedFace> DetectBack() => _detector.Detect(_frame, DetectorModel.Back);

    [Benchmark]
    public FaceAnalysis WholeFrame() => _analyzer.Analyze(_jpeg);

    [GlobalCleanup]
    public void Cleanup()
    {
        _analyzer.Dispose();
        _detector.Dispose();
        _frame.Dispose();
    }
}
