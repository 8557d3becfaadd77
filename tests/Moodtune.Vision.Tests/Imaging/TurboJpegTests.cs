using Moodtune.Vision.Imaging;
using SkiaSharp;

namespace Moodtune.Vision.Tests.Imaging;

/// <summary>
/// The fast JPEG path must be invisible: the system's libjpeg-turbo gives exactly Skia's pixels, at every scale the
/// decoder uses, and refuses (so Skia decides) whatever is not a clean JPEG.
/// </summary>
public class TurboJpegTests
{
    public static TheoryData<string, int, int, SKJpegEncoderDownsample, bool> Encodings => new()
    {
        // A webcam-sized frame, odd sizes (partial MCUs at the right and bottom), each chroma subsampling, gray.
        { "astronaut.png", 640, 480, SKJpegEncoderDownsample.Downsample420, false },
        { "camera.png", 333, 211, SKJpegEncoderDownsample.Downsample420, false },
        { "astronaut.png", 257, 383, SKJpegEncoderDownsample.Downsample422, false },
        { "camera.png", 301, 299, SKJpegEncoderDownsample.Downsample444, false },
        { "astronaut.png", 219, 163, SKJpegEncoderDownsample.Downsample420, true },
    };

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Decodes_the_same_pixels_as_Skia_at_every_scale(string name, int width, int height, SKJpegEncoderDownsample downsample, bool gray)
    {
        RequireLibrary();
        var jpeg = Encode(name, width, height, downsample, gray);
        using var codec = SKCodec.Create(SKData.CreateCopy(jpeg));

        foreach (var scale in (ReadOnlySpan<float>)[1f, 0.5f, 0.25f, 0.125f])
        {
            var size = codec.GetScaledDimensions(scale);
            var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
            using var skia = new SKBitmap(info);
            using var turbo = new SKBitmap(info);
            Assert.Equal(SKCodecResult.Success, codec.GetPixels(info, skia.GetPixels()));

            Assert.True(TurboJpeg.TryDecode(jpeg, size.Width, size.Height, turbo.GetPixels(), turbo.RowBytes), $"{size.Width}x{size.Height}");

            var expected = skia.GetPixelSpan();
            var actual = turbo.GetPixelSpan();
            var firstDifference = expected.CommonPrefixLength(actual);
            Assert.True(
                firstDifference == expected.Length,
                $"{name} {width}x{height} at {size.Width}x{size.Height}: byte {firstDifference} differs");
        }
    }

    [Fact]
    public void Refuses_a_truncated_file_so_that_Skia_reports_it()
    {
        RequireLibrary();
        var jpeg = Encode("camera.png", 200, 200, SKJpegEncoderDownsample.Downsample420, gray: false);
        using var bitmap = new SKBitmap(200, 200);

        Assert.False(TurboJpeg.TryDecode(jpeg.AsSpan(0, jpeg.Length / 2), 200, 200, bitmap.GetPixels(), bitmap.RowBytes));
        Assert.True(TurboJpeg.TryDecode(jpeg, 200, 200, bitmap.GetPixels(), bitmap.RowBytes));
    }

    [Fact]
    public void Refuses_sizes_it_cannot_scale_to_and_other_formats()
    {
        RequireLibrary();
        var jpeg = Encode("camera.png", 200, 200, SKJpegEncoderDownsample.Downsample420, gray: false);
        using var bitmap = new SKBitmap(200, 200);

        Assert.False(TurboJpeg.TryDecode(jpeg, 150, 150, bitmap.GetPixels(), bitmap.RowBytes));
        Assert.False(TurboJpeg.TryDecode(jpeg, 200, 200, bitmap.GetPixels(), rowBytes: 100));

        using var image = SKImage.FromBitmap(bitmap);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        Assert.False(TurboJpeg.TryDecode(png.ToArray(), 200, 200, bitmap.GetPixels(), bitmap.RowBytes));
    }

    [Fact]
    public void Names_the_decoder_it_uses()
    {
        Assert.Contains(TurboJpeg.IsAvailable ? "libjpeg-turbo (" : "Skia", TurboJpeg.DecoderName, StringComparison.Ordinal);
    }

    private static void RequireLibrary()
    {
        if (!TurboJpeg.IsAvailable)
        {
            Assert.Skip("The system's libjpeg-turbo (Debian: libturbojpeg0) is absent: ./test.sh installs it; JPEG goes through Skia here.");
        }
    }

    private static byte[] Encode(string name, int width, int height, SKJpegEncoderDownsample downsample, bool gray)
    {
        using var source = SKBitmap.Decode(TestPaths.TestImage(name));
        using var scaled = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(scaled))
        {
            using var image = SKImage.FromBitmap(source);
            canvas.DrawImage(image, new SKRect(0, 0, width, height), new SKSamplingOptions(SKCubicResampler.Mitchell));
        }

        // A Gray8 bitmap encodes as a one-component JPEG, as grayscale photos and FER-style crops are stored.
        using var encoded = gray ? scaled.Copy(SKColorType.Gray8) : scaled.Copy();
        using var pixmap = encoded.PeekPixels()!;
        using var data = pixmap.Encode(new SKJpegEncoderOptions(85, downsample, SKJpegEncoderAlphaOption.Ignore))
            ?? throw new InvalidOperationException("Skia could not encode the test JPEG.");
        return data.ToArray();
    }
}
