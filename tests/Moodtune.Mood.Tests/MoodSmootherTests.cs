namespace Moodtune.Mood.Tests;

public class MoodSmootherTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_first_reading_sets_the_stable_mood()
    {
        var smoother = new MoodSmoother();

        var mood = smoother.Update(Only(Emotion.Happy), Start);

        Assert.Equal(Emotion.Happy, mood.Stable);
        Assert.Equal(Circumplex.Of(Emotion.Happy), mood.Estimate.Point);
    }

    [Fact]
    public void A_lasting_change_settles_within_two_seconds()
    {
        var smoother = new MoodSmoother();
        var changedAt = TimeSpan.Zero;
        Feed(smoother, Emotion.Neutral, TimeSpan.Zero, TimeSpan.FromSeconds(3));

        for (var t = TimeSpan.FromSeconds(3); t < TimeSpan.FromSeconds(8); t += Frame)
        {
            if (smoother.Update(Only(Emotion.Happy), Start + t).StableChanged)
            {
                changedAt = t - TimeSpan.FromSeconds(3);
                break;
            }
        }

        Assert.Equal(Emotion.Happy, smoother.Current!.Stable);
        Assert.InRange(changedAt.TotalSeconds, 0.5, 2.0);
    }

    [Fact]
    public void Flicker_does_not_change_the_stable_mood()
    {
        var smoother = new MoodSmoother();
        Feed(smoother, Emotion.Neutral, TimeSpan.Zero, TimeSpan.FromSeconds(3));

        // One frame of surprise in every three, for ten seconds: a blink, a twitch, a misread frame.
        var changes = 0;
        var i = 0;
        for (var t = TimeSpan.FromSeconds(3); t < TimeSpan.FromSeconds(13); t += Frame, i++)
        {
            changes += smoother.Update(Only(i % 3 == 0 ? Emotion.Surprise : Emotion.Neutral), Start + t).StableChanged ? 1 : 0;
        }

        Assert.Equal(0, changes);
        Assert.Equal(Emotion.Neutral, smoother.Current!.Stable);
    }

    [Fact]
    public void Two_close_moods_do_not_flip_back_and_forth()
    {
        var smoother = new MoodSmoother();
        var sadLeads = EmotionProbabilities.FromScores([0, 0, 0, 0, 0.52f, 0, 0.48f]);
        var neutralLeads = EmotionProbabilities.FromScores([0, 0, 0, 0, 0.48f, 0, 0.52f]);
        smoother.Update(sadLeads, Start);

        var changes = 0;
        var i = 0;
        for (var t = Frame; t < TimeSpan.FromSeconds(10); t += Frame, i++)
        {
            changes += smoother.Update(i % 10 < 5 ? neutralLeads : sadLeads, Start + t).StableChanged ? 1 : 0;
        }

        Assert.Equal(0, changes);
    }

    [Fact]
    public void Smoothing_does_not_depend_on_the_frame_rate()
    {
        var slow = new MoodSmoother();
        var fast = new MoodSmoother();
        slow.Update(Only(Emotion.Neutral), Start);
        fast.Update(Only(Emotion.Neutral), Start);

        // Both end with a reading at exactly one second.
        Feed(slow, Emotion.Happy, TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(1001), TimeSpan.FromMilliseconds(200));
        Feed(fast, Emotion.Happy, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(1001), TimeSpan.FromMilliseconds(50));

        Assert.Equal(slow.Current!.Probabilities[Emotion.Happy], fast.Current!.Probabilities[Emotion.Happy], 2);
    }

    [Fact]
    public void After_a_long_gap_the_average_starts_afresh()
    {
        var smoother = new MoodSmoother();
        Feed(smoother, Emotion.Sad, TimeSpan.Zero, TimeSpan.FromSeconds(5));

        var mood = smoother.Update(Only(Emotion.Happy), Start + TimeSpan.FromMinutes(5));

        Assert.Equal(Emotion.Happy, mood.Stable);
        Assert.Equal(1f, mood.Probabilities[Emotion.Happy], 3);
    }

    private static readonly TimeSpan Frame = TimeSpan.FromMilliseconds(100);

    private static void Feed(MoodSmoother smoother, Emotion emotion, TimeSpan from, TimeSpan until, TimeSpan? step = null)
    {
        for (var t = from; t < until; t += step ?? Frame)
        {
            smoother.Update(Only(emotion), Start + t);
        }
    }

    private static EmotionProbabilities Only(Emotion emotion)
    {
        var scores = new float[EmotionProbabilities.Count];
        scores[(int)emotion] = 1;
        return EmotionProbabilities.FromScores(scores);
    }
}
