using Moodtune.Mood;
using Moodtune.Vision.Emotions;
using Moodtune.Vision.Imaging;
using Moodtune.Vision.Inference;
using SkiaSharp;

namespace Moodtune.Vision.Tests.Analysis;

/// <summary>The engine end to end on real photos, with the models the product ships.</summary>
public sealed class FaceAnalyzerTests : IClassFixture<FaceAnalyzerTests.Engine>
{
    private readonly FaceAnalyzer _analyzer;

    public FaceAnalyzerTests(Engine engine) => _analyzer = engine.Analyzer;

    [Fact]
    public void Settings_out_of_range_are_refused_before_any_model_loads_each_named_as_in_configuration()
    {
        var options = new VisionOptions
        {
            ModelsDirectory = "/no/such/folder",
            MaxFaces = 0,
            FaceMeshCheckBelow = 1.5f,
            RefineFacesNarrowerThan = -1,
            Feed = new Moodtune.Vision.Tracking.CameraFeedOptions { SearchFraction = 2 },
        };

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new FaceAnalyzer(options));

        Assert.Contains("Vision:MaxFaces", error.Message, StringComparison.Ordinal);
        Assert.Contains("Vision:FaceMeshCheckBelow", error.Message, StringComparison.Ordinal);
        Assert.Contains("Vision:RefineFacesNarrowerThan", error.Message, StringComparison.Ordinal);
        Assert.Contains("Vision:Feed:SearchFraction", error.Message, StringComparison.Ordinal);
        Assert.Empty(new VisionOptions().Problems());
    }

    [Fact]
    public void Analyze_returns_happy_for_the_smiling_astronaut()
    {
        var analysis = _analyzer.Analyze(File.ReadAllBytes(TestPaths.TestImage("astronaut.png")));

        var face = Assert.Single(analysis.Faces);
        Assert.Equal(Emotion.Happy, face.Emotion);
        Assert.InRange(face.Box.CenterX, 170, 320);
        Assert.InRange(face.Box.CenterY, 40, 220);
        Assert.Equal(1f, face.Emotions.Sum(), 4);
        Assert.Same(face, analysis.PrimaryFace);
    }

    [Fact]
    public void Analyze_finds_the_one_face_of_the_cameraman()
    {
        var analysis = _analyzer.Analyze(File.ReadAllBytes(TestPaths.TestImage("camera.png")));

        Assert.Single(analysis.Faces);
    }

    [Fact]
    public void An_image_without_a_face_gives_an_empty_list()
    {
        using var blank = new SKBitmap(320, 240);
        blank.Erase(SKColors.SkyBlue);
        using var data = blank.Encode(SKEncodedImageFormat.Png, 100);

        var analysis = _analyzer.Analyze(data.ToArray());

        Assert.Empty(analysis.Faces);
        Assert.Null(analysis.PrimaryFace);
    }

    [Fact]
    public void Raw_pixel_buffers_give_the_same_faces_as_the_encoded_image()
    {
        var encoded = File.ReadAllBytes(TestPaths.TestImage("astronaut.png"));
        using var bitmap = SKBitmap.Decode(encoded).Copy(SKColorType.Bgra8888);

        var fromPixels = _analyzer.Analyze(bitmap.GetPixelSpan(), bitmap.Width, bitmap.Height, PixelLayout.Bgra8888);
        var fromFile = _analyzer.Analyze(encoded);

        Assert.Equal(fromFile.Faces[0].Box, fromPixels.Faces[0].Box);
        Assert.Equal(fromFile.Faces[0].Emotion, fromPixels.Faces[0].Emotion);
    }

    [Fact]
    public void Corrupt_input_is_reported_with_its_own_error_type()
    {
        var truncated = File.ReadAllBytes(TestPaths.TestImage("astronaut.png"))[..5000];

        var error = Assert.Throws<ImageDecodeException>(() => _analyzer.Analyze(truncated));

        Assert.Equal(ImageProblem.Corrupt, error.Problem);
    }

    [Fact]
    public void Many_threads_may_analyse_at_once()
    {
        var encoded = File.ReadAllBytes(TestPaths.TestImage("astronaut.png"));
        var expected = _analyzer.Analyze(encoded).Faces[0];

        var results = new FaceAnalysis[16];
        Parallel.For(0, results.Length, i => results[i] = _analyzer.Analyze(encoded));

        Assert.All(results, r =>
        {
            var face = Assert.Single(r.Faces);
            Assert.Equal(expected.Box, face.Box);
            Assert.Equal(expected.Emotions.ToArray(), face.Emotions.ToArray());
        });
    }

    [Fact]
    public void The_primary_face_is_the_largest_most_central()
    {
        using var astronaut = SKImage.FromEncodedData(TestPaths.TestImage("astronaut.png"));
        using var group = new SKBitmap(1200, 600);
        using (var canvas = new SKCanvas(group))
        {
            canvas.Clear(SKColors.Gray);
            var sampling = new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear);
            canvas.DrawImage(astronaut, new SKRect(0, 0, 250, 250), sampling);
            canvas.DrawImage(astronaut, new SKRect(400, 100, 800, 500), sampling);
        }

        using var image = SKImage.FromBitmap(group);
        var analysis = _analyzer.Analyze(image);

        Assert.Equal(2, analysis.Faces.Count);
        Assert.InRange(analysis.PrimaryFace!.Box.CenterX, 400, 800);
    }

    [Fact]
    public void Five_faces_classified_together_match_each_face_classified_alone()
    {
        // Four faces share one inference and the fifth runs alone: the batching must not mix faces up.
        using var astronaut = SKImage.FromEncodedData(TestPaths.TestImage("astronaut.png"));
        using var group = new SKBitmap(900, 600);
        using (var canvas = new SKCanvas(group))
        {
            canvas.Clear(SKColors.Gray);
            var sampling = new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear);
            for (var i = 0; i < 5; i++)
            {
                canvas.DrawImage(astronaut, SKRect.Create(i % 3 * 300, i / 3 * 300, 300, 300), sampling);
            }
        }

        using var image = SKImage.FromBitmap(group);
        var together = _analyzer.Analyze(image);
        using var classifier = EmotionClassifier.Load(_analyzer.Options.ModelsDirectory, _analyzer.EmotionModelSpec, InferenceSettings.Default);

        Assert.Equal(5, together.Faces.Count);
        foreach (var face in together.Faces)
        {
            var alone = classifier.Classify(image, [face.Detection])[0];
            for (var e = 0; e < EmotionProbabilities.Count; e++)
            {
                Assert.Equal(alone[e], face.Emotions[e], 1e-4f);
            }
        }

        Assert.All(together.Faces, f => Assert.Equal(Emotion.Happy, f.Emotion));
    }

    [Fact]
    public void Missing_models_fail_at_construction_with_the_path()
    {
        var error = Assert.Throws<FileNotFoundException>(() => new FaceAnalyzer(new VisionOptions { ModelsDirectory = "/nonexistent/models" }));

        Assert.Contains("/nonexistent/models", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disposed_analyzer_refuses_work_and_disposing_waits_for_running_calls()
    {
        var encoded = File.ReadAllBytes(TestPaths.TestImage("astronaut.png"));
        var analyzer = new FaceAnalyzer();
        var running = Enumerable.Range(0, 4).Select(_ => Task.Run(() => analyzer.Analyze(encoded), TestContext.Current.CancellationToken)).ToArray();

        analyzer.Dispose();

        // Every call finished normally (it started before Dispose, which waited for it) or was refused; none crashed the process.
        await Task.WhenAll(running).ContinueWith(_ => { }, TestContext.Current.CancellationToken, TaskContinuationOptions.None, TaskScheduler.Default);
        foreach (var task in running)
        {
            Assert.True(task.IsCompletedSuccessfully || task.Exception?.InnerException is ObjectDisposedException, task.Exception?.ToString());
        }

        Assert.Throws<ObjectDisposedException>(() => analyzer.Analyze(encoded));
    }

    [Fact]
    public void The_face_flag_is_asked_only_with_the_verifier_and_when_it_is_on()
    {
        Assert.True(_analyzer.VerifiesFaces);
        Assert.True(_analyzer.ChecksFaceMesh);

        using var withoutFlag = new FaceAnalyzer(new VisionOptions { UseFaceMeshCheck = false });
        using var withoutVerifier = new FaceAnalyzer(new VisionOptions { UseFaceVerifier = false });

        Assert.True(withoutFlag.VerifiesFaces);
        Assert.False(withoutFlag.ChecksFaceMesh);
        Assert.False(withoutVerifier.ChecksFaceMesh);
    }

    public sealed class Engine : IDisposable
    {
        public FaceAnalyzer Analyzer { get; } = new();

        public void Dispose() => Analyzer.Dispose();
    }
}
