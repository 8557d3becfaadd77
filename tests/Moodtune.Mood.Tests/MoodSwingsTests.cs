namespace Moodtune.Mood.Tests;

public class MoodSwingsTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_steady_mood_has_no_swings() =>
        Assert.Equal(0, MoodSwings.Summarise([At(0, Emotion.Happy), At(30, Emotion.Happy), At(60, Emotion.Happy)]).Index);

    [Fact]
    public void Swings_count_how_often_and_how_far_the_mood_moved()
    {
        var summary = MoodSwings.Summarise([At(0, Emotion.Happy), At(30, Emotion.Sad), At(60, Emotion.Happy)]);

        var distance = Circumplex.Of(Emotion.Happy).DistanceTo(Circumplex.Of(Emotion.Sad));
        Assert.Equal(2, summary.Changes);
        Assert.Equal(2.0, summary.ChangesPerHour, 3);
        Assert.Equal(distance, summary.MeanShift, 3);
        Assert.Equal(2 * distance, summary.Index, 3);
    }

    [Fact]
    public void Far_swings_weigh_more_than_near_ones()
    {
        var near = MoodSwings.Summarise([At(0, Emotion.Angry), At(30, Emotion.Fear)]);
        var far = MoodSwings.Summarise([At(0, Emotion.Happy), At(30, Emotion.Sad)]);

        Assert.True(far.Index > near.Index);
    }

    private static MoodMoment At(int minutes, Emotion emotion) => new(Start.AddMinutes(minutes), emotion, Circumplex.Of(emotion));
}
