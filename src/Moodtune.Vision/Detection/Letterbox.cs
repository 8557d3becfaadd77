namespace Moodtune.Vision.Detection;

/// <summary>
/// How an image of any aspect ratio sits centred, aspect kept, in a square model input of <see cref="TargetSize"/>
/// pixels, the rest padded. Maps points and boxes both ways: source pixels = (target - offset) / scale.
/// </summary>
public readonly record struct Letterbox(int SourceWidth, int SourceHeight, int TargetSize, float Scale, float OffsetX, float OffsetY)
{
    /// <summary>The letterbox for a <paramref name="sourceWidth"/> x <paramref name="sourceHeight"/> image in a square of <paramref name="targetSize"/>.</summary>
    public static Letterbox Fit(int sourceWidth, int sourceHeight, int targetSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sourceWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sourceHeight);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetSize);
        var scale = (float)targetSize / Math.Max(sourceWidth, sourceHeight);
        var offsetX = (targetSize - (sourceWidth * scale)) / 2;
        var offsetY = (targetSize - (sourceHeight * scale)) / 2;
        return new Letterbox(sourceWidth, sourceHeight, targetSize, scale, offsetX, offsetY);
    }

    /// <summary>Where the scaled image lies in the target square.</summary>
    public FaceBox ContentRect => new(OffsetX, OffsetY, SourceWidth * Scale, SourceHeight * Scale);

    public Point2 ToTarget(Point2 source) => new((source.X * Scale) + OffsetX, (source.Y * Scale) + OffsetY);

    public Point2 ToSource(Point2 target) => new((target.X - OffsetX) / Scale, (target.Y - OffsetY) / Scale);

    public FaceBox ToTarget(FaceBox source) =>
        new((source.X * Scale) + OffsetX, (source.Y * Scale) + OffsetY, source.Width * Scale, source.Height * Scale);

    public FaceBox ToSource(FaceBox target) =>
        new((target.X - OffsetX) / Scale, (target.Y - OffsetY) / Scale, target.Width / Scale, target.Height / Scale);
}
