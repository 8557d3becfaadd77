using SkiaSharp;

namespace Moodtune.Vision.Imaging;

/// <summary>
/// Spreads a face crop's brightness over the full 0-255 range, as FER2013's faces are: over its train split the 2nd
/// percentile of each image's gray levels is 0-7 and the 98th 250-255 for 98% of them (721 faces, every 40th), so the
/// expression models never saw a dim or washed-out face. A crop from a dark room or a hazy camera is stretched to match.
/// By hand: Skia has no image statistics, and a 48x48 histogram and lookup cost microseconds.
/// </summary>
public static class ContrastStretch
{
    /// <summary>A crop whose levels span less than this is left as it is: a flat patch has no contrast to restore.</summary>
    public const int MinimumSpan = 8;

    /// <summary>
    /// Maps the <paramref name="percent"/>-th and (100 − percent)-th percentiles of the crop's gray levels (luma, BT.601)
    /// to 0 and 255, clipping beyond, the same line for each colour channel; in place, on opaque 32-bit pixels.
    /// </summary>
    public static void Apply(SKBitmap image, float percent)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(percent);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(percent, 50f);
        if (image.ColorType != SKColorType.Rgba8888 && image.ColorType != SKColorType.Bgra8888)
        {
            throw new ArgumentException($"Expected 32-bit pixels, got {image.ColorType}.", nameof(image));
        }

        var pixels = image.GetPixelSpan();
        Span<int> histogram = stackalloc int[256];
        var count = image.Width * image.Height;
        for (var y = 0; y < image.Height; y++)
        {
            var row = pixels.Slice(y * image.RowBytes, image.Width * 4);
            for (var x = 0; x < row.Length; x += 4)
            {
                // R and B trade places in BGRA, and a gray face has them equal; the weights are close enough either way.
                histogram[((299 * row[x]) + (587 * row[x + 1]) + (114 * row[x + 2]) + 500) / 1000]++;
            }
        }

        var cut = (int)(count * percent / 100f);
        int low = 0, high = 255;
        for (var seen = histogram[0]; seen <= cut && low < 255; seen += histogram[++low])
        {
        }

        for (var seen = histogram[255]; seen <= cut && high > 0; seen += histogram[--high])
        {
        }

        if (high - low < MinimumSpan || (low == 0 && high == 255))
        {
            return;
        }

        Span<byte> map = stackalloc byte[256];
        for (var v = 0; v < 256; v++)
        {
            map[v] = (byte)Math.Clamp((int)MathF.Round((v - low) * 255f / (high - low)), 0, 255);
        }

        for (var y = 0; y < image.Height; y++)
        {
            var row = pixels.Slice(y * image.RowBytes, image.Width * 4);
            for (var x = 0; x < row.Length; x += 4)
            {
                row[x] = map[row[x]];
                row[x + 1] = map[row[x + 1]];
                row[x + 2] = map[row[x + 2]];
            }
        }
    }
}
