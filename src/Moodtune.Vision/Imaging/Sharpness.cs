using SkiaSharp;

namespace Moodtune.Vision.Imaging;

/// <summary>How much fine detail an image holds, and an unsharp mask to give a blurred face some of it back.</summary>
public static class Sharpness
{
    /// <summary>
    /// The energy of the Laplacian over the energy of the gradient, on the green channel: a blur takes more from the
    /// second differences than from the first, and the ratio does not change with contrast or brightness. FER2013 train
    /// faces (1st-99th percentile, 2,000 faces): 2.3-7.5 as they are, 0.52-1.11 shrunk to 24 px and back, 0.22-0.45
    /// blurred with sigma 1.5 px. By hand: Skia has no image statistics, and a 48x48 loop costs microseconds.
    /// </summary>
    public static float Measure(SKBitmap image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.ColorType != SKColorType.Rgba8888 && image.ColorType != SKColorType.Bgra8888)
        {
            throw new ArgumentException($"Expected 32-bit pixels, got {image.ColorType}.", nameof(image));
        }

        ReadOnlySpan<byte> pixels = image.GetPixelSpan();
        int width = image.Width, height = image.Height, stride = image.RowBytes;
        double laplacian = 0, gradient = 0;
        for (var y = 1; y < height - 1; y++)
        {
            for (var x = 1; x < width - 1; x++)
            {
                var at = (y * stride) + (x * 4) + 1;
                int centre = pixels[at], left = pixels[at - 4], right = pixels[at + 4], up = pixels[at - stride], down = pixels[at + stride];
                double dx = (right - left) / 2.0, dy = (down - up) / 2.0;
                double second = left + right + up + down - (4 * centre);
                laplacian += second * second;
                gradient += (dx * dx) + (dy * dy);
            }
        }

        return gradient == 0 ? 0 : (float)(laplacian / gradient);
    }

    /// <summary>
    /// Unsharp mask in place: (1 + amount) x image - amount x its Gaussian blur of <paramref name="sigma"/> pixels,
    /// clipped to 0-255 (Skia's arithmetic image filter over its blur).
    /// </summary>
    public static void Sharpen(SKBitmap image, float sigma, float amount)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var copy = SKImage.FromPixelCopy(image.Info, image.GetPixels(), image.RowBytes)
            ?? throw new InvalidOperationException("Skia could not copy the pixels.");
        using var blur = SKImageFilter.CreateBlur(sigma, sigma, SKShaderTileMode.Clamp);
        using var filter = SKImageFilter.CreateArithmetic(0, 1 + amount, -amount, 0, true, blur, null);
        using var paint = new SKPaint { ImageFilter = filter };
        using var canvas = new SKCanvas(image);
        canvas.Clear(SKColors.Black);
        canvas.DrawImage(copy, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest, SKMipmapMode.None), paint);
    }
}
