namespace Moodtune.Music.Catalog;

/// <summary>What an upsert did to the catalog.</summary>
public enum UpsertOutcome
{
    Added,
    Updated,
    Unchanged,
}

/// <summary>
/// The songs Moodtune can recommend, keyed by <see cref="Song.Id"/>. Thread-safe for many readers and one writer at a time.
/// Storage lives outside (a CSV/JSON file now, a database later): this type only holds and merges songs.
/// </summary>
public sealed class SongCatalog
{
    private readonly Dictionary<string, Song> _byId = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private Song[]? _snapshot;

    public SongCatalog()
    {
    }

    public SongCatalog(IEnumerable<Song> songs)
    {
        foreach (var song in songs)
        {
            Upsert(song);
        }
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _byId.Count;
            }
        }
    }

    /// <summary>An immutable snapshot of every song, in insertion order of first appearance.</summary>
    public IReadOnlyList<Song> Songs
    {
        get
        {
            lock (_gate)
            {
                return _snapshot ??= [.. _byId.Values];
            }
        }
    }

    public bool TryGet(string id, out Song song)
    {
        lock (_gate)
        {
            return _byId.TryGetValue(id, out song!);
        }
    }

    /// <summary>
    /// Adds a song, or merges it into the song with the same id: fields the new record knows replace the old ones,
    /// and fields it lacks (a YouTube id, the year, the tempo...) keep what the catalog already had. Audio features are
    /// replaced only by features at least as trustworthy (<see cref="FeatureOrigin"/>): a mood label never overwrites measurements.
    /// </summary>
    public UpsertOutcome Upsert(Song song)
    {
        ArgumentNullException.ThrowIfNull(song);
        lock (_gate)
        {
            if (!_byId.TryGetValue(song.Id, out var existing))
            {
                _byId.Add(song.Id, song);
                _snapshot = null;
                return UpsertOutcome.Added;
            }

            var merged = Merge(existing, song);
            if (SameContent(existing, merged))
            {
                return UpsertOutcome.Unchanged;
            }

            _byId[song.Id] = merged;
            _snapshot = null;
            return UpsertOutcome.Updated;
        }
    }

    private static Song Merge(Song old, Song update)
    {
        if (update.Features < old.Features)
        {
            update = update with { Valence = old.Valence, Energy = old.Energy, Tempo = old.Tempo, Features = old.Features };
        }

        return MergeFields(old, update);
    }

    private static Song MergeFields(Song old, Song update) => update with
    {
        Album = update.Album ?? old.Album,
        Year = update.Year ?? old.Year,
        Tempo = update.Tempo ?? old.Tempo,
        Popularity = update.Popularity ?? old.Popularity,
        YouTubeId = update.YouTubeId ?? old.YouTubeId,
        VideoSearchedOn = update.VideoSearchedOn ?? old.VideoSearchedOn,
        Genres = update.Genres.Count > 0 ? update.Genres : old.Genres,
        Moods = update.Moods.Count > 0 ? update.Moods : old.Moods,
    };

    private static bool SameContent(Song a, Song b) =>
        a with { Genres = [], Moods = [] } == b with { Genres = [], Moods = [] }
        && a.Genres.SequenceEqual(b.Genres)
        && a.Moods.SequenceEqual(b.Moods);
}
