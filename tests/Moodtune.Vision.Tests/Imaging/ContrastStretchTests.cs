using Moodtune.Vision.Emotions;
using Moodtune.Vision.Evaluation.Perturbations;
using Moodtune.Vision.Alignment;
using Moodtune.Vision.Inference;
using Moodtune.Vision.Imaging;
using Moodtune.Vision.Tests.TestData;
using SkiaSharp;

namespace Moodtune.Vision.Tests.Imaging;

public class ContrastStretchTests
{
    [Fact]
    public void A_darkened_face_is_spread_back_over_the_full_range_close_to_the_original()
    {
        using var face = TestImages.AstronautFace();
        using var dark = new Exposure("dark", 0.4f).Apply(face, 1);
        using var original = SKBitmap.FromImage(face);
        using var darkened = SKBitmap.FromImage(dark.Image);
        ContrastStretch.Apply(original, 2f);
        var (_, darkHigh) = Range(darkened);

        ContrastStretch.Apply(darkened, 2f);

        Assert.True(darkHigh < 110, $"the darkened face reaches {darkHigh}");
        var (low, high) = Range(darkened);
        Assert.True(low <= 5 && high >= 250, $"{low}-{high}");
        // Both stretched, the darkened face and the original differ by little more than the darkening's rounding.
        Assert.True(MeanDifference(original, darkened) < 6, $"{MeanDifference(original, darkened)}");
    }

    [Fact]
    public void Two_percent_of_the_pixels_go_black_and_as_many_white_and_the_order_of_levels_is_kept()
    {
        // A ramp of 100 gray levels, 50..149, one column each.
        using var ramp = new SKBitmap(new SKImageInfo(100, 10, SKColorType.Rgba8888, SKAlphaType.Premul));
        for (var x = 0; x < 100; x++)
        {
            for (var y = 0; y < 10; y++)
            {
                ramp.SetPixel(x, y, new SKColor((byte)(50 + x), (byte)(50 + x), (byte)(50 + x)));
            }
        }

        ContrastStretch.Apply(ramp, 2f);

        var levels = Enumerable.Range(0, 100).Select(x => (int)ramp.GetPixel(x, 0).Red).ToArray();
        Assert.Equal(3, levels.Count(v => v == 0));
        Assert.Equal(3, levels.Count(v => v == 255));
        Assert.True(levels.Zip(levels.Skip(1)).All(p => p.First <= p.Second), string.Join(",", levels));
        Assert.Equal(255, ramp.GetPixel(0, 0).Alpha);
    }

    [Theory]
    [InlineData(90, 90)]
    [InlineData(100, 104)]
    public void A_flat_crop_is_left_as_it_is(byte first, byte second)
    {
        using var flat = new SKBitmap(new SKImageInfo(48, 48, SKColorType.Rgba8888, SKAlphaType.Premul));
        flat.Erase(new SKColor(first, first, first));
        using (var canvas = new SKCanvas(flat))
        {
            canvas.DrawRect(0, 0, 24, 48, new SKPaint { Color = new SKColor(second, second, second) });
        }

        ContrastStretch.Apply(flat, 2f);

        Assert.Equal(first, flat.GetPixel(40, 10).Red);
        Assert.Equal(second, flat.GetPixel(10, 10).Red);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(50f)]
    public void A_percentage_outside_0_to_50_is_refused(float percent)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(8, 8, SKColorType.Rgba8888, SKAlphaType.Premul));

        Assert.Throws<ArgumentOutOfRangeException>(() => ContrastStretch.Apply(bitmap, percent));
    }

    [Fact]
    public void The_default_model_reads_a_darkened_face_as_it_reads_the_face()
    {
        using var analyzer = new FaceAnalyzer();
        using var face = TestImages.AstronautFace();
        using var dark = new Exposure("dark", 0.4f).Apply(face, 1);

        var asItIs = analyzer.ClassifyFaceImage(face);
        var darkened = analyzer.ClassifyFaceImage(dark.Image);

        Assert.Equal(asItIs.Top, darkened.Top);
        Assert.Equal(asItIs[asItIs.Top], darkened[asItIs.Top], 0.05f);
    }

    [Theory]
    [InlineData("emotion-moodtune.onnx", true)]
    [InlineData("emotion-moodtune3.onnx", true)]
    [InlineData("emotion-minixception.onnx", false)]
    [InlineData("emotion-faceapi.onnx", false)]
    public void Our_networks_take_the_stretch_and_the_imported_ones_do_not(string file, bool stretches)
    {
        using var model = EmotionModel.Load(file, TestPaths.Model(file), InferenceSettings.Default);

        Assert.Equal(stretches, model.StretchesContrast);
    }

    [Fact]
    public void An_imported_network_reads_a_face_the_same_whatever_the_stretch_setting()
    {
        using var face = TestImages.AstronautFace();
        using var dark = new Exposure("dark", 0.4f).Apply(face, 1);
        using var stretched = new FaceAnalyzer(new VisionOptions { EmotionModel = "minixception" });
        using var plain = new FaceAnalyzer(new VisionOptions { EmotionModel = "minixception", Crop = new FaceCropOptions { ContrastPercent = 0 } });

        Assert.Equal(plain.ClassifyFaceImage(dark.Image).ToArray(), stretched.ClassifyFaceImage(dark.Image).ToArray());
    }

    private static (int Low, int High) Range(SKBitmap bitmap)
    {
        var reds = bitmap.Pixels.Select(p => (int)p.Red).Order().ToArray();
        return (reds[reds.Length / 100], reds[reds.Length - 1 - (reds.Length / 100)]);
    }

    private static double MeanDifference(SKBitmap a, SKBitmap b) =>
        a.Pixels.Zip(b.Pixels).Average(p => Math.Abs(p.First.Red - p.Second.Red));
}
