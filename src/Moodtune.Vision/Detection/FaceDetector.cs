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

    /// <summary>How much of the image around a small box <see cref="RefineSmall"/> shows the front model, in box sides.</summary>
    public const float RefineRegionScale = 2f;

    private const float SameFaceOverlap = 0.5f;

    // A face found on the enlarged region is the small box's when it overlaps the region's middle (where the box was) by
    // this IoU: loose, as the first box may sit off the face by a third of its side.
    private const float RefinedOverlap = 0.3f;

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

    /// <summary>
    /// Looks again at every face narrower than <paramref name="narrowerThan"/> pixels: the front model runs on the region
    /// around it (<see cref="RefineRegionScale"/> times its side) enlarged to its 128 pixels, and the face it finds there
    /// replaces the first one; a small box in which the closer look finds no face scoring
    /// <see cref="DetectorOptions.MinScore"/> is dropped. A face of a few dozen pixels is a few pixels wide at the
    /// detector's input, so its box can sit off the face by a third of its side, which is what the face verifier then
    /// turns down (issue 17: docs/detection-evaluation.md, "Small boxes looked at again").
    /// </summary>
    public IReadOnlyList<DetectedFace> RefineSmall(SKImage image, IReadOnlyList<DetectedFace> faces, float narrowerThan, DetectorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(faces);
        options ??= DetectorOptions.Default;
        var anySmall = false;
        foreach (var face in faces)
        {
            anySmall |= face.Box.Width < narrowerThan;
        }

        if (!anySmall)
        {
            return faces;
        }

        var refined = new List<DetectedFace>(faces.Count);
        foreach (var face in faces)
        {
            if (face.Box.Width >= narrowerThan)
            {
                refined.Add(face);
            }
            else if (Refine(image, face, options) is { } closer)
            {
                refined.Add(closer);
            }
        }

        // Two small boxes on one face may both be redrawn onto it: the better one stays, as Merge keeps it.
        refined.Sort(static (a, b) => b.Score.CompareTo(a.Score));
        var kept = new List<DetectedFace>(refined.Count);
        foreach (var face in refined)
        {
            if (!kept.Exists(k => k.Box.IntersectionOverMinimum(face.Box) > SameFaceOverlap))
            {
                kept.Add(face);
            }
        }

        return kept;
    }

    // The front model's most confident face overlapping the middle of the enlarged region, in the image's pixels.
    private DetectedFace? Refine(SKImage image, DetectedFace face, DetectorOptions options)
    {
        var input = _front.InputSize;
        var side = Math.Max(face.Box.Width, face.Box.Height) * RefineRegionScale;
        var left = face.Box.CenterX - (side / 2);
        var top = face.Box.CenterY - (side / 2);
        var scale = side / input;
        using var surface = SKSurface.Create(new SKImageInfo(input, input, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException("Could not create a drawing surface.");
        surface.Canvas.Clear(SKColors.Black);
        surface.Canvas.DrawImage(
            image,
            SKRect.Create(left, top, side, side),
            SKRect.Create(0, 0, input, input),
            new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        using var region = surface.Snapshot();
        var middle = new FaceBox(input / 4f, input / 4f, input / 2f, input / 2f);
        DetectedFace? best = null;
        foreach (var candidate in _front.Detect(region, options))
        {
            if (candidate.Box.IntersectionOverUnion(middle) >= RefinedOverlap && (best is null || candidate.Score > best.Score))
            {
                best = candidate;
            }
        }

        if (best is null)
        {
            return null;
        }

        var box = new FaceBox(left + (best.Box.X * scale), top + (best.Box.Y * scale), best.Box.Width * scale, best.Box.Height * scale)
            .ClampTo(image.Width, image.Height);
        var keypoints = new Point2[best.Keypoints.Count];
        for (var k = 0; k < keypoints.Length; k++)
        {
            keypoints[k] = new Point2(left + (best.Keypoints[k].X * scale), top + (best.Keypoints[k].Y * scale));
        }

        return box.Width <= 0 || box.Height <= 0 ? null : new DetectedFace(box, best.Score, keypoints);
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
