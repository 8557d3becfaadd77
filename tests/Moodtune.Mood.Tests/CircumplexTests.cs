namespace Moodtune.Mood.Tests;

public class CircumplexTests
{
    [Fact]
    public void Neutral_is_the_origin() => Assert.Equal(MoodPoint.Neutral, Circumplex.Of(Emotion.Neutral));

    [Theory]
    [InlineData(Emotion.Happy, 1, 1)]
    [InlineData(Emotion.Surprise, 1, 1)]
    [InlineData(Emotion.Angry, -1, 1)]
    [InlineData(Emotion.Fear, -1, 1)]
    [InlineData(Emotion.Disgust, -1, 1)]
    [InlineData(Emotion.Sad, -1, -1)]
    public void Each_expression_sits_in_its_quadrant(Emotion emotion, int valenceSign, int arousalSign)
    {
        var point = Circumplex.Of(emotion);

        Assert.Equal(valenceSign, Math.Sign(point.Valence));
        Assert.Equal(arousalSign, Math.Sign(point.Arousal));
    }

    [Fact]
    public void Fear_and_anger_share_a_corner_of_the_plane_but_not_dominance()
    {
        Assert.True(Circumplex.Of(Emotion.Fear).DistanceTo(Circumplex.Of(Emotion.Angry)) < 0.2f);
        Assert.True(Circumplex.DominanceOf(Emotion.Fear) < -0.4f);
        Assert.True(Circumplex.DominanceOf(Emotion.Angry) > 0.2f);
        Assert.Equal(0f, Circumplex.DominanceOf(Emotion.Neutral));
    }

    [Fact]
    public void Dominance_of_a_face_is_the_probability_weighted_mean()
    {
        var fear = Circumplex.Locate(EmotionProbabilities.FromScores([0, 0, 1, 0, 0, 0, 0]));
        var mixed = Circumplex.Locate(EmotionProbabilities.FromScores([1, 0, 1, 0, 0, 0, 0]));

        Assert.Equal(Circumplex.DominanceOf(Emotion.Fear), fear.Dominance, 4);
        Assert.Equal((Circumplex.DominanceOf(Emotion.Fear) + Circumplex.DominanceOf(Emotion.Angry)) / 2, mixed.Dominance, 4);
        Assert.Equal(Circumplex.DominanceOf(Emotion.Sad), Circumplex.Picked(Emotion.Sad).Dominance);
    }

    [Fact]
    public void A_certain_face_is_its_expression_with_full_confidence()
    {
        var estimate = Circumplex.Locate(EmotionProbabilities.FromScores([0, 0, 0, 1, 0, 0, 0]));

        Assert.Equal(Circumplex.Of(Emotion.Happy), estimate.Point);
        Assert.Equal(1f, estimate.Confidence, 4);
        Assert.Equal(Emotion.Happy, estimate.Dominant);
    }

    [Fact]
    public void A_uniform_guess_is_as_sure_as_a_guess_among_seven() =>
        Assert.Equal(1f / 7, Circumplex.Locate(EmotionProbabilities.Uniform).Confidence, 4);

    [Fact]
    public void The_confidence_is_the_probability_of_the_expression_named()
    {
        var probabilities = EmotionProbabilities.FromScores([0, 0, 0, 0.3f, 0, 0, 0.7f]);

        Assert.Equal(0.7f, Circumplex.Locate(probabilities).Confidence, 4);
        Assert.Equal((0.3f, Emotion.Happy), (Circumplex.Locate(probabilities, Emotion.Happy).Confidence, Circumplex.Locate(probabilities, Emotion.Happy).Dominant));
        Assert.Equal(Circumplex.Locate(probabilities).Point, Circumplex.Locate(probabilities, Emotion.Happy).Point);
    }

    [Fact]
    public void A_mixed_face_lies_between_its_expressions()
    {
        var estimate = Circumplex.Locate(EmotionProbabilities.FromScores([0, 0, 0, 1, 1, 0, 0]));

        var happy = Circumplex.Of(Emotion.Happy);
        var sad = Circumplex.Of(Emotion.Sad);
        Assert.Equal((happy.Valence + sad.Valence) / 2, estimate.Point.Valence, 4);
        Assert.Equal((happy.Arousal + sad.Arousal) / 2, estimate.Point.Arousal, 4);
        Assert.InRange(estimate.Confidence, 0.1f, 0.9f);
    }

    [Fact]
    public void Songs_sit_in_the_same_space_from_their_audio_features()
    {
        var upbeat = MoodPoint.FromAudioFeatures(valence: 0.9f, energy: 0.9f, tempo: 128);
        var ballad = MoodPoint.FromAudioFeatures(valence: 0.15f, energy: 0.2f, tempo: 70);

        Assert.True(upbeat.DistanceTo(Circumplex.Of(Emotion.Happy)) < ballad.DistanceTo(Circumplex.Of(Emotion.Happy)));
        Assert.True(ballad.DistanceTo(Circumplex.Of(Emotion.Sad)) < upbeat.DistanceTo(Circumplex.Of(Emotion.Sad)));
        Assert.Equal(0.9f, upbeat.ToFeatureValence(), 4);
    }

    [Fact]
    public void Tempo_nudges_arousal_only_a_little()
    {
        var slow = MoodPoint.FromAudioFeatures(0.5f, 0.5f, tempo: 60);
        var fast = MoodPoint.FromAudioFeatures(0.5f, 0.5f, tempo: 180);

        Assert.InRange(fast.Arousal - slow.Arousal, 0.2f, 0.4f);
        Assert.Equal(0f, MoodPoint.FromAudioFeatures(0.5f, 0.5f).Arousal, 4);
    }
}
