using Moodtune.Vision.Detection;
using Moodtune.Vision.Emotions;
using Moodtune.Vision.Tests.TestData;
using SkiaSharp;

namespace Moodtune.Vision.Tests.Detection;

public sealed class FaceVerifierTests(DetectorFixture fixture) : IClassFixture<DetectorFixture>, IDisposable
{
    private readonly FaceVerifier _verifier = new(TestPaths.Model(FaceVerifier.ModelFileName));

    [Fact]
    public void The_shipped_model_carries_a_threshold_and_its_source()
    {
        Assert.InRange(_verifier.Threshold, 0.001f, 0.999f);
        Assert.Contains("face verifier", _verifier.Source, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TestImages.Astronaut)]
    [InlineData(TestImages.Camera)]
    public void The_faces_of_the_test_photos_pass(string name)
    {
        using var image = TestImages.Load(name);
        var faces = fixture.Faces.Detect(image);

        var probability = Assert.Single(_verifier.FaceProbabilities(image, faces));

        Assert.True(probability >= _verifier.Threshold, $"p(face) {probability:F3} below the threshold {_verifier.Threshold:F3}");
        Assert.Same(faces, _verifier.Keep(image, faces));
    }

    [Fact]
    public void A_box_on_a_plain_wall_is_no_face()
    {
        using var image = TestImages.Compose(320, 240, new SKColor(200, 190, 170));
        var box = new DetectedFace(new FaceBox(100, 60, 100, 100), 0.9f, [new(132, 98), new(168, 98), new(150, 115), new(150, 135), new(110, 105), new(190, 105)]);

        Assert.Empty(_verifier.Keep(image, [box]));
    }

    [Fact]
    public void Keeps_the_faces_and_drops_the_rest_in_order()
    {
        using var astronaut = TestImages.Load(TestImages.Astronaut);
        using var canvas = TestImages.Compose(1024, 512, new SKColor(200, 190, 170), (astronaut, SKRect.Create(512, 0, 512, 512)));
        var face = Assert.Single(fixture.Faces.Detect(canvas));
        var wall = new DetectedFace(new FaceBox(100, 150, 200, 200), 0.95f, [new(164, 226), new(236, 226), new(200, 260), new(200, 300), new(120, 240), new(280, 240)]);

        Assert.Equal([face], _verifier.Keep(canvas, [wall, face]));
        Assert.Empty(_verifier.Keep(canvas, []));
    }

    [Fact]
    public void Refuses_a_model_that_is_not_a_face_verifier()
    {
        var error = Assert.Throws<InvalidDataException>(() => new FaceVerifier(TestPaths.Model(EmotionClassifier.KnownModels["moodtune"])));

        Assert.Contains("not a face verifier", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_models_folder_without_a_verifier_has_none()
    {
        var folder = Directory.CreateTempSubdirectory("moodtune-no-verifier");
        try
        {
            Assert.Null(FaceVerifier.FromDirectory(folder.FullName));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    public void Dispose() => _verifier.Dispose();
}
