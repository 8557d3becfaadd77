using Dapper;
using Moodtune.Mood;

namespace Moodtune.Storage;

/// <summary>The mood readings of listeners.</summary>
public sealed class ReadingStore(MoodtuneDatabase database)
{
    private const string Columns = "id, time, angry, disgust, fear, happy, sad, surprise, neutral, valence, arousal, emotion, source";

    /// <summary>Stores a reading (committed when this returns) and gives it back with its id.</summary>
    public Task<MoodReading> AddAsync(long listenerId, MoodReading reading, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reading);
        var p = reading.Probabilities;
        var row = new
        {
            Listener = listenerId,
            Time = StorageTime.ToText(reading.Time),
            Angry = (double)p[Emotion.Angry],
            Disgust = (double)p[Emotion.Disgust],
            Fear = (double)p[Emotion.Fear],
            Happy = (double)p[Emotion.Happy],
            Sad = (double)p[Emotion.Sad],
            Surprise = (double)p[Emotion.Surprise],
            Neutral = (double)p[Emotion.Neutral],
            Valence = (double)reading.Point.Valence,
            Arousal = (double)reading.Point.Arousal,
            Emotion = EmotionProbabilities.Name(reading.Emotion),
            Source = StorageNames.Of(reading.Source),
        };
        return database.RunAsync(
            async c => reading with
            {
                Id = await c.ExecuteScalarAsync<long>(new CommandDefinition(
                    """
                    INSERT INTO mood_readings (listener_id, time, angry, disgust, fear, happy, sad, surprise, neutral, valence, arousal, emotion, source)
                    VALUES (@Listener, @Time, @Angry, @Disgust, @Fear, @Happy, @Sad, @Surprise, @Neutral, @Valence, @Arousal, @Emotion, @Source)
                    RETURNING id;
                    """,
                    row,
                    cancellationToken: cancellationToken)).ConfigureAwait(false),
            },
            cancellationToken);
    }

    /// <summary>The latest <paramref name="limit"/> readings in [from, to), oldest first.</summary>
    public Task<IReadOnlyList<MoodReading>> ListAsync(long listenerId, DateTimeOffset? from = null, DateTimeOffset? to = null, int limit = 1000, CancellationToken cancellationToken = default) =>
        database.RunAsync(
            async c =>
            {
                var rows = await c.QueryAsync<ReadingRow>(new CommandDefinition(
                    $"""
                    SELECT * FROM (
                        SELECT {Columns} FROM mood_readings
                        WHERE listener_id = @Listener AND time >= @From AND time < @To
                        ORDER BY time DESC, id DESC LIMIT @Limit) AS latest
                    ORDER BY time, id;
                    """,
                    new { Listener = listenerId, From = StorageTime.From(from), To = StorageTime.To(to), Limit = limit },
                    cancellationToken: cancellationToken)).ConfigureAwait(false);
                return (IReadOnlyList<MoodReading>)[.. rows.Select(r => r.ToReading())];
            },
            cancellationToken);

    /// <summary>The listener's most recent reading, or null.</summary>
    public Task<MoodReading?> LatestAsync(long listenerId, CancellationToken cancellationToken = default) =>
        database.RunAsync(
            async c =>
            {
                var row = await c.QuerySingleOrDefaultAsync<ReadingRow>(new CommandDefinition(
                    $"SELECT {Columns} FROM mood_readings WHERE listener_id = @Listener ORDER BY time DESC, id DESC LIMIT 1;",
                    new { Listener = listenerId },
                    cancellationToken: cancellationToken)).ConfigureAwait(false);
                return row?.ToReading();
            },
            cancellationToken);

    private sealed class ReadingRow
    {
        public long Id { get; set; }

        public string Time { get; set; } = "";

        public double Angry { get; set; }

        public double Disgust { get; set; }

        public double Fear { get; set; }

        public double Happy { get; set; }

        public double Sad { get; set; }

        public double Surprise { get; set; }

        public double Neutral { get; set; }

        public double Valence { get; set; }

        public double Arousal { get; set; }

        public string Emotion { get; set; } = "";

        public string Source { get; set; } = "";

        public MoodReading ToReading()
        {
            ReadOnlySpan<float> scores = [(float)Angry, (float)Disgust, (float)Fear, (float)Happy, (float)Sad, (float)Surprise, (float)Neutral];
            return new MoodReading(
                StorageTime.Parse(Time),
                EmotionProbabilities.TryParse(Emotion, out var emotion) ? emotion : throw new InvalidDataException($"Unknown emotion '{Emotion}' in the database."),
                EmotionProbabilities.FromScores(scores),
                new MoodPoint((float)Valence, (float)Arousal),
                StorageNames.Parse<ReadingSource>(Source))
            {
                Id = Id,
            };
        }
    }
}
