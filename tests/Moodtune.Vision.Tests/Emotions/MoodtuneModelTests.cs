using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Moodtune.Mood;
using Moodtune.Vision.Detection;
using Moodtune.Vision.Emotions;
using Moodtune.Vision.Imaging;
using Moodtune.Vision.Inference;

namespace Moodtune.Vision.Tests.Emotions;

/// <summary>Our own expression network (tools/train.sh) as shipped in models/: the contract and a sane answer.</summary>
public class MoodtuneModelTests
{
    private static readonly string Models = Path.Combine(AppContext.BaseDirectory, "models");

    [Theory]
    [InlineData("moodtune", 1)]
    [InlineData("moodtune3", 3)]
    public void The_shipped_model_describes_itself_and_carries_its_calibration(string name, int networks)
    {
        using var session = new InferenceSession(Path.Combine(Models, EmotionClassifier.KnownModels[name]));
        var metadata = session.ModelMetadata.CustomMetadataMap;

        Assert.Equal("angry,disgust,fear,happy,sad,surprise,neutral", metadata["moodtune.classes"]);
        Assert.Equal("gray", metadata["moodtune.color"]);
        Assert.Equal("48", metadata["moodtune.input_size"]);
        // One temperature per network of the (ensemble) model.
        var temperatures = metadata["moodtune.temperature"].Split(',').Select(t => double.Parse(t, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(networks.ToString(CultureInfo.InvariantCulture), metadata["moodtune.networks"]);
        Assert.Equal(networks, temperatures.Length);
        Assert.StartsWith("int8 QDQ (u8u8", metadata["moodtune.quantization"], StringComparison.Ordinal);

        Assert.All(temperatures, t => Assert.InRange(t, 0.5, 4));
        Assert.Contains("FER2013", metadata["moodtune.source"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("default", "moodtune")]
    [InlineData("moodtune3+flip", "moodtune3+flip")]
    public void It_sees_the_smiling_astronaut_as_happy(string spec, string loaded)
    {
        using var analyzer = new FaceAnalyzer(new VisionOptions { EmotionModel = spec });

        var face = Assert.Single(analyzer.Analyze(File.ReadAllBytes(TestPaths.TestImage("astronaut.png"))).Faces);

        Assert.Equal(Emotion.Happy, face.Emotion);
        Assert.Equal(loaded, analyzer.EmotionModelSpec);
    }

    [Fact]
    public void The_two_views_run_side_by_side_give_what_one_single_threaded_run_gives()
    {
        // Default settings run a face's original and mirror views side by side; one thread per run keeps them in one run.
        using var sideBySide = EmotionClassifier.Load(Models, "moodtune3+flip", InferenceSettings.Default);
        using var oneRun = EmotionClassifier.Load(Models, "moodtune3+flip", new InferenceSettings { IntraOpThreads = 1 });
        using var image = ImageDecoder.Decode(File.ReadAllBytes(TestPaths.TestImage("astronaut.png")));
        using var detector = FaceDetector.FromDirectory(Models);
        var face = detector.Detect(image)[0];

        foreach (var faces in new[] { new[] { face }, Enumerable.Repeat(face, 5).ToArray() })
        {
            var expected = oneRun.Classify(image, faces);
            var actual = sideBySide.Classify(image, faces);
            Assert.Equal(faces.Length, actual.Length);
            Assert.All(Enumerable.Range(0, faces.Length * EmotionProbabilities.Count), i => Assert.Equal(
                expected[i / EmotionProbabilities.Count][(Emotion)(i % EmotionProbabilities.Count)],
                actual[i / EmotionProbabilities.Count][(Emotion)(i % EmotionProbabilities.Count)],
                5));
        }

        Assert.Equal(oneRun.ClassifyWhole(image)[Emotion.Happy], sideBySide.ClassifyWhole(image)[Emotion.Happy], 5);
    }
}
