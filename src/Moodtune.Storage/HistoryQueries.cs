using Dapper;
using Moodtune.Mood;
using Moodtune.Music.Catalog;
using Moodtune.Music.Recommendation;

namespace Moodtune.Storage;

/// <summary>A play with its song (null when the song has left the catalog).</summary>
public sealed record PlayedSong(PlayRecord Play, Song? Song);

/// <summary>A song and how often it was skipped.</summary>
public sealed record SkippedSong(Song Song, int Count);

/// <summary>A listener's history over a time range, ready for the page.</summary>
public sealed record HistorySummary(
    IReadOnlyList<MoodReading> Readings,
    IReadOnlyList<EmotionCounts> PerDay,
    IReadOnlyList<EmotionCounts> PerWeek,
    MoodSwingSummary Swings,
    IReadOnlyList<PlayedSong> Plays,
    IReadOnlyList<Song> Liked,
    IReadOnlyList<Song> Disliked,
    IReadOnlyList<SkippedSong> Skipped);

/// <summary>Reads a listener's history: for the recommender, and summarised for the page.</summary>
public sealed class HistoryQueries(MoodtuneDatabase database, SongStore songs, ReadingStore readings, PlayStore plays, FeedbackStore feedback)
{
    /// <summary>How many distinct recent songs the recommender is told about.</summary>
    public const int RecentSongs = 200;

    /// <summary>
    /// What the recommender needs: songs played, skipped or started recently (most recent first), likes, dislikes plus
    /// unplayable videos (never offered again), skip counts and the artists of liked songs.
    /// </summary>
    public Task<ListenerHistory> ForRecommenderAsync(long listenerId, CancellationToken cancellationToken = default) =>
        database.RunAsync(
            async c =>
            {
                var parameters = new { Listener = listenerId, Limit = RecentSongs };
                var recent = await c.QueryAsync<string>(new CommandDefinition(
                    """
                    SELECT song_id FROM plays WHERE listener_id = @Listener AND event <> 'error'
                    GROUP BY song_id ORDER BY MAX(time) DESC, MAX(id) DESC LIMIT @Limit;
                    """,
                    parameters,
                    cancellationToken: cancellationToken)).ConfigureAwait(false);
                var opinions = await c.QueryAsync<(string SongId, string Value)>(new CommandDefinition(
                    "SELECT song_id, value FROM feedback WHERE listener_id = @Listener;", parameters, cancellationToken: cancellationToken)).ConfigureAwait(false);
                var unplayable = await c.QueryAsync<string>(new CommandDefinition(
                    "SELECT DISTINCT song_id FROM plays WHERE listener_id = @Listener AND event = 'error';", parameters, cancellationToken: cancellationToken)).ConfigureAwait(false);
                var skips = await c.QueryAsync<(string SongId, long Count)>(new CommandDefinition(
                    "SELECT song_id, COUNT(*) FROM plays WHERE listener_id = @Listener AND event = 'skipped' GROUP BY song_id;", parameters, cancellationToken: cancellationToken)).ConfigureAwait(false);

                var liked = opinions.Where(o => o.Value == "like").Select(o => o.SongId).ToHashSet(StringComparer.Ordinal);
                var disliked = opinions.Where(o => o.Value == "dislike").Select(o => o.SongId).Concat(unplayable).ToHashSet(StringComparer.Ordinal);
                var catalog = songs.Catalog;
                var likedArtists = liked.Select(id => catalog.TryGet(id, out var song) ? song.Artist : null).OfType<string>()
                    .ToHashSet(StringComparer.OrdinalIgnoreCase);
                return new ListenerHistory
                {
                    RecentlyPlayed = [.. recent],
                    Liked = liked,
                    Disliked = disliked,
                    Skips = skips.ToDictionary(s => s.SongId, s => (int)s.Count, StringComparer.Ordinal),
                    LikedArtists = likedArtists,
                };
            },
            cancellationToken);

    /// <summary>The readings and plays in [from, to) (the latest <paramref name="limit"/> of each), their summaries, and the current likes, dislikes and skips.</summary>
    public async Task<HistorySummary> SummariseAsync(long listenerId, DateTimeOffset? from = null, DateTimeOffset? to = null, int limit = 1000, CancellationToken cancellationToken = default)
    {
        var moods = await readings.ListAsync(listenerId, from, to, limit, cancellationToken).ConfigureAwait(false);
        var played = await plays.ListAsync(listenerId, from, to, limit, cancellationToken).ConfigureAwait(false);
        var words = await feedback.ListAsync(listenerId, cancellationToken).ConfigureAwait(false);
        var skipCounts = await database.RunAsync(
            c => c.QueryAsync<(string SongId, long Count)>(new CommandDefinition(
                """
                SELECT song_id, COUNT(*) AS n FROM plays WHERE listener_id = @Listener AND event = 'skipped'
                GROUP BY song_id ORDER BY n DESC, MAX(time) DESC;
                """,
                new { Listener = listenerId },
                cancellationToken: cancellationToken)),
            cancellationToken).ConfigureAwait(false);

        var catalog = songs.Catalog;
        Song? Find(string id) => catalog.TryGet(id, out var song) ? song : null;
        return new HistorySummary(
            moods,
            MoodDistribution.PerDay(moods),
            MoodDistribution.PerWeek(moods),
            MoodDistribution.Swings(moods),
            [.. played.Select(p => new PlayedSong(p, Find(p.SongId)))],
            [.. words.Where(w => w.Value == SongFeedback.Like).Select(w => Find(w.SongId)).OfType<Song>()],
            [.. words.Where(w => w.Value == SongFeedback.Dislike).Select(w => Find(w.SongId)).OfType<Song>()],
            [.. skipCounts.Select(s => (Song: Find(s.SongId), s.Count)).Where(s => s.Song is not null).Select(s => new SkippedSong(s.Song!, (int)s.Count))]);
    }
}
