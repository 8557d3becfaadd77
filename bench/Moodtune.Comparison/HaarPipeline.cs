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

    /// <summary>Why the baseline could not be built, in one line.</summary>
    public static string AbsentReason(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);

        // OpenCvSharp's native library failing to load surfaces as "The type initializer for
        // 'OpenCvSharp.Internal.NativeMethods' threw an exception"; inside, the loader lists every path it probed for
        // OpenCvSharpExtern, and the one other line names the dependency that is missing (libgtk-3.so.0: cannot open...).
        if (exception is not TypeInitializationException { InnerException: { } inner })
        {
            return exception.Message;
        }

        var lines = inner.Message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        static bool probed(string line) =>
            line.Contains("OpenCvSharpExtern", StringComparison.Ordinal) && line.EndsWith("No such file or directory", StringComparison.Ordinal);
        var cause = lines.Skip(1).FirstOrDefault(l => !probed(l)) ?? lines.FirstOrDefault() ?? exception.Message;
        return $"OpenCvSharp's native library did not load: {cause} (its Debian packages: bench/Moodtune.Comparison/haar-packages.sh)";
    }

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
