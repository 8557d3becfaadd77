
namespace Moodtune.Mood.Tests;

public class EmotionProbabilitiesTests
{
    [Fact]
    public void FromScores_normalises_to_one()
    {
        var p = EmotionProbabilities.FromScores([1, 1, 2, 4, 0, 0, 0]);

        Assert.Equal(1f, p.Sum(), 5);
        Assert.Equal(0.5f, p[Emotion.Happy], 5);
        Assert.Equal(Emotion.Happy, p.Top);
    }

    [Theory]
    [InlineData(new float[] { 1, 2, 3 })]
    [InlineData(new float[] { 0, 0, 0, 0, 0, 0, 0 })]
    [InlineData(new float[] { 1, -1, 0, 0, 0, 0, 0 })]
    [InlineData(new float[] { 1, float.NaN, 0, 0, 0, 0, 0 })]
    public void FromScores_rejects_impossible_scores(float[] scores) =>
        Assert.Throws<ArgumentException>(() => EmotionProbabilities.FromScores(scores));

    [Fact]
    public void Average_is_the_mean_of_the_parts()
    {
        var a = EmotionProbabilities.FromScores([1, 0, 0, 0, 0, 0, 0]);
        var b = EmotionProbabilities.FromScores([0, 0, 0, 1, 0, 0, 0]);

        var mean = EmotionProbabilities.Average([a, b]);

        Assert.Equal(0.5f, mean[Emotion.Angry], 5);
        Assert.Equal(0.5f, mean[Emotion.Happy], 5);
    }

    [Theory]
    [InlineData("fearful", Emotion.Fear)]
    [InlineData("Disgusted", Emotion.Disgust)]
    [InlineData("surprised", Emotion.Surprise)]
    [InlineData(" neutral ", Emotion.Neutral)]
    public void TryParse_accepts_the_names_other_models_use(string name, Emotion expected)
    {
        Assert.True(EmotionProbabilities.TryParse(name, out var emotion));
        Assert.Equal(expected, emotion);
    }

    [Theory]
    [InlineData("calm")]
    [InlineData("relaxed")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_refuses_words_that_are_moods_or_strategies_rather_than_expressions(string? name) =>
        Assert.False(EmotionProbabilities.TryParse(name, out _));

    [Fact]
    public void ToDictionary_lists_the_seven_names_in_canonical_order() =>
        Assert.Equal(["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"], EmotionProbabilities.Uniform.ToDictionary().Keys);
}
