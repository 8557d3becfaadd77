using System.Globalization;
using Moodtune.Mood;

namespace Moodtune.Storage;

/// <summary>How often each emotion was read in one period (a UTC day "2026-11-26" or an ISO week "2026-W48").</summary>
public sealed record EmotionCounts(string Period, IReadOnlyDictionary<Emotion, int> Counts)
{
    public int Total => Counts.Values.Sum();
}

/// <summary>Summaries of a run of readings: per day, per ISO week, and how much the mood swings.</summary>
public static class MoodDistribution
{
    public static IReadOnlyList<EmotionCounts> PerDay(IEnumerable<MoodReading> readings) =>
        Count(readings, r => r.Time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    public static IReadOnlyList<EmotionCounts> PerWeek(IEnumerable<MoodReading> readings) =>
        Count(readings, r => WeekOf(r.Time));

    /// <summary>"2026-W48": the ISO 8601 week of a UTC time (the year is the week's, which may differ near New Year).</summary>
    public static string WeekOf(DateTimeOffset time)
    {
        var day = time.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(day)}-W{ISOWeek.GetWeekOfYear(day):00}");
    }

    /// <summary>The mood-swing index over the readings' emotions (the stable emotion, for the camera), oldest first.</summary>
    public static MoodSwingSummary Swings(IEnumerable<MoodReading> readings)
    {
        ArgumentNullException.ThrowIfNull(readings);
        return MoodSwings.Summarise([.. readings.OrderBy(r => r.Time).Select(r => new MoodMoment(r.Time, r.Emotion, r.Point))]);
    }

    private static List<EmotionCounts> Count(IEnumerable<MoodReading> readings, Func<MoodReading, string> period)
    {
        ArgumentNullException.ThrowIfNull(readings);
        return [.. readings.GroupBy(period)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new EmotionCounts(
                g.Key,
                EmotionProbabilities.All.ToDictionary(e => e, e => g.Count(r => r.Emotion == e))))];
    }
}
