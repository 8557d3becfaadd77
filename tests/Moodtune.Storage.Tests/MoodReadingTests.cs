using Moodtune.Mood;

namespace Moodtune.Storage.Tests;

public class MoodReadingTests
{
    [Fact]
    public void A_stored_reading_gives_the_recommender_its_dominance()
    {
        var fear = MoodReading.FromProbabilities(EmotionProbabilities.FromScores([0, 0, 1, 0, 0, 0, 0]), ReadingSource.Photo, DateTimeOffset.UnixEpoch);

        var estimate = fear.Estimate;

        Assert.Equal(Circumplex.DominanceOf(Emotion.Fear), estimate.Dominance, 4);
        Assert.Equal(fear.Point, estimate.Point);
        Assert.Equal(Emotion.Fear, estimate.Dominant);
    }
}
