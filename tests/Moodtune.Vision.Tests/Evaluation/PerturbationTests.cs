using Moodtune.Vision.Detection;
using Moodtune.Vision.Evaluation;
using Moodtune.Vision.Evaluation.Perturbations;
using Moodtune.Vision.Imaging;
using Moodtune.Vision.Tests.TestData;
using SkiaSharp;

namespace Moodtune.Vision.Tests.Evaluation;

public class PerturbationTests
{
    private const int Side = 48;

    [Fact]
    public void Standard_set_starts_with_none_and_names_each_condition_once()
    {
        var names = Perturbation.Standard.Select(p => p.Name).ToList();

        Assert.Equal(["none", "dark", "overexposed", "blur", "jpeg", "roll", "lowres", "camera", "far"], names);
        Assert.Equal([false, false, false, false, false, false, false, true, true], Perturbation.Standard.Select(p => p.NeedsDetection));
    }

    [Fact]
    public void Seeds_depend_only_on_the_key()
    {
        // A fixed value: the same in every process (string.GetHashCode would not be) and on every machine.
        Assert.Equal(Perturbation.SeedOf("blur/happy/PublicTest_1.jpg"), Perturbation.SeedOf("blur/happy/PublicTest_1.jpg"));
        Assert.NotEqual(Perturbation.SeedOf("blur/happy/PublicTest_1.jpg"), Perturbation.SeedOf("blur/happy/PublicTest_2.jpg"));
        Assert.Equal(BitConverter.ToInt32(System.Security.Cryptography.SHA256.HashData("a"u8), 0), Perturbation.SeedOf("a"));
    }

    [Fact]
    public void None_keeps_every_pixel()
    {
        using var face = Noise(1);
        using var result = new Unchanged().Apply(face, 7);

        Assert.Null(result.Face);
        Assert.Equal(Gray(face), Gray(result.Image));
    }

    [Theory]
    [InlineData(0.4f)]
    [InlineData(1.8f)]
    public void Exposure_scales_pixel_values_and_clips_at_255(float factor)
    {
        using var face = Ramp();
        using var result = new Exposure("test", factor).Apply(face, 1);

        var before = Gray(face);
        var after = Gray(result.Image);
        for (var i = 0; i < before.Length; i++)
        {
            Assert.InRange(after[i], Math.Min(255, (before[i] * factor) - 1), Math.Min(255, (before[i] * factor) + 1));
        }

        Assert.Equal(factor > 1, after.Count(v => v == 255) > before.Count(v => v == 255) + 100);
    }

    [Fact]
    public void Blur_removes_high_frequencies_and_keeps_the_mean()
    {
        using var face = Noise(2);
        using var result = new GaussianBlur(1.5f).Apply(face, 1);

        var before = Gray(face);
        var after = Gray(result.Image);

        // White noise loses most of its neighbour-to-neighbour differences under a sigma-1.5 blur (to under a tenth).
        Assert.True(HighFrequencyEnergy(after) < HighFrequencyEnergy(before) / 10, $"{HighFrequencyEnergy(after)} vs {HighFrequencyEnergy(before)}");
        Assert.InRange(after.Average(), before.Average() - 2, before.Average() + 2);
    }

    [Fact]
    public void Blur_spreads_a_point_as_a_gaussian_of_its_sigma()
    {
        using var point = Render(Side, Side, SKColors.Black, canvas => canvas.DrawRect(24, 24, 1, 1, new SKPaint { Color = SKColors.White }));
        using var result = new GaussianBlur(1.5f).Apply(point, 1);

        // The second moment of the spread light about the point is sigma squared on each axis.
        var gray = Gray(result.Image);
        double total = 0, moment = 0;
        for (var y = 0; y < Side; y++)
        {
            for (var x = 0; x < Side; x++)
            {
                total += gray[(y * Side) + x];
                moment += gray[(y * Side) + x] * ((x - 24) * (x - 24));
            }
        }

        Assert.InRange(moment / total, 1.5 * 1.5 * 0.8, 1.5 * 1.5 * 1.2);
    }

    [Fact]
    public void Jpeg_quality_20_loses_more_than_quality_95()
    {
        using var face = Noise(3);
        using var low = new JpegRecompression(20).Apply(face, 1);
        using var high = new JpegRecompression(95).Apply(face, 1);

        var original = Gray(face);
        Assert.Equal((Side, Side), (low.Image.Width, low.Image.Height));
        Assert.True(MeanAbsoluteDifference(original, Gray(low.Image)) > 2 * MeanAbsoluteDifference(original, Gray(high.Image)));
    }

