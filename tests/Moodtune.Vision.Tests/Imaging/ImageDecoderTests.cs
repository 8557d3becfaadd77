using System.Buffers.Binary;
using Moodtune.Tests;
using Moodtune.Vision.Imaging;
using SkiaSharp;

namespace Moodtune.Vision.Tests.Imaging;

public class ImageDecoderTests
{
    [Theory]
    [InlineData(SKEncodedImageFormat.Jpeg)]
    [InlineData(SKEncodedImageFormat.Png)]
    [InlineData(SKEncodedImageFormat.Webp)]
    public void Decode_reads_supported_formats(SKEncodedImageFormat format)
    {
        var encoded = Encode(Gradient(40, 30), format);

        using var image = ImageDecoder.Decode(encoded);

        Assert.Equal(40, image.Width);
        Assert.Equal(30, image.Height);
    }

    [Fact]
    public void Decode_reads_bmp()
    {
        using var image = ImageDecoder.Decode(Bmp24(3, 2));

        Assert.Equal((3, 2), (image.Width, image.Height));
    }

    [Fact]
    public void Decode_rejects_empty_input()
    {
        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode([]));

        Assert.Equal(ImageProblem.Empty, error.Problem);
    }

    [Fact]
    public void Decode_rejects_a_text_file_as_unsupported()
    {
        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode("hello, this is not an image"u8));

        Assert.Equal(ImageProblem.UnsupportedFormat, error.Problem);
    }

    [Fact]
    public void Decode_rejects_a_truncated_jpeg()
    {
        var encoded = Encode(Gradient(200, 200), SKEncodedImageFormat.Jpeg);

        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(encoded.AsSpan(0, encoded.Length / 2)));

        Assert.Equal(ImageProblem.Corrupt, error.Problem);
        Assert.Contains("truncated", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Decode_rejects_a_decompression_bomb_from_its_header()
    {
        var bomb = BadImages.PngDeclaring(20_000, 20_000);

        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(bomb));

        Assert.Equal(ImageProblem.TooLarge, error.Problem);
        Assert.Contains("20000x20000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_rejects_input_over_the_byte_limit()
    {
        var encoded = Encode(Gradient(64, 64), SKEncodedImageFormat.Png);

        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(encoded, new ImageLimits { MaxEncodedBytes = 10 }));

        Assert.Equal(ImageProblem.TooLarge, error.Problem);
    }

    [Fact]
    public void Decode_reads_a_progressive_jpeg_of_ten_scans()
    {
        var jpeg = File.ReadAllBytes(TestPaths.TestImage("astronaut-progressive-10-scans.jpg"));

        using var image = ImageDecoder.Decode(jpeg);

        Assert.Equal(10, JpegScans.Count(jpeg));
        Assert.Equal((96, 96), (image.Width, image.Height));
    }

    [Fact]
    public void Decode_refuses_a_jpeg_of_more_scans_than_the_limit_before_decoding_it()
    {
        // Legal, and decoded when the limit allows it: the count refuses it, not damage.
        var jpeg = File.ReadAllBytes(TestPaths.TestImage("astronaut-progressive-100-scans.jpg"));

        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(jpeg));
        using var allowed = ImageDecoder.Decode(jpeg, new ImageLimits { MaxJpegScans = 100 });

        Assert.Equal(ImageProblem.TooLarge, error.Problem);
        Assert.Contains("more than 64 scans", error.Message, StringComparison.Ordinal);
        Assert.Equal(100, JpegScans.Count(jpeg));
        Assert.Equal((96, 96), (allowed.Width, allowed.Height));
    }

    [Fact]
    public void Scans_are_counted_from_the_markers_not_from_scan_like_bytes_in_other_segments_or_after_the_image()
    {
        var jpeg = File.ReadAllBytes(TestPaths.TestImage("astronaut-progressive-10-scans.jpg"));
        // An APP15 segment full of FF DA pairs after SOI, and another image's scans appended after EOI.
        var payload = Enumerable.Repeat(new byte[] { 0xFF, 0xDA }, 500).SelectMany(b => b).ToArray();
        byte[] app = [0xFF, 0xEF, (byte)((payload.Length + 2) >> 8), (byte)(payload.Length + 2), .. payload];
        byte[] padded = [.. jpeg[..2], .. app, .. jpeg[2..], .. jpeg];

        Assert.Equal(10, JpegScans.Count(padded));
        Assert.Equal(1, JpegScans.Count(Encode(Gradient(64, 64), SKEncodedImageFormat.Jpeg)));
        using var image = ImageDecoder.Decode(padded);
        Assert.Equal(96, image.Width);
    }

    [Fact]
    public void Decode_downscales_large_jpeg_at_decode_time_when_asked()
    {
        var encoded = Encode(Gradient(1280, 960), SKEncodedImageFormat.Jpeg);

        using var image = ImageDecoder.Decode(encoded, new ImageLimits { DecodeLongSideAtLeast = 320 });

        Assert.Equal((320, 240), (image.Width, image.Height));
    }

    [Fact]
    public void FromPixels_converts_each_layout_to_the_same_colour()
    {
        using var rgb = ImageDecoder.FromPixels([10, 20, 30], 1, 1, PixelLayout.Rgb888);
        using var bgr = ImageDecoder.FromPixels([30, 20, 10], 1, 1, PixelLayout.Bgr888);
        using var bgra = ImageDecoder.FromPixels([30, 20, 10, 0], 1, 1, PixelLayout.Bgra8888);

        foreach (var image in new[] { rgb, bgr, bgra })
        {
            Assert.Equal(new SKColor(10, 20, 30), Pixel(image, 0, 0));
        }
    }

    [Fact]
    public void FromPixels_honours_the_stride()
    {
        byte[] gray = [1, 2, 99, 3, 4, 99];

        using var image = ImageDecoder.FromPixels(gray, 2, 2, PixelLayout.Gray8, stride: 3);

        Assert.Equal(new SKColor(4, 4, 4), Pixel(image, 1, 1));
    }

    [Fact]
    public void FromPixels_rejects_a_buffer_too_small_for_the_size()
    {
        var error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.FromPixels(new byte[10], 4, 4, PixelLayout.Rgba8888));

        Assert.Equal(ImageProblem.InvalidPixels, error.Problem);
    }

    internal static SKBitmap Gradient(int width, int height)
    {
        var bitmap = new SKBitmap(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                bitmap.SetPixel(x, y, new SKColor((byte)(x * 255 / width), (byte)(y * 255 / height), 128));
            }
        }

        return bitmap;
    }

    internal static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format)
    {
        using (bitmap)
        {
            using var data = bitmap.Encode(format, 90);
            return data.ToArray();
        }
    }

    private static SKColor Pixel(SKImage image, int x, int y)
    {
        using var bitmap = SKBitmap.FromImage(image);
        return bitmap.GetPixel(x, y);
    }

    private static byte[] Bmp24(int width, int height)
    {
        var rowBytes = ((width * 3) + 3) & ~3;
        var size = 54 + (rowBytes * height);
        var bmp = new byte[size];
        "BM"u8.CopyTo(bmp);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(2), size);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(10), 54);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(18), width);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(22), height);
        BinaryPrimitives.WriteInt16LittleEndian(bmp.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(bmp.AsSpan(28), 24);
        return bmp;
    }
}
