using System.Runtime.InteropServices;
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

    /// <summary>Whether <see cref="HalvingScaler"/> halves first at this scale: below half, where bilinear skips pixels, and down to the mipmaps' third.</summary>
    public static bool HalvesFirst(float scale) => scale is >= 1f / 3 and < 0.5f;
}

/// <summary>
/// Draws an image shrunk by a scale between a third and a half as an exact 2x2 average first and then bilinear at twice
/// the scale, which reads every source pixel. Plain bilinear at 0.4 reads 2x2 pixels of every 2.5x2.5 and aliased
/// distant faces away in the back detector's input of a 640-pixel frame (issue 17, 1,000 val images of the far camera
/// scene in 640-px frames: 792 faces found and 53.1% read right, against 853 and 57.0% with the halving;
/// models/README.md "Far faces and the frame width"); mipmaps, the other proper filter, are built on every draw. The
/// halving is written by hand: Skia's own half-size draw takes 0.6 ms for a 320x240 frame here, the loop below 0.07 ms.
/// Keeps its half-size bitmap between draws; not thread-safe.
/// </summary>
internal sealed class HalvingScaler : IDisposable
{
    private SKBitmap? _half;

    /// <summary>Draws <paramref name="image"/> into <paramref name="destination"/> on <paramref name="canvas"/>, <paramref name="scale"/> being destination over image size.</summary>
    public void Draw(SKCanvas canvas, SKImage image, SKRect destination, float scale)
    {
        using var pixels = Resampling.HalvesFirst(scale) ? image.PeekPixels() : null;
        if (pixels is not { ColorType: SKColorType.Rgba8888 or SKColorType.Bgra8888 })
        {
            // Not a case for halving, or pixels that are not 8-bit RGBA in memory (the decoder's frames always are).
            canvas.DrawImage(image, destination, Resampling.ForScale(scale));
            return;
        }

        var info = new SKImageInfo((image.Width + 1) / 2, (image.Height + 1) / 2, pixels.ColorType, pixels.AlphaType);
        if (_half is null || _half.Info != info)
        {
            _half?.Dispose();
            _half = new SKBitmap(info);
        }

        Halve(pixels, _half);
        using var halved = SKImage.FromPixels(_half.PeekPixels());
        canvas.DrawImage(halved, SKRect.Create(image.Width / 2f, image.Height / 2f), destination, Resampling.ForScale(2 * scale));
    }

    public void Dispose() => _half?.Dispose();

    // Each target pixel is the rounded mean of its 2x2 source block, channel by channel (premultiplied values average
    // correctly); an odd last row or column is averaged with itself. Two channels at a time in the 16-bit halves of a
    // uint: four sums of 255 fit in 10 bits, so the lanes never carry into each other.
    internal static void Halve(SKPixmap source, SKBitmap target)
    {
        const uint Lanes = 0x00FF00FF;
        const uint Half = 0x00020002;
        ReadOnlySpan<uint> from = MemoryMarshal.Cast<byte, uint>(source.GetPixelSpan());
        var to = MemoryMarshal.Cast<byte, uint>(target.GetPixelSpan());
        int width = source.Width, height = source.Height, stride = source.RowBytes / 4, targetStride = target.RowBytes / 4;
        for (var y = 0; y < target.Height; y++)
        {
            var top = from.Slice(2 * y * stride, width);
            var bottom = from.Slice(Math.Min((2 * y) + 1, height - 1) * stride, width);
            var row = to.Slice(y * targetStride, target.Width);
            for (var x = 0; x < row.Length; x++)
            {
                var left = 2 * x;
                var right = Math.Min(left + 1, width - 1);
                uint a = top[left], b = top[right], c = bottom[left], d = bottom[right];
                var even = (((a & Lanes) + (b & Lanes) + (c & Lanes) + (d & Lanes) + Half) >> 2) & Lanes;
                var odd = ((((a >> 8) & Lanes) + ((b >> 8) & Lanes) + ((c >> 8) & Lanes) + ((d >> 8) & Lanes) + Half) >> 2) & Lanes;
                row[x] = even | (odd << 8);
            }
        }
    }
}
