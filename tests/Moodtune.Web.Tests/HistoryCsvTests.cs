using System.Text;
using Moodtune.Mood;
using Moodtune.Storage;

namespace Moodtune.Web.Tests;

public class HistoryCsvTests
{
    [Fact]
    public void The_csv_export_has_a_column_per_expression_and_utc_times_in_milliseconds()
    {
        MoodReading[] readings =
        [
            MoodReading.Picked(Emotion.Sad, ReadingSource.Picker, new DateTimeOffset(2026, 12, 4, 10, 11, 12, TimeSpan.Zero).AddTicks(3_456_789)),
            new(new DateTimeOffset(2026, 12, 4, 11, 0, 0, TimeSpan.FromHours(2)), Emotion.Happy, EmotionProbabilities.FromScores([0.1f, 0, 0.05f, 0.6f, 0.05f, 0.1f, 0.1f]),
                new MoodPoint(0.81234567f, -0.123456f), ReadingSource.Camera),
            new(new DateTimeOffset(2026, 12, 5, 0, 0, 0, TimeSpan.Zero), Emotion.Neutral, EmotionProbabilities.FromScores([1e-7f, 0, 0, 0, 0, 0, 1]),
                new MoodPoint(-0.00001f, 0), ReadingSource.Photo),
        ];

        var csv = Encoding.UTF8.GetString(HistoryCsv.Write(readings));

        // The columns and number formats the hand-built export wrote (a negative valence that rounds to zero included).
        Assert.Equal(
            """
            time,source,emotion,valence,arousal,angry,disgust,fear,happy,sad,surprise,neutral
            2026-12-04T10:11:12.345Z,picker,sad,-0.63,-0.27,0,0,0,0,1,0,0
            2026-12-04T09:00:00.000Z,camera,happy,0.8123,-0.1235,0.1,0,0.05,0.6,0.05,0.1,0.1
            2026-12-05T00:00:00.000Z,photo,neutral,-0,0,0,0,0,0,0,0,1

            """,
            csv);
    }
}
