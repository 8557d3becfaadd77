using System.Diagnostics;
using Moodtune.Vision.Detection;
using Moodtune.Mood;
using Moodtune.Vision.Emotions;
using Moodtune.Vision.Imaging;
using Moodtune.Vision.Tracking;
using SkiaSharp;

namespace Moodtune.Vision;

/// <summary>
/// The engine's one entry point: finds every face of an image (encoded or raw pixels) and classifies its expression.
/// Models load once; every method is safe to call from many threads at once.
/// </summary>
public sealed class FaceAnalyzer : IDisposable
{
    private readonly FaceDetector _detector;
    private readonly EmotionClassifier _classifier;
    private readonly FaceVerifier? _verifier;
    private readonly FaceMeshCheck? _meshCheck;
    private int _inFlight;
    private int _disposed;

    /// <exception cref="FileNotFoundException">A model file is missing.</exception>
    /// <exception cref="ArgumentException">The emotion model spec is unknown.</exception>
    public FaceAnalyzer(VisionOptions? options = null)
    {
        Options = options ?? new VisionOptions();
        Options.Validate();
        _detector = FaceDetector.FromDirectory(Options.ModelsDirectory, Options.DetectorInference);
        try
        {
            _classifier = EmotionClassifier.Load(Options.ModelsDirectory, Options.EmotionModel, Options.Inference, Options.Crop);
            _verifier = Options.UseFaceVerifier ? FaceVerifier.FromDirectory(Options.ModelsDirectory, Options.DetectorInference) : null;
            _meshCheck = _verifier is not null && Options.UseFaceMeshCheck ? FaceMeshCheck.FromDirectory(Options.ModelsDirectory, Options.DetectorInference) : null;
        }
        catch
        {
            _detector.Dispose();
            _classifier?.Dispose();
            _verifier?.Dispose();
            throw;
        }
    }

    public VisionOptions Options { get; }

    /// <summary>Whether detections go through the face verifier (the option is on and the model is there).</summary>
    public bool VerifiesFaces => _verifier is not null;

    /// <summary>Whether the boxes the verifier is unsure of also need FaceMesh's face flag.</summary>
    public bool ChecksFaceMesh => _meshCheck is not null;

    /// <summary>The emotion models in use, e.g. "moodtune+flip".</summary>
    public string EmotionModelSpec => _classifier.Spec;

    /// <exception cref="ImageDecodeException">The data is not a usable image.</exception>
    public FaceAnalysis Analyze(ReadOnlySpan<byte> encodedImage, DetectorModel? detector = null)
    {
        using var image = ImageDecoder.Decode(encodedImage, Options.Limits);
        return Analyze(image, detector);
    }

    /// <exception cref="ImageDecodeException">The buffer does not match the size and layout.</exception>
    public FaceAnalysis Analyze(ReadOnlySpan<byte> pixels, int width, int height, PixelLayout layout, int stride = 0, DetectorModel? detector = null)
    {
        using var image = ImageDecoder.FromPixels(pixels, width, height, layout, stride, Options.Limits);
        return Analyze(image, detector);
    }

    /// <exception cref="ObjectDisposedException">The analyzer was disposed (the app is shutting down).</exception>
    public FaceAnalysis Analyze(SKImage image, DetectorModel? detector = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var use = Use();
        using var activity = VisionTelemetry.StartAnalysis();
        var started = Stopwatch.GetTimestamp();
        return VisionTelemetry.Record(Classify(image, Detect(image, detector)), started, activity);
    }

    /// <summary>The faces of an image without their expressions (what detection evaluation needs), best first.</summary>
    /// <exception cref="ImageDecodeException">The data is not a usable image.</exception>
    public IReadOnlyList<DetectedFace> DetectFaces(ReadOnlySpan<byte> encodedImage, DetectorModel? detector = null)
    {
        using var image = ImageDecoder.Decode(encodedImage, Options.Limits);
        return DetectFaces(image, detector);
    }

    /// <summary>The faces of a decoded image without their expressions, best first.</summary>
    /// <exception cref="ObjectDisposedException">The analyzer was disposed (the app is shutting down).</exception>
    public IReadOnlyList<DetectedFace> DetectFaces(SKImage image, DetectorModel? detector = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var use = Use();
        return Detect(image, detector);
    }

    /// <summary>
    /// Starts analysing the frames of one camera in order: decoded at reduced scale, the faces tracked between
    /// detector runs. One feed per camera connection; a feed is not thread-safe, the analyzer stays shared.
    /// </summary>
    public CameraFeed OpenFeed(CameraFeedOptions? options = null) => new(this, options ?? Options.Feed);

    internal IReadOnlyList<DetectedFace> Detect(SKImage image, DetectorModel? detector = null)
    {
        var options = new DetectorOptions { MinScore = Options.MinFaceScore, MaxFaces = Options.MaxFaces };
        var faces = _detector.Detect(image, detector ?? Options.Detector, options);
        if (Options.RefineFacesNarrowerThan > 0 && faces.Count > 0)
        {
            faces = _detector.RefineSmall(image, faces, Options.RefineFacesNarrowerThan, options);
        }

        if (Options.VerifyFaces && faces.Count > 0)
        {
            var plausible = faces.Where(FaceGeometry.IsPlausible).ToList();
            faces = plausible.Count == faces.Count ? faces : plausible;
        }

        return _verifier is null ? faces : _verifier.Keep(image, faces, _meshCheck, Options.FaceMeshCheckBelow);
    }

    internal FaceAnalysis Classify(SKImage image, IReadOnlyList<DetectedFace> faces)
    {
        var emotions = _classifier.Classify(image, faces);
        var analyzed = new AnalyzedFace[faces.Count];
        for (var i = 0; i < faces.Count; i++)
        {
            analyzed[i] = new AnalyzedFace(faces[i], emotions[i]);
        }

        return new FaceAnalysis(image.Width, image.Height, analyzed);
    }

    /// <summary>Classifies an image that is already a cropped face (as in FER2013), without detection.</summary>
    /// <exception cref="ImageDecodeException">The data is not a usable image.</exception>
    public EmotionProbabilities ClassifyFaceImage(ReadOnlySpan<byte> encodedImage)
    {
        using var image = ImageDecoder.Decode(encodedImage, Options.Limits);
        return ClassifyFaceImage(image);
    }

    /// <summary>Classifies a decoded image that is already a cropped face, without detection.</summary>
    public EmotionProbabilities ClassifyFaceImage(SKImage face)
    {
        ArgumentNullException.ThrowIfNull(face);
        using var use = Use();
        return _classifier.ClassifyWhole(face);
    }

    /// <summary>
    /// Releases the models once no call is using them: a web app shutting down may dispose the analyzer while a camera
    /// frame is still being analysed, and ONNX Runtime must not free a session in the middle of a run.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        SpinWait.SpinUntil(() => Volatile.Read(ref _inFlight) == 0, TimeSpan.FromSeconds(30));
        _detector.Dispose();
        _classifier.Dispose();
        _verifier?.Dispose();
        _meshCheck?.Dispose();
    }

    internal InFlight Use()
    {
        Interlocked.Increment(ref _inFlight);
        if (Volatile.Read(ref _disposed) == 1)
        {
            Interlocked.Decrement(ref _inFlight);
            throw new ObjectDisposedException(nameof(FaceAnalyzer));
        }

        return new InFlight(this);
    }

    internal readonly struct InFlight(FaceAnalyzer owner) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref owner._inFlight);
    }
}
