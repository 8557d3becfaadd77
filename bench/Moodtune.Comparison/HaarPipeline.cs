using System.Diagnostics;
using System.Globalization;
using Moodtune.Vision.Detection;
using Moodtune.Vision.Emotions;
using Moodtune.Vision.Imaging;
using Moodtune.Vision.Inference;
using OpenCvSharp;
using SkiaSharp;

namespace Moodtune.Comparison;

/// <summary>
/// The classic student-project pipeline: OpenCV decode, grayscale, histogram equalisation, the frontal-face Haar
/// cascade, the largest face cut out as it is (no alignment, no margin), classified whole by the same emotion model
/// as ours (through our <see cref="EmotionClassifier"/>, so only detection and cropping differ).
/// </summary>
public sealed class HaarPipeline : IFramePipeline
{
    /// <summary>Debian's opencv-data package puts the cascades here.</summary>
    public const string DefaultCascadePath = "/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml";

    private readonly CascadeClassifier _cascade;
    private readonly EmotionClassifier _classifier;
    private readonly double _scaleFactor;
    private readonly int _minNeighbors;

    /// <exception cref="FileNotFoundException">The cascade or the model file is missing.</exception>
    /// <exception cref="InvalidDataException">The cascade file does not load.</exception>
    public HaarPipeline(string cascadePath, string modelsDirectory, double scaleFactor, int minNeighbors)
    {
        if (!File.Exists(cascadePath))
        {
            throw new FileNotFoundException($"Haar cascade not found: {cascadePath} (Debian package opencv-data)", cascadePath);
        }

        _cascade = new CascadeClassifier(cascadePath);
        if (_cascade.Empty())
        {
            _cascade.Dispose();
            throw new InvalidDataException($"The Haar cascade {cascadePath} did not load.");
        }

        try
        {
            _classifier = EmotionClassifier.Load(modelsDirectory, "minixception", InferenceSettings.Default);
        }
        catch
        {
            _cascade.Dispose();
            throw;
        }

        _scaleFactor = scaleFactor;
        _minNeighbors = minNeighbors;
        Name = string.Create(CultureInfo.InvariantCulture, $"haar {scaleFactor:0.0#}/{minNeighbors}");
    }

    public string Name { get; }

    public string Detector => string.Create(CultureInfo.InvariantCulture, $"Haar cascade (scale {_scaleFactor:0.0#}, neighbours {_minNeighbors})");

    public string EmotionModel => _classifier.Spec;

    public StageTimes Run(byte[] encodedFrame)
    {
        var start = Stopwatch.GetTimestamp();
        using var frame = Cv2.ImDecode(encodedFrame, ImreadModes.Color);
        var decode = StageTimes.Since(start);

        start = Stopwatch.GetTimestamp();
        using var gray = new Mat();
        Cv2.CvtColor(frame, gray, ColorConversionCodes.BGR2GRAY);
        var faces = DetectGray(gray);
        var detect = StageTimes.Since(start);

        start = Stopwatch.GetTimestamp();
        if (faces.Length > 0)
        {
            using var face = Crop(gray, faces.MaxBy(r => r.Width * r.Height));
            _classifier.ClassifyWhole(face);
        }

        return new StageTimes(decode, detect, StageTimes.Since(start), faces.Length);
    }

    public IReadOnlyList<FaceBox> Detect(string path)
    {
        using var gray = Cv2.ImRead(path, ImreadModes.Grayscale);
        if (gray.Empty())
        {
            throw new InvalidDataException($"OpenCV could not read {path}.");
        }

        return [.. DetectGray(gray).Select(r => new FaceBox(r.X, r.Y, r.Width, r.Height))];
    }

    public void Dispose()
    {
        _cascade.Dispose();
        _classifier.Dispose();
    }

    private Rect[] DetectGray(Mat gray)
    {
        using var equalized = new Mat();
        Cv2.EqualizeHist(gray, equalized);
        return _cascade.DetectMultiScale(equalized, _scaleFactor, _minNeighbors);
    }

    // The face as the students cut it, gray[y:y+h, x:x+w], copied into an SKImage for our classifier.
    private static unsafe SKImage Crop(Mat gray, Rect box)
    {
        var stride = (int)gray.Step();
        var length = ((box.Height - 1) * stride) + box.Width;
        var pixels = new ReadOnlySpan<byte>((byte*)gray.Ptr(box.Y) + box.X, length);
        return ImageDecoder.FromPixels(pixels, box.Width, box.Height, PixelLayout.Gray8, stride);
    }
}