    [Fact]
    public void Roll_moves_a_marked_pixel_to_its_rotated_place_either_way()
    {
        var roll = new Roll(15);
        var angles = Enumerable.Range(0, 20).Select(roll.AngleFor).ToList();
        Assert.Contains(15f, angles);
        Assert.Contains(-15f, angles);
        Assert.All(angles, a => Assert.Equal(15f, Math.Abs(a)));

        foreach (var seed in new[] { angles.IndexOf(15f), angles.IndexOf(-15f) })
        {
            // A white 2x2 mark centred 14 px right of the centre (24, 24): it turns on a circle of radius 14.
            using var marked = Render(Side, Side, SKColors.Black, canvas => canvas.DrawRect(37, 23, 2, 2, new SKPaint { Color = SKColors.White }));
            using var result = roll.Apply(marked, seed);

            var radians = roll.AngleFor(seed) * MathF.PI / 180;
            var (x, y) = Centroid(Gray(result.Image));
            Assert.Equal(24 + (14 * MathF.Cos(radians)), x, 0.3f);
            Assert.Equal(24 + (14 * MathF.Sin(radians)), y, 0.3f);
        }
    }

    [Fact]
    public void Roll_fills_the_uncovered_corners_with_the_edge_not_black()
    {
        using var white = Render(Side, Side, SKColors.White, _ => { });
        using var result = new Roll(15).Apply(white, 1);

        Assert.All(Gray(result.Image), v => Assert.Equal(255, v));
    }

    [Fact]
    public void Lowres_removes_detail_finer_than_24_pixels_and_keeps_coarse_shapes()
    {
        var lowres = new Downscale(24);
        using var checkerboard = Render(Side, Side, SKColors.Black, canvas =>
        {
            using var white = new SKPaint { Color = SKColors.White };
            for (var y = 0; y < Side; y++)
            {
                for (var x = (y % 2); x < Side; x += 2)
                {
                    canvas.DrawRect(x, y, 1, 1, white);
                }
            }
        });
        using var flat = lowres.Apply(checkerboard, 1);
        using var ramp = Ramp();
        using var smooth = lowres.Apply(ramp, 1);

        Assert.Equal((Side, Side), (flat.Image.Width, flat.Image.Height));
        Assert.All(Gray(flat.Image), v => Assert.InRange(v, 120, 135));
        Assert.True(MeanAbsoluteDifference(Gray(ramp), Gray(smooth.Image)) < 3);
    }

