using CsvHelper;
using Moodtune.Mood;
using Moodtune.Storage;

namespace Moodtune.Web;

/// <summary>
/// GET /api/history/export?format=csv: one row per reading, <c>time,source,emotion,valence,arousal</c> and then each
/// expression's probability (<c>angry</c> ... <c>neutral</c>), times in UTC to the millisecond.
/// </summary>
internal static class HistoryCsv
{
    // LF, as the catalog export ends its lines; numbers and dates in the invariant culture (CsvHelper's default).
    private static readonly CsvWriterOptions Options = new() { NewLine = "\n" };

    public static byte[] Write(IEnumerable<MoodReading> readings)
    {
        using var bytes = new MemoryStream();
        using (var csv = CsvWriter.Create(bytes, Options, leaveOpen: true))
        {
            csv.WriteHeader(["time", "source", "emotion", "valence", "arousal", .. EmotionProbabilities.All.Select(EmotionProbabilities.Name)]);
            foreach (var r in readings)
            {
                csv.WriteField(r.Time.UtcDateTime, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'");
                csv.WriteField(WireName.Of(r.Source));
                csv.WriteField(EmotionProbabilities.Name(r.Emotion));
                csv.WriteField(r.Point.Valence, "0.####");
                csv.WriteField(r.Point.Arousal, "0.####");
                foreach (var emotion in EmotionProbabilities.All)
                {
                    csv.WriteField(r.Probabilities[emotion], "0.######");
                }

                csv.EndRecord();
            }
        }

        return bytes.ToArray();
    }
}
