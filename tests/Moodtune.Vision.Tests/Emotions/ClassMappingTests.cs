using Moodtune.Mood;
using Moodtune.Vision.Emotions;

namespace Moodtune.Vision.Tests.Emotions;

public class ClassMappingTests
{
    [Fact]
    public void Face_api_order_maps_onto_ours()
    {
        var mapping = EmotionModel.ClassMapping("neutral,happy,sad,angry,fear,disgust,surprise");

        Assert.Equal(
            [Emotion.Neutral, Emotion.Happy, Emotion.Sad, Emotion.Angry, Emotion.Fear, Emotion.Disgust, Emotion.Surprise],
            mapping.Select(i => (Emotion)i));
    }

    [Fact]
    public void Fer_order_is_the_identity() =>
        Assert.Equal([0, 1, 2, 3, 4, 5, 6], EmotionModel.ClassMapping("angry,disgust,fear,happy,sad,surprise,neutral"));

    [Theory]
    [InlineData("angry,disgust,fear,happy,sad,surprise")]
    [InlineData("angry,angry,fear,happy,sad,surprise,neutral")]
    [InlineData("angry,contempt,fear,happy,sad,surprise,neutral")]
    public void Bad_class_lists_are_rejected(string classes) =>
        Assert.Throws<InvalidDataException>(() => EmotionModel.ClassMapping(classes));

    [Theory]
    [InlineData("default", new[] { "moodtune" }, false)]
    [InlineData("moodtune3+flip", new[] { "moodtune3" }, true)]
    [InlineData("faceapi+flip", new[] { "faceapi" }, true)]
    [InlineData("MiniXception", new[] { "minixception" }, false)]
    public void Specs_name_models_and_the_mirror_flag(string spec, string[] models, bool mirrored)
    {
        var parsed = EmotionClassifier.ParseSpec(spec);

        Assert.Equal(models, parsed.Models);
        Assert.Equal(mirrored, parsed.Mirrored);
    }

    [Theory]
    [InlineData("")]
    [InlineData("flip")]
    [InlineData("resnet")]
    [InlineData("faceapi+faceapi")]
    public void Bad_specs_are_rejected(string spec) =>
        Assert.Throws<ArgumentException>(() => EmotionClassifier.ParseSpec(spec));
}
