using Dapper;

namespace Moodtune.Storage;

/// <summary>What the player did with each song.</summary>
public sealed class PlayStore(MoodtuneDatabase database)
{
    public Task<PlayRecord> AddAsync(long listenerId, PlayRecord play, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(play);
        return database.RunAsync(
            async c => play with
            {
                Id = await c.ExecuteScalarAsync<long>(new CommandDefinition(
                    "INSERT INTO plays (listener_id, song_id, time, event, error_code) VALUES (@Listener, @SongId, @Time, @Event, @ErrorCode) RETURNING id;",
                    new { Listener = listenerId, play.SongId, Time = StorageTime.ToText(play.Time), Event = StorageNames.Of(play.Event), play.ErrorCode },
                    cancellationToken: cancellationToken)).ConfigureAwait(false),
            },
            cancellationToken);
    }

    /// <summary>
    /// Forgets every listener's video errors of a song whose video was replaced: they were about the old video, and the
    /// recommender would otherwise never offer the song again (<see cref="HistoryQueries.ForRecommenderAsync"/>).
    /// </summary>
    /// <returns>How many errors were forgotten.</returns>
    public Task<int> ForgetVideoErrorsAsync(string songId, CancellationToken cancellationToken = default) =>
        database.RunAsync(
            c => c.ExecuteAsync(new CommandDefinition(
                "DELETE FROM plays WHERE song_id = @songId AND event = 'error';", new { songId }, cancellationToken: cancellationToken)),
            cancellationToken);

    /// <summary>The latest <paramref name="limit"/> events in [from, to), oldest first.</summary>
    public Task<IReadOnlyList<PlayRecord>> ListAsync(long listenerId, DateTimeOffset? from = null, DateTimeOffset? to = null, int limit = 1000, CancellationToken cancellationToken = default) =>
        database.RunAsync(
            async c =>
            {
                var rows = await c.QueryAsync<PlayRow>(new CommandDefinition(
                    """
                    SELECT * FROM (
                        SELECT id, song_id AS SongId, time, event, error_code AS ErrorCode FROM plays
                        WHERE listener_id = @Listener AND time >= @From AND time < @To
                        ORDER BY time DESC, id DESC LIMIT @Limit) AS latest
                    ORDER BY time, id;
                    """,
                    new { Listener = listenerId, From = StorageTime.From(from), To = StorageTime.To(to), Limit = limit },
                    cancellationToken: cancellationToken)).ConfigureAwait(false);
                return (IReadOnlyList<PlayRecord>)[.. rows.Select(r => r.ToRecord())];
            },
            cancellationToken);

    internal sealed class PlayRow
    {
        public long Id { get; set; }

        public string SongId { get; set; } = "";

        public string Time { get; set; } = "";

        public string Event { get; set; } = "";

        public long? ErrorCode { get; set; }

        public PlayRecord ToRecord() =>
            new(StorageTime.Parse(Time), SongId, StorageNames.Parse<PlayEvent>(Event), ErrorCode is { } code ? (int)code : null) { Id = Id };
    }
}
