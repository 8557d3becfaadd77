using Moodtune.Vision.Tests.TestData;
using Moodtune.Vision.Detection;
using SkiaSharp;

namespace Moodtune.Vision.Tests.Detection;

public class BlazeFaceDetectorTests(DetectorFixture fixture) : IClassFixture<DetectorFixture>
{
    private BlazeFaceDetector Detector(BlazeFaceVariant variant) =>
        variant == BlazeFaceVariant.Front128 ? fixture.Front : fixture.Back;

    [Theory]
    [InlineData(BlazeFaceVariant.Front128)]
    [InlineData(BlazeFaceVariant.Back256)]
    public void Finds_the_astronauts_face_with_eyes_above_nose_above_mouth(BlazeFaceVariant variant)
    {
        using var image = TestImages.Load(TestImages.Astronaut);

        var face = Assert.Single(Detector(variant).Detect(image));

        // Her face spans roughly x 178-272, y 81-175 of the 512x512 photo.
        Assert.InRange(face.Score, 0.8f, 1f);
        Assert.InRange(face.Box.X, 160, 200);
        Assert.InRange(face.Box.Y, 60, 100);
        Assert.InRange(face.Box.X + face.Box.Width, 255, 295);
        Assert.InRange(face.Box.Y + face.Box.Height, 160, 200);
        Assert.True(face[FaceKeypoint.RightEye].Y < face[FaceKeypoint.NoseTip].Y);
        Assert.True(face[FaceKeypoint.LeftEye].Y < face[FaceKeypoint.NoseTip].Y);
        Assert.True(face[FaceKeypoint.NoseTip].Y < face[FaceKeypoint.Mouth].Y);

        // The subject's right eye and ear are on the image's left.
        Assert.True(face[FaceKeypoint.RightEye].X < face[FaceKeypoint.LeftEye].X);
        Assert.True(face[FaceKeypoint.RightEar].X < face[FaceKeypoint.LeftEar].X);
        Assert.Equal(6, face.Keypoints.Count);
    }

    [Theory]
    [InlineData(BlazeFaceVariant.Front128)]
    [InlineData(BlazeFaceVariant.Back256)]
    public void Finds_the_cameramans_face_in_a_grayscale_photo(BlazeFaceVariant variant)
    {
        using var image = TestImages.Load(TestImages.Camera);

        var face = Assert.Single(Detector(variant).Detect(image));

        // His face (near profile, behind the camera) is centred near (225, 165).
        Assert.InRange(face.Box.CenterX, 205, 245);
        Assert.InRange(face.Box.CenterY, 145, 185);
        Assert.InRange(face.Box.Width, 50, 130);
    }

    [Theory]
    [InlineData(BlazeFaceVariant.Front128)]
    [InlineData(BlazeFaceVariant.Back256)]
    public void A_blank_image_has_no_face(BlazeFaceVariant variant)
    {
        using var image = TestImages.Compose(640, 480, new SKColor(128, 128, 128));

        Assert.Empty(Detector(variant).Detect(image));
    }

    // Crops keep the face's scale but change the aspect ratio, so the letterbox pads and the mapping must undo it.
    [Theory]
    [InlineData(BlazeFaceVariant.Front128, 0, 0, 512, 300)]
    [InlineData(BlazeFaceVariant.Front128, 80, 0, 380, 512)]
    [InlineData(BlazeFaceVariant.Back256, 0, 20, 512, 320)]
    [InlineData(BlazeFaceVariant.Back256, 100, 0, 400, 512)]
    public void Faces_in_landscape_and_portrait_crops_map_back_to_the_same_place(BlazeFaceVariant variant, int left, int top, int right, int bottom)
    {
        using var image = TestImages.Load(TestImages.Astronaut);
        using var crop = TestImages.Crop(image, new SKRectI(left, top, right, bottom));
        var reference = Assert.Single(Detector(variant).Detect(image));

        var face = Assert.Single(Detector(variant).Detect(crop));

        AssertSameFace(reference, face, left, top);
    }

    [Fact]
    public void Faces_are_sorted_by_score_and_limited_to_max_faces()
    {
        using var astronaut = TestImages.Load(TestImages.Astronaut);
        using var collage = ThreeAstronauts(astronaut);

        var all = fixture.Back.Detect(collage);
        var best = fixture.Back.Detect(collage, new DetectorOptions { MaxFaces = 1 });

        Assert.Equal(3, all.Count);
        Assert.Equal(all.OrderByDescending(f => f.Score).Select(f => f.Score), all.Select(f => f.Score));
        Assert.Equal(all[0].Box, Assert.Single(best).Box);
    }

    [Fact]
    public void Detect_gives_identical_results_from_many_threads_at_once()
    {
        using var image = TestImages.Load(TestImages.Astronaut);
        var expected = fixture.Front.Detect(image);
        var results = new IReadOnlyList<DetectedFace>[24];

        Parallel.For(0, results.Length, i => results[i] = (i % 2 == 0 ? fixture.Front : fixture.Back).Detect(image));

        var expectedBack = fixture.Back.Detect(image);
        for (var i = 0; i < results.Length; i++)
        {
            AssertIdentical(i % 2 == 0 ? expected : expectedBack, results[i]);
        }
    }

    [Fact]
    public void Invalid_options_are_rejected()
    {
        using var image = TestImages.Load(TestImages.Astronaut);

        Assert.Throws<ArgumentOutOfRangeException>(() => fixture.Front.Detect(image, new DetectorOptions { MinScore = 1.5f }));
        Assert.Throws<ArgumentOutOfRangeException>(() => fixture.Front.Detect(image, new DetectorOptions { MaxFaces = 0 }));
    }

    [Fact]
    public void A_model_of_the_wrong_variant_is_rejected()
    {
        Assert.Throws<InvalidOperationException>(() =>
            new BlazeFaceDetector(TestPaths.Model(FaceDetector.BackModelFileName), BlazeFaceVariant.Front128).Dispose());
    }

    internal static SKImage ThreeAstronauts(SKImage astronaut) =>
        TestImages.Compose(
            768,
            256,
            SKColors.Black,
            (astronaut, SKRect.Create(0, 0, 256, 256)),
            (astronaut, SKRect.Create(256, 0, 256, 256)),
            (astronaut, SKRect.Create(512, 0, 256, 256)));

    /// <summary>The face found in a shifted image matches the reference face moved by (dx, dy).</summary>
    internal static void AssertSameFace(DetectedFace reference, DetectedFace face, float dx, float dy)
    {
        var shifted = new FaceBox(face.Box.X + dx, face.Box.Y + dy, face.Box.Width, face.Box.Height);
        Assert.True(
            reference.Box.IntersectionOverUnion(shifted) > 0.6f,
            $"Expected a box like {reference.Box}, got {shifted} after shifting back by ({dx}, {dy}).");

        var tolerance = 0.15f * reference.Box.Width;
        for (var k = 0; k < reference.Keypoints.Count; k++)
        {
            Assert.InRange(face.Keypoints[k].X + dx, reference.Keypoints[k].X - tolerance, reference.Keypoints[k].X + tolerance);
            Assert.InRange(face.Keypoints[k].Y + dy, reference.Keypoints[k].Y - tolerance, reference.Keypoints[k].Y + tolerance);
        }
    }

    private static void AssertIdentical(IReadOnlyList<DetectedFace> expected, IReadOnlyList<DetectedFace> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Box, actual[i].Box);
            Assert.Equal(expected[i].Score, actual[i].Score);
            Assert.Equal(expected[i].Keypoints, actual[i].Keypoints);
        }
    }
}
