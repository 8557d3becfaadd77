using Moodtune.Mood;
using Moodtune.Vision.Evaluation.Perturbations;
using Moodtune.Vision.Imaging;
using Moodtune.Vision.Tests.TestData;
using SkiaSharp;

namespace Moodtune.Vision.Tests.Imaging;

public class SharpnessTests
{
    private const int Side = 48;

    [Fact]
    public void A_blurred_face_measures_far_less_detail_than_the_sharp_one_whatever_its_contrast()
    {
        using var face = TestImages.AstronautFace();
        using var blurred = new GaussianBlur(1.5f).Apply(face, 1);
        using var dark = new Exposure("dark", 0.4f).Apply(face, 1);

        var sharp = Measure(face);
        Assert.InRange(sharp, 1.2, 10);
        Assert.True(Measure(blurred.Image) < sharp / 3, $"{Measure(blurred.Image)} vs {sharp}");
        Assert.Equal(sharp, Measure(dark.Image), 0.35 * sharp);
    }

    [Fact]
    public void Sharpen_gives_a_blurred_face_detail_back_and_leaves_a_flat_image_flat()
    {
        using var face = TestImages.AstronautFace();
        using var blurred = new GaussianBlur(1.5f).Apply(face, 1);
        using var bitmap = SKBitmap.FromImage(blurred.Image);
        var before = Sharpness.Measure(bitmap);

        Sharpness.Sharpen(bitmap, 1f, 2f);

        Assert.True(Sharpness.Measure(bitmap) > 1.5 * before, $"{Sharpness.Measure(bitmap)} vs {before}");

        using var flat = new SKBitmap(new SKImageInfo(Side, Side, SKColorType.Rgba8888, SKAlphaType.Premul));
        flat.Erase(new SKColor(90, 90, 90));
        Sharpness.Sharpen(flat, 1f, 2f);
        Assert.All(Enumerable.Range(0, Side * Side), i => Assert.InRange(flat.GetPixel(i % Side, i / Side).Green, 89, 91));
    }

    [Fact]
    public void Sharpening_blurred_faces_leaves_sharp_faces_untouched_and_changes_blurred_ones()
    {
        var plain = new VisionOptions { ModelsDirectory = TestPaths.ModelsDir };
        using var without = new FaceAnalyzer(plain);
        using var with = new FaceAnalyzer(plain with { Crop = plain.Crop with { SharpenBelow = 1.2f, SharpenSigma = 1f, SharpenAmount = 2f } });
        using var face = TestImages.AstronautFace();
        using var blurred = new GaussianBlur(1.5f).Apply(face, 1);

        Assert.Equal(without.ClassifyFaceImage(face)[Emotion.Happy], with.ClassifyFaceImage(face)[Emotion.Happy]);
        Assert.NotEqual(without.ClassifyFaceImage(blurred.Image)[Emotion.Happy], with.ClassifyFaceImage(blurred.Image)[Emotion.Happy]);
    }

    private static double Measure(SKImage image)
    {
        using var bitmap = SKBitmap.FromImage(image);
        return Sharpness.Measure(bitmap);
    }
}
