namespace Moodtune.Vision.Detection;

/// <summary>An axis-aligned rectangle in pixel coordinates of the analysed image.</summary>
public readonly record struct FaceBox(float X, float Y, float Width, float Height)
{
    public float CenterX => X + (Width / 2);

    public float CenterY => Y + (Height / 2);

    public float Area => Width * Height;

    /// <summary>Intersection over the smaller box's area: 1 when one box lies inside the other.</summary>
    public float IntersectionOverMinimum(FaceBox other)
    {
        var left = Math.Max(X, other.X);
        var top = Math.Max(Y, other.Y);
        var right = Math.Min(X + Width, other.X + other.Width);
        var bottom = Math.Min(Y + Height, other.Y + other.Height);
        var inner = Math.Max(0, right - left) * Math.Max(0, bottom - top);
        var smaller = Math.Min(Area, other.Area);
        return smaller <= 0 ? 0 : inner / smaller;
    }

    /// <summary>Intersection over union, 0 when the boxes do not overlap.</summary>
    public float IntersectionOverUnion(FaceBox other)
    {
        var left = Math.Max(X, other.X);
        var top = Math.Max(Y, other.Y);
        var right = Math.Min(X + Width, other.X + other.Width);
        var bottom = Math.Min(Y + Height, other.Y + other.Height);
        var inner = Math.Max(0, right - left) * Math.Max(0, bottom - top);
        var union = Area + other.Area - inner;
        return union <= 0 ? 0 : inner / union;
    }

    /// <summary>The part of this box inside a <paramref name="width"/> x <paramref name="height"/> image (empty when outside it).</summary>
    public FaceBox ClampTo(float width, float height)
    {
        var left = Math.Clamp(X, 0, width);
        var top = Math.Clamp(Y, 0, height);
        var right = Math.Clamp(X + Width, 0, width);
        var bottom = Math.Clamp(Y + Height, 0, height);
        return new FaceBox(left, top, right - left, bottom - top);
    }
}

/// <summary>A point in pixel coordinates of the analysed image.</summary>
public readonly record struct Point2(float X, float Y);

/// <summary>
/// The six BlazeFace keypoints, in the model's order. "Right" is the subject's right: in a photo that is not
/// mirrored, <see cref="RightEye"/> and <see cref="RightEar"/> are on the image's left (smaller x), as checked on
/// the astronaut test photo. A mirrored selfie preview swaps the sides.
/// </summary>
public enum FaceKeypoint
{
    RightEye = 0,
    LeftEye = 1,
    NoseTip = 2,
    Mouth = 3,
    RightEar = 4,
    LeftEar = 5,
}

/// <summary>One face found by a detector: its box, confidence and the six keypoints, all in image pixels.</summary>
public sealed record DetectedFace(FaceBox Box, float Score, IReadOnlyList<Point2> Keypoints)
{
    public Point2 this[FaceKeypoint keypoint] => Keypoints[(int)keypoint];
}
