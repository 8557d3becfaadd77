using Moodtune.Vision.Inference;
using SkiaSharp;

namespace Moodtune.Vision.Detection;

/// <summary>Which BlazeFace model a <see cref="FaceDetector"/> call uses.</summary>
public enum DetectorModel
{
    /// <summary>
    /// The front model; when it finds nothing or only faces narrower than
    /// <see cref="DetectorOptions.AutoSmallFaceFraction"/> of the image's longer side, the back model runs too
    /// and its faces not overlapping a front face are added. Front only when the back model is missing.
    /// </summary>
    Auto,

    /// <summary>The short-range 128x128 model: fast, for a face close to a webcam.</summary>
    Front,

    /// <summary>The full-range 256x256 model: slower, also finds small faces; unavailable when its file is missing.</summary>
    Back,
}

/// <summary>
/// Face detection with both BlazeFace models, the model chosen per call. Create once and share: thread-safe.
/// The front model is required; a missing back model file only disables <see cref="DetectorModel.Back"/>.
/// </summary>
public sealed class FaceDetector : IDisposable
{
    public const string FrontModelFileName = "blazeface-front-128.onnx";
    public const string BackModelFileName = "blazeface-back-256.onnx";

    private const float SameFaceOverlap = 0.5f;

    private readonly BlazeFaceDetector _front;
    private readonly BlazeFaceDetector? _back;

    public FaceDetector(string frontModelPath, string? backModelPath, InferenceSettings? settings = null)
    {
        _front = new BlazeFaceDetector(frontModelPath, BlazeFaceVariant.Front128, settings);
        if (backModelPath is not null && File.Exists(backModelPath))
        {
            try
            {
                _back = new BlazeFaceDetector(backModelPath, BlazeFaceVariant.Back256, settings);
            }
            catch
            {
                _front.Dispose();
                throw;
            }
        }
    }

    /// <summary>Loads <see cref="FrontModelFileName"/> and, when present, <see cref="BackModelFileName"/> from one folder.</summary>
    public static FaceDetector FromDirectory(string modelsDirectory, InferenceSettings? settings = null) =>
        new(Path.Combine(modelsDirectory, FrontModelFileName), Path.Combine(modelsDirectory, BackModelFileName), settings);

    public bool IsBackAvailable => _back is not null;

    /// <summary>Faces in image pixels, best first; empty when there are none.</summary>
    /// <exception cref="InvalidOperationException"><see cref="DetectorModel.Back"/> asked for without the back model.</exception>
    public IReadOnlyList<DetectedFace> Detect(SKImage image, DetectorModel model = DetectorModel.Auto, DetectorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        options ??= DetectorOptions.Default;
        switch (model)
        {
            case DetectorModel.Front:
                return _front.Detect(image, options);
            case DetectorModel.Back:
                return (_back ?? throw new InvalidOperationException($"The back model ({BackModelFileName}) is not available.")).Detect(image, options);
            case DetectorModel.Auto:
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(model), model, "Unknown detector model.");
        }

        var front = _front.Detect(image, options);
        if (_back is null || !NeedsBackModel(front, image, options))
        {
            return front;
        }

        return Merge(front, _back.Detect(image, options), options);
    }

    public void Dispose()
    {
        _front.Dispose();
        _back?.Dispose();
    }

    private static bool NeedsBackModel(IReadOnlyList<DetectedFace> front, SKImage image, DetectorOptions options)
    {
        var widest = 0f;
        foreach (var face in front)
        {
            widest = Math.Max(widest, face.Box.Width);
        }

        return widest < options.AutoSmallFaceFraction * Math.Max(image.Width, image.Height);
    }

    // Both models' faces, most confident first; a face that mostly lies inside a more confident one is the same face
    // seen twice (the front model draws loose boxes around faces too small for it), so only the better one stays.
    private static List<DetectedFace> Merge(IReadOnlyList<DetectedFace> front, IReadOnlyList<DetectedFace> back, DetectorOptions options)
    {
        var all = new List<DetectedFace>(front.Count + back.Count);
        all.AddRange(front);
        all.AddRange(back);
        all.Sort(static (a, b) => b.Score.CompareTo(a.Score));
        var merged = new List<DetectedFace>(all.Count);
        foreach (var face in all)
        {
            var duplicate = false;
            foreach (var kept in merged)
            {
                duplicate |= kept.Box.IntersectionOverMinimum(face.Box) > SameFaceOverlap;
            }

            if (!duplicate)
            {
                merged.Add(face);
            }
        }

        merged.Sort(static (a, b) => b.Score.CompareTo(a.Score));
        if (merged.Count > options.MaxFaces)
        {
            merged.RemoveRange(options.MaxFaces, merged.Count - options.MaxFaces);
        }

        return merged;
    }
}
