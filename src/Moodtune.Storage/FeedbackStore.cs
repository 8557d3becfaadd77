using Dapper;

namespace Moodtune.Storage;

/// <summary>Likes and dislikes: one per listener and song, the latest word wins.</summary>
public sealed class FeedbackStore(MoodtuneDatabase database, TimeProvider time)
{
    /// <summary>Sets the listener's word on a song; null (no opinion) removes it.</summary>
    public Task SetAsync(long listenerId, string songId, SongFeedback? value, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(songId);
        var sql = value is null
            ? "DELETE FROM feedback WHERE listener_id = @Listener AND song_id = @SongId;"
            : """
              INSERT INTO feedback (listener_id, song_id, value, time) VALUES (@Listener, @SongId, @Value, @Time)
              ON CONFLICT (listener_id, song_id) DO UPDATE SET value = excluded.value, time = excluded.time;
              """;
        return database.RunAsync(
            c => c.ExecuteAsync(new CommandDefinition(
                sql,
                new { Listener = listenerId, SongId = songId, Value = value is { } v ? StorageNames.Of(v) : null, Time = StorageTime.ToText(time.GetUtcNow()) },
                cancellationToken: cancellationToken)),
            cancellationToken);
    }

    /// <summary>Every song the listener has a word on, latest first.</summary>
    public Task<IReadOnlyList<FeedbackRecord>> ListAsync(long listenerId, CancellationToken cancellationToken = default) =>
        database.RunAsync(
            async c =>
            {
                var rows = await c.QueryAsync<(string SongId, string Value, string Time)>(new CommandDefinition(
                    "SELECT song_id, value, time FROM feedback WHERE listener_id = @Listener ORDER BY time DESC, song_id;",
                    new { Listener = listenerId },
                    cancellationToken: cancellationToken)).ConfigureAwait(false);
                return (IReadOnlyList<FeedbackRecord>)[.. rows.Select(r => new FeedbackRecord(r.SongId, StorageNames.Parse<SongFeedback>(r.Value), StorageTime.Parse(r.Time)))];
            },
            cancellationToken);
}
