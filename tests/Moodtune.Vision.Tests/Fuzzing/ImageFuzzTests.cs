using System.Diagnostics;
using Moodtune.Vision.Imaging;

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

    [Fact]
    public void Mutated_uploads_give_an_analysis_or_an_ImageDecodeException_never_anything_else()
    {
        var mutator = new ByteMutator(FuzzImages.Seeds(), FuzzImages.Tokens);
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

    public sealed class Engine : IDisposable
    {
        // The engine's own limit, lowered so that a mutated header declaring millions of pixels is refused rather than
        // decoded at length: what the fuzzer looks for is the decoders' robustness, not their speed on huge images.
        public static readonly ImageLimits Limits = new() { MaxPixels = 2_000_000 };

        public FaceAnalyzer Analyzer { get; } = new(new VisionOptions { Limits = Limits });

        public void Dispose() => Analyzer.Dispose();
    }
}