    [Fact]
    public void Camera_scene_places_the_face_in_a_320x240_frame_where_it_says()
    {
        using var face = TestImages.AstronautFace();
        var near = CameraScene.Near;
        using var scene = near.Apply(face, 11);
        using var again = near.Apply(face, 11);
        using var other = near.Apply(face, 12);

        Assert.Equal((320, 240), (near.FrameWidth, near.FrameHeight));
        Assert.Equal((near.FrameWidth, near.FrameHeight), (scene.Image.Width, scene.Image.Height));
        var box = Assert.IsType<FaceBox>(scene.Face);
        Assert.InRange(box.Width, near.MinFaceSide / 2, near.MaxFaceSide / 2);
        Assert.Equal(box.Width, box.Height, 0.001f);
        Assert.Equal(box, box.ClampTo(near.FrameWidth, near.FrameHeight));
        Assert.Equal(Gray(scene.Image), Gray(again.Image));
        Assert.NotEqual(scene.Face, other.Face);

        // The frame's pixels inside the box are the face, shrunk: close to the face drawn at that size directly.
        var area = SKRectI.Round(SKRect.Create(box.X + 2, box.Y + 2, box.Width - 4, box.Height - 4));
        using var inFrame = TestImages.Crop(scene.Image, area);
        using var expected = Render(area.Width, area.Height, SKColors.Black, canvas =>
            canvas.DrawImage(face, SKRect.Create(-2, -2, box.Width, box.Height), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear)));
        Assert.True(MeanAbsoluteDifference(Gray(expected), Gray(inFrame)) < 12, $"{MeanAbsoluteDifference(Gray(expected), Gray(inFrame))}");
    }

    [Fact]
    public void Far_scene_draws_a_smaller_face_and_a_wider_frame_keeps_its_place_in_more_pixels()
    {
        using var face = TestImages.AstronautFace();
        var far = CameraScene.Far;
        var wide = far.WithFrameWidth(640);
        using var scene = far.Apply(face, 5);
        using var sharp = wide.Apply(face, 5);

        var box = Assert.IsType<FaceBox>(scene.Face);
        Assert.InRange(box.Width, 48 / 2f, 80 / 2f);
        Assert.Equal(("far", 640, 480), (wide.Name, sharp.Image.Width, sharp.Image.Height));
        Assert.Contains("48-80 px, sent at 640x480", wide.Description, StringComparison.Ordinal);
        var wideBox = Assert.IsType<FaceBox>(sharp.Face);
        Assert.Equal((box.X * 2, box.Y * 2, box.Width * 2), (wideBox.X, wideBox.Y, wideBox.Width));

        // More of the face's detail survives in the wider frame: its crop is closer to the face itself.
        double Error(PerturbedImage sent, FaceBox at)
        {
            using var crop = TestImages.Crop(sent.Image, SKRectI.Round(SKRect.Create(at.X, at.Y, at.Width, at.Height)));
            using var both = Render(48, 48, SKColors.Black, canvas => canvas.DrawImage(crop, SKRect.Create(48, 48), new SKSamplingOptions(SKCubicResampler.Mitchell)));
            using var original = Render(48, 48, SKColors.Black, canvas => canvas.DrawImage(face, SKRect.Create(48, 48), new SKSamplingOptions(SKCubicResampler.Mitchell)));
            return MeanAbsoluteDifference(Gray(original), Gray(both));
        }

        Assert.True(Error(sharp, wideBox) < Error(scene, box), $"640: {Error(sharp, wideBox)}, 320: {Error(scene, box)}");
    }

    [Theory]
    [InlineData(0f, 80f, 320)]
    [InlineData(80f, 48f, 320)]
    [InlineData(48f, 480f, 320)]
    [InlineData(48f, 80f, 32)]
    [InlineData(48f, 80f, 1280)]
    public void Camera_scene_refuses_sizes_it_cannot_draw(float minSide, float maxSide, int frameWidth) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new CameraScene("test", minSide, maxSide, frameWidth));

    [Fact]
    public void Camera_scene_face_is_found_by_the_detector_where_it_was_placed()
    {
        using var analyzer = new FaceAnalyzer(new VisionOptions { ModelsDirectory = TestPaths.ModelsDir });
        using var face = TestImages.AstronautFace();

        for (var seed = 0; seed < 3; seed++)
        {
            using var scene = CameraScene.Near.Apply(face, seed);
            var found = analyzer.OpenFeed().Analyze(scene.Image).PrimaryFace;

            Assert.NotNull(found);
            Assert.True(found.Box.IntersectionOverUnion(scene.Face!.Value) >= DetectionScore.MatchIoU, $"seed {seed}: {found.Box} vs {scene.Face}");
        }
    }

    private static SKImage Render(int width, int height, SKColor background, Action<SKCanvas> draw)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        surface.Canvas.Clear(background);
        draw(surface.Canvas);
        return surface.Snapshot();
    }

    /// <summary>Seeded gray white noise, every pixel independent: the most high-frequency image there is.</summary>
    private static SKImage Noise(int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[Side * Side];
        random.NextBytes(pixels);
        return ImageDecoder.FromPixels(pixels, Side, Side, PixelLayout.Gray8);
    }

    /// <summary>A left-to-right gray ramp from 0 to 255.</summary>
    private static SKImage Ramp()
    {
        var pixels = new byte[Side * Side];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)(i % Side * 255 / (Side - 1));
        }

        return ImageDecoder.FromPixels(pixels, Side, Side, PixelLayout.Gray8);
    }

    /// <summary>The green channel of every pixel, row by row (the test images are gray).</summary>
    private static int[] Gray(SKImage image)
    {
        using var bitmap = SKBitmap.FromImage(image);
        var pixels = bitmap.GetPixelSpan();
        var step = bitmap.BytesPerPixel;
        var gray = new int[bitmap.Width * bitmap.Height];
        for (var i = 0; i < gray.Length; i++)
        {
            gray[i] = pixels[(i * step) + 1];
        }

        return gray;
    }

    private static double HighFrequencyEnergy(int[] gray)
    {
        double sum = 0;
        for (var y = 0; y < Side; y++)
        {
            for (var x = 0; x + 1 < Side; x++)
            {
                var d = gray[(y * Side) + x + 1] - gray[(y * Side) + x];
                sum += d * d;
            }
        }

        return sum;
    }

    private static double MeanAbsoluteDifference(int[] a, int[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Average();

    private static (float X, float Y) Centroid(int[] gray)
    {
        double total = 0, sx = 0, sy = 0;
        for (var i = 0; i < gray.Length; i++)
        {
            total += gray[i];
            sx += gray[i] * ((i % Side) + 0.5);
            sy += gray[i] * ((i / Side) + 0.5);
        }

        return ((float)(sx / total), (float)(sy / total));
    }
}
