using System.Text;
using SkiaSharp;

namespace Moodtune.Tests;

/// <summary>
/// Seed uploads for the image fuzzers: small JPEG (one with an EXIF rotation), PNG, WebP, BMP and GIF files, and pieces
/// of those formats worth inserting whole. Small seeds keep each case fast and let mutations land in headers and
/// entropy-coded data alike.
/// </summary>
internal static class FuzzImages
{
    public static IReadOnlyList<byte[]> Tokens { get; } =
    [
        [0xFF, 0xD8], [0xFF, 0xD9], [0xFF, 0xC0], [0xFF, 0xC2], [0xFF, 0xC4], [0xFF, 0xDA], [0xFF, 0xDB], [0xFF, 0xDD, 0x00, 0x04, 0xFF, 0xFF],
        [0xFF, 0xE1, 0xFF, 0xFF, .. "Exif\0\0"u8], .. new[] { "IHDR", "IDAT", "IEND", "PLTE", "tRNS", "acTL", "RIFF", "WEBP", "VP8 ", "VP8L", "VP8X", "GIF89a", "NETSCAPE2.0", "BM" }.Select(Encoding.ASCII.GetBytes),
    ];

    public static byte[][] Seeds()
    {
        using var photo = SKImage.FromEncodedData(TestPaths.TestImage("astronaut.png"));
        using var camera = SKImage.FromEncodedData(TestPaths.TestImage("camera.png"));
        var jpeg = Encode(photo, 192, 144, SKEncodedImageFormat.Jpeg);
        return
        [
            jpeg,
            WithExifOrientation(jpeg, 6),
            Encode(camera, 120, 120, SKEncodedImageFormat.Jpeg),
            Encode(photo, 192, 144, SKEncodedImageFormat.Png),
            Encode(camera, 120, 120, SKEncodedImageFormat.Png),
            Encode(photo, 192, 144, SKEncodedImageFormat.Webp),
            Bmp(24, 16),
            Convert.FromBase64String("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw=="),
            BadImages.PngDeclaring(1, 1),
        ];
    }

    private static byte[] Encode(SKImage image, int width, int height, SKEncodedImageFormat format)
    {
        using var scaled = new SKBitmap(new SKImageInfo(width, height));
        using (var canvas = new SKCanvas(scaled))
        {
            canvas.DrawImage(image, SKRect.Create(width, height), new SKSamplingOptions(SKFilterMode.Linear));
        }

        using var data = scaled.Encode(format, 80);
        return data.ToArray();
    }

    // An APP1 segment after SOI whose one IFD entry is the orientation tag (0x0112): the decoder must rotate.
    private static byte[] WithExifOrientation(byte[] jpeg, ushort orientation)
    {
        byte[] exif =
        [
            0xFF, 0xE1, 0x00, 0x22, .. "Exif\0\0"u8,
            (byte)'M', (byte)'M', 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08,
            0x00, 0x01, 0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, (byte)(orientation >> 8), (byte)orientation, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00,
        ];
        return [.. jpeg.AsSpan(0, 2), .. exif, .. jpeg.AsSpan(2)];
    }

    // SkiaSharp encodes no BMP: a bottom-up 24-bit BMP with a colour ramp, written by hand.
    private static byte[] Bmp(int width, int height)
    {
        var rowBytes = (width * 3 + 3) & ~3;
        var bmp = new byte[54 + rowBytes * height];
        using var writer = new BinaryWriter(new MemoryStream(bmp));
        writer.Write("BM"u8);
        writer.Write(bmp.Length);
        writer.Write(0);
        writer.Write(54);
        writer.Write(40);
        writer.Write(width);
        writer.Write(height);
        writer.Write((short)1);
        writer.Write((short)24);
        writer.Write(0);
        writer.Write(rowBytes * height);
        writer.Write(2835);
        writer.Write(2835);
        writer.Write(0L);
        for (var i = 54; i < bmp.Length; i++)
        {
            bmp[i] = (byte)(i * 7);
        }

        return bmp;
    }
}
