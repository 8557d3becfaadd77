using SkiaSharp;

namespace Moodtune.Vision.Imaging;

/// <summary>How images are shrunk into model inputs.</summary>
internal static class Resampling
{
    private static readonly SKSamplingOptions Bilinear = new(SKFilterMode.Linear, SKMipmapMode.None);
    private static readonly SKSamplingOptions Mipmapped = new(SKFilterMode.Linear, SKMipmapMode.Linear);

    /// <summary>
    /// Bilinear filtering reads 2x2 source pixels per output pixel: an exact average at half size, skipping some
    /// pixels below that (MediaPipe feeds BlazeFace plain bilinear at any scale). Mipmaps average properly at any
    /// scale, but Skia builds them on every draw (about 2 ms for a 640x480 frame), so they are kept for strong shrinking.
    /// </summary>
    public static SKSamplingOptions ForScale(float scale) => scale < 1f / 3 ? Mipmapped : Bilinear;
}
