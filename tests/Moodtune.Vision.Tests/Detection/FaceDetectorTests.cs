using Moodtune.Vision.Tests.TestData;
using Moodtune.Vision.Detection;
using SkiaSharp;

namespace Moodtune.Vision.Tests.Detection;

public class FaceDetectorTests(DetectorFixture fixture) : IClassFixture<DetectorFixture>
{
    private static readonly SKColor s_background = new(90, 120, 90);

    [Fact]
    public void Auto_uses_the_front_model_for_a_face_that_fills_the_frame()
    {
        using var image = TestImages.Load(TestImages.Astronaut);

        var face = Assert.Single(fixture.Faces.Detect(image));

        Assert.Equal(Assert.Single(fixture.Front.Detect(image)).Box, face.Box);
    }

    // The face is small and off-centre: the front model misses it, Auto falls back to the back model.
    [Theory]
    [InlineData(1280, 640, 700, 64)]
    [InlineData(512, 1400, 0, 800)]
    public void Auto_finds_a_small_off_centre_face_in_a_wide_or_tall_canvas(int width, int height, int left, int top)
    {
        using var astronaut = TestImages.Load(TestImages.Astronaut);
        using var canvas = TestImages.Compose(width, height, s_background, (astronaut, SKRect.Create(left, top, 512, 512)));
        var reference = Assert.Single(fixture.Back.Detect(astronaut));

        var face = Assert.Single(fixture.Faces.Detect(canvas));

        BlazeFaceDetectorTests.AssertSameFace(reference, face, -left, -top);
        Assert.Equal(face.Box, Assert.Single(fixture.Faces.Detect(canvas, DetectorModel.Back)).Box);
    }

    [Theory]
    [InlineData(DetectorModel.Back)]
    [InlineData(DetectorModel.Auto)]
    public void Several_small_faces_side_by_side_are_all_found(DetectorModel model)
    {
        using var astronaut = TestImages.Load(TestImages.Astronaut);
        using var collage = BlazeFaceDetectorTests.ThreeAstronauts(astronaut);

        var faces = fixture.Faces.Detect(collage, model);

        Assert.Equal(3, faces.Count);
        var columns = faces.Select(f => (int)(f.Box.CenterX / 256)).Order();
        Assert.Equal([0, 1, 2], columns);
        Assert.All(faces, f => Assert.InRange(f.Box.CenterY, 40, 90));
    }

    // Issue 17: a small face's box drawn off the face (as BlazeFace draws some boxes of a few dozen pixels) is redrawn
    // onto it by the closer look; a small box on nothing is dropped; a large box is left as it is. The face's true box
    // is the one the front model draws on the photo at full size, scaled down with it.
    [Fact]
    public void A_small_box_is_redrawn_onto_its_face_and_a_small_box_on_nothing_is_dropped()
    {
        const float side = 150;
        using var astronaut = TestImages.Load(TestImages.Astronaut);
        using var canvas = TestImages.Compose(640, 480, s_background, (astronaut, SKRect.Create(300, 200, side, side)));
        var full = Assert.Single(fixture.Front.Detect(astronaut)).Box;
        var scale = side / astronaut.Width;
        var truth = new FaceBox(300 + (full.X * scale), 200 + (full.Y * scale), full.Width * scale, full.Height * scale);
        Assert.InRange(truth.Width, 16, 31);
        var face = Assert.Single(fixture.Faces.Detect(canvas));
        var offFace = face with { Box = truth with { X = truth.X + (truth.Width / 3), Y = truth.Y - (truth.Height / 4) } };
        var onWall = face with { Box = new FaceBox(40, 40, truth.Width, truth.Height) };
        var large = face with { Box = new FaceBox(400, 20, 64, 64) };

        var refined = fixture.Faces.RefineSmall(canvas, [large, offFace, onWall], 32);

        Assert.Equal(2, refined.Count);
        Assert.Contains(large, refined);
        var redrawn = Assert.Single(refined, f => f != large);
        Assert.True(offFace.Box.IntersectionOverUnion(truth) < 0.4f);
        Assert.True(redrawn.Box.IntersectionOverUnion(truth) >= 0.6f, $"the redrawn box {redrawn.Box} is not on the face {truth}");
        Assert.Equal(face.Keypoints.Count, redrawn.Keypoints.Count);
        Assert.Same(refined, fixture.Faces.RefineSmall(canvas, refined, 8));
    }

    [Fact]
    public void A_blank_image_has_no_face_with_any_model()
    {
        using var image = TestImages.Compose(800, 600, SKColors.White);

        Assert.Empty(fixture.Faces.Detect(image, DetectorModel.Front));
        Assert.Empty(fixture.Faces.Detect(image, DetectorModel.Back));
        Assert.Empty(fixture.Faces.Detect(image, DetectorModel.Auto));
    }

    [Fact]
    public void A_missing_back_model_disables_only_the_back_model()
    {
        using var detector = new FaceDetector(
            TestPaths.Model(FaceDetector.FrontModelFileName),
            Path.Combine(TestPaths.ModelsDir, "no-such-model.onnx"));
        using var astronaut = TestImages.Load(TestImages.Astronaut);
        using var collage = BlazeFaceDetectorTests.ThreeAstronauts(astronaut);

        Assert.False(detector.IsBackAvailable);
        Assert.True(fixture.Faces.IsBackAvailable);
        Assert.Single(detector.Detect(astronaut));
        Assert.Empty(detector.Detect(collage));
        Assert.Throws<InvalidOperationException>(() => detector.Detect(astronaut, DetectorModel.Back));
    }

    [Fact]
    public void Auto_is_safe_from_many_threads_at_once()
    {
        using var astronaut = TestImages.Load(TestImages.Astronaut);
        using var collage = BlazeFaceDetectorTests.ThreeAstronauts(astronaut);
        var expected = fixture.Faces.Detect(collage);
        var counts = new int[16];

        Parallel.For(0, counts.Length, i => counts[i] = fixture.Faces.Detect(i % 2 == 0 ? collage : astronaut).Count);

        Assert.Equal(3, expected.Count);
        Assert.All(counts.Where((_, i) => i % 2 == 0), c => Assert.Equal(3, c));
        Assert.All(counts.Where((_, i) => i % 2 == 1), c => Assert.Equal(1, c));
    }
}
