namespace Moodtune.Mood;

/// <summary>A stable mood at a moment of a listener's history.</summary>
public readonly record struct MoodMoment(DateTimeOffset Time, Emotion Stable, MoodPoint Point);

/// <summary>How restless a stretch of history was.</summary>
/// <param name="Changes">How often the stable mood changed.</param>
/// <param name="ChangesPerHour">Changes per hour of observed time (between the first and last moment).</param>
/// <param name="MeanShift">Mean distance the mood point moved at a change, in the valence/arousal plane (0..2.83).</param>
/// <param name="Index">
/// The mood-swing index: changes per hour times mean shift, so frequent small wobbles and rare large swings both count;
/// 0 for a steady mood.
/// </param>
public sealed record MoodSwingSummary(int Changes, double ChangesPerHour, double MeanShift, double Index);

public static class MoodSwings
{
    /// <summary>Summarises moments in time order; moments far apart (a new day) still count the change between them.</summary>
    public static MoodSwingSummary Summarise(IReadOnlyList<MoodMoment> moments)
    {
        ArgumentNullException.ThrowIfNull(moments);
        if (moments.Count < 2)
        {
            return new MoodSwingSummary(0, 0, 0, 0);
        }

        var changes = 0;
        double shift = 0;
        for (var i = 1; i < moments.Count; i++)
        {
            if (moments[i].Stable != moments[i - 1].Stable)
            {
                changes++;
                shift += moments[i].Point.DistanceTo(moments[i - 1].Point);
            }
        }

        // At least a minute of observation, so two readings a second apart do not look like a storm.
        var hours = Math.Max((moments[^1].Time - moments[0].Time).TotalHours, 1.0 / 60);
        var perHour = changes / hours;
        var meanShift = changes == 0 ? 0 : shift / changes;
        return new MoodSwingSummary(changes, perHour, meanShift, perHour * meanShift);
    }
}
