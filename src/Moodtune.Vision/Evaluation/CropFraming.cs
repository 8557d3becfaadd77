using Moodtune.Vision.Alignment;
using Moodtune.Vision.Detection;
using Moodtune.Vision.Imaging;
using SkiaSharp;

namespace Moodtune.Vision.Evaluation;

/// <summary>
/// How a data set of face images (FER2013's, say) frames its faces, seen through the product's detector: each image is
/// centred on a mid-gray canvas twice its size, the face found, and the image's own frame expressed in the terms of
/// <see cref="FaceCropOptions"/> (its side over the box's longer side, and how far its centre lies below the box's
/// centre along the face's vertical axis, as a fraction of its side). The medians are the crop of a detected face
/// that shows an expression model what its training images showed it (`moodtune eval DIR --framing`).
/// </summary>
public static class CropFraming
{
    /// <summary>Mid-gray, so the canvas adds no edge or face-like contrast of its own.</summary>
    private static readonly SKColor Canvas = new(128, 128, 128);

    /// <summary>The image is drawn at its own size: each pixel as it is.</summary>
    private static readonly SKSamplingOptions Pixels = new(SKFilterMode.Nearest, SKMipmapMode.None);

    /// <summary>Measures every image, on all cores; images whose face is not found (or not in their frame) are counted, not measured.</summary>
    public static FramingResult Measure(LabelledImageFolder data, VisionOptions options, Action? onImage = null)
    {
        using var analyzer = new FaceAnalyzer(options with { Inference = options.Inference with { IntraOpThreads = 1 } });
        var frames = new Framing?[data.Images.Count];
        var failed = 0;
        Parallel.For(0, data.Images.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            try
            {
                using var face = ImageDecoder.Decode(File.ReadAllBytes(data.Images[i].Path), options.Limits);
                frames[i] = Measure(analyzer, face);
            }
            catch (Exception e) when (e is ImageDecodeException or IOException or UnauthorizedAccessException)
            {
                Interlocked.Increment(ref failed);
            }

            onImage?.Invoke();
        });

        var found = frames.OfType<Framing>().ToList();
        return new FramingResult(
            data.Images.Count,
            failed,
            found.Count,
            Quartiles.Of(found.Select(f => f.Scale)),
            Quartiles.Of(found.Select(f => f.ShiftDown)));
    }

    /// <summary>The framing of one face image, or null when the detector finds no face overlapping its frame.</summary>
    public static Framing? Measure(FaceAnalyzer analyzer, SKImage face)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        ArgumentNullException.ThrowIfNull(face);
        var side = Math.Max(face.Width, face.Height);
        var frame = new FaceBox(side - (face.Width / 2f), side - (face.Height / 2f), face.Width, face.Height);
        using var surface = SKSurface.Create(new SKImageInfo(2 * side, 2 * side, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException($"Skia could not create a {2 * side}x{2 * side} surface.");
        surface.Canvas.Clear(Canvas);
        surface.Canvas.DrawImage(face, SKRect.Create(frame.X, frame.Y, frame.Width, frame.Height), Pixels);
        using var padded = surface.Snapshot();

        var detected = analyzer.DetectFaces(padded).MaxBy(f => f.Box.IntersectionOverUnion(frame));
        if (detected is null || detected.Box.IntersectionOverUnion(frame) < DetectionScore.MatchIoU)
        {
            return null;
        }

        return Of(detected, frame);
    }

    /// <summary>
    /// <see cref="FaceAligner.CropMatrix"/> in reverse: the crop settings whose square around <paramref name="face"/>
    /// has <paramref name="frame"/>'s centre and longer side (the crop's centre lies ShiftDown of its side below the
    /// box's centre along the face's own downward axis, (-sin a, cos a) for a roll a).
    /// </summary>
    public static Framing Of(DetectedFace face, FaceBox frame)
    {
        ArgumentNullException.ThrowIfNull(face);
        var box = face.Box;
        var angle = FaceAligner.RollAngle(face);
        var frameSide = Math.Max(frame.Width, frame.Height);
        var down = ((frame.CenterX - box.CenterX) * -MathF.Sin(angle)) + ((frame.CenterY - box.CenterY) * MathF.Cos(angle));
        return new Framing(frameSide / Math.Max(box.Width, box.Height), down / frameSide);
    }
}

/// <summary>One image's frame in <see cref="FaceCropOptions"/>' terms.</summary>
public readonly record struct Framing(float Scale, float ShiftDown);

/// <summary>The lower quartile, median and upper quartile of a measure (NaN over no values).</summary>
public readonly record struct Quartiles(float Lower, float Median, float Upper)
{
    public static Quartiles Of(IEnumerable<float> values)
    {
        var sorted = values.Order().ToArray();
        return new Quartiles(At(sorted, 0.25f), At(sorted, 0.5f), At(sorted, 0.75f));
    }

    /// <summary>Linear interpolation between the closest ranks (NumPy's default).</summary>
    private static float At(float[] sorted, float q)
    {
        if (sorted.Length == 0)
        {
            return float.NaN;
        }

        var position = q * (sorted.Length - 1);
        var below = (int)MathF.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }
}

/// <summary>
/// What <see cref="CropFraming.Measure(LabelledImageFolder, VisionOptions, Action?)"/> found: the frames of the faces
/// found, as crop settings (<see cref="FaceCropOptions.Scale"/>, <see cref="FaceCropOptions.ShiftDown"/>).
/// </summary>
public sealed record FramingResult(int Images, int Failed, int Found, Quartiles Scale, Quartiles ShiftDown);
