using System.Diagnostics;
using System.Text;
using Moodtune.Vision.Imaging;
using Moodtune.Vision.Tests.TestData;
using SkiaSharp;

namespace Moodtune.Vision.Tests.Fuzzing;

/// <summary>
/// Uploads as a hostile or broken client sends them: mutated JPEG, PNG, WebP, BMP and GIF files through the decoder and
/// the engine the web app uses. Each must give an analysis or an <see cref="ImageDecodeException"/> (the 400/422 the
/// web app answers), never another exception, never a hang, and the process must not grow on what failed.
/// </summary>
public sealed class ImageFuzzTests(ImageFuzzTests.Engine engine) : IClassFixture<ImageFuzzTests.Engine>
{
    private const int Seed = 20261204;
    private const int Cases = 1500;

    // A clean 192x144 photo analyses in milliseconds; 10 s means stuck, even on a busy 2-core runner.
    private static readonly TimeSpan PerCase = TimeSpan.FromSeconds(10);

    // Decoding at a reduced scale (what camera frames do) takes TurboJPEG's scaled path and Skia's sampled one.
    private static readonly ImageLimits CameraLimits = Engine.Limits with { DecodeLongSideAtLeast = 64 };

    private static readonly byte[][] Tokens =
    [
        [0xFF, 0xD8], [0xFF, 0xD9], [0xFF, 0xC0], [0xFF, 0xC2], [0xFF, 0xC4], [0xFF, 0xDA], [0xFF, 0xDB], [0xFF, 0xDD, 0x00, 0x04, 0xFF, 0xFF],
        [0xFF, 0xE1, 0xFF, 0xFF, .. "Exif\0\0"u8], .. new[] { "IHDR", "IDAT", "IEND", "PLTE", "tRNS", "acTL", "RIFF", "WEBP", "VP8 ", "VP8L", "VP8X", "GIF89a", "NETSCAPE2.0", "BM" }.Select(Encoding.ASCII.GetBytes),
    ];

    [Fact]
    public void Mutated_uploads_give_an_analysis_or_an_ImageDecodeException_never_anything_else()
    {
        var mutator = new ByteMutator(Seeds(), Tokens);
        var memoryBefore = ProcessMemory();

        var summary = FuzzRun.Run(mutator, Seed, Cases, PerCase, Analyze, e => e is ImageDecodeException decode ? $"refused ({decode.Problem})" : null);

        Assert.True(summary.Failures.Count == 0, string.Join("\n\n", summary.Failures));
        Assert.True(summary.Outcomes.GetValueOrDefault("analysed") > summary.Cases / 10, $"too few mutants decoded to exercise the engine: {summary}");

        // Native decoders (libpng, libjpeg-turbo, libwebp) allocate outside the GC: a leak on the error paths shows as growth.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var grown = ProcessMemory() - memoryBefore;
        TestContext.Current.TestOutputHelper?.WriteLine($"{summary}; the process grew {grown / (1024 * 1024)} MiB");
        Assert.True(grown < 300L * 1024 * 1024, $"the process grew {grown / (1024 * 1024)} MiB over {summary.Cases} mutated images: {summary}");
    }

    private string Analyze(FuzzInput mutant)
    {
        // Half the PNG mutants get their checksums repaired, so the damage reaches libpng's parser instead of its CRC check.
        var input = mutant.Number % 2 == 0 ? BadImages.WithPngCrcsFixed(mutant.Bytes) : mutant.Bytes;
        if (mutant.Number % 3 == 0)
        {
            using var image = ImageDecoder.Decode(input, CameraLimits);
            engine.Analyzer.Analyze(image);
        }
        else
        {
            engine.Analyzer.Analyze(input);
        }

        return "analysed";
    }

    private static long ProcessMemory()
    {
        using var process = Process.GetCurrentProcess();
        return process.PrivateMemorySize64;
    }

    // Small seeds keep each case fast and let mutations land in headers and entropy-coded data alike.
    private static byte[][] Seeds()
    {
        using var photo = TestImages.Load(TestImages.Astronaut);
        using var small = TestImages.Compose(192, 144, SKColors.Black, (photo, new SKRect(0, 0, 192, 144)));
        using var camera = TestImages.Load(TestImages.Camera);
        using var gray = TestImages.Compose(120, 120, SKColors.Black, (camera, new SKRect(0, 0, 120, 120)));
        var jpeg = Encode(small, SKEncodedImageFormat.Jpeg);
        return
        [
            jpeg,
            WithExifOrientation(jpeg, 6),
            Encode(gray, SKEncodedImageFormat.Jpeg),
            Encode(small, SKEncodedImageFormat.Png),
            Encode(gray, SKEncodedImageFormat.Png),
            Encode(small, SKEncodedImageFormat.Webp),
            Bmp(24, 16),
            Convert.FromBase64String("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw=="),
            BadImages.PngDeclaring(1, 1),
        ];
    }

    private static byte[] Encode(SKImage image, SKEncodedImageFormat format)
    {
        using var data = image.Encode(format, 80);
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

    public sealed class Engine : IDisposable
    {
        // The engine's own limit, lowered so that a mutated header declaring millions of pixels is refused rather than
        // decoded at length: what the fuzzer looks for is the decoders' robustness, not their speed on huge images.
        public static readonly ImageLimits Limits = new() { MaxPixels = 2_000_000 };

        public FaceAnalyzer Analyzer { get; } = new(new VisionOptions { Limits = Limits });

        public void Dispose() => Analyzer.Dispose();
    }
}
