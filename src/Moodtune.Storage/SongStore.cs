using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;
using Moodtune.Music.Catalog;
using Moodtune.Music.Import;

namespace Moodtune.Storage;

/// <summary>
/// The song catalog: the songs table is the record, an in-memory <see cref="SongCatalog"/> the read model
/// (loaded at start, seeded from the default catalog when the table is empty). Changes are written to the table
/// first, in one transaction, then applied in memory with the catalog's merge rules. Every written row carries the
/// catalog's next revision; <see cref="RefreshAsync"/> reads the rows other processes wrote since the last one seen.
/// </summary>
public sealed class SongStore(MoodtuneDatabase database) : IDisposable
{
    private const string SelectSongs =
        """
        SELECT id, title, artist, album, year, language, genres, valence, energy, features, tempo, popularity, moods,
               youtube_id AS YouTubeId, video_searched_on AS VideoSearchedOn, source, revision
        FROM songs
        """;

    // The key of PostgreSQL's lock around a catalog write: "songs rev" in ASCII.
    private const long RevisionLock = 0x736f6e6773726576;

    private const int RowsPerBatch = 1000;

    private const string UpsertSql =
        """
        INSERT INTO songs (id, title, artist, album, year, language, genres, valence, energy, features, tempo, popularity, moods, youtube_id, video_searched_on, source, revision)
        VALUES (@id, @title, @artist, @album, @year, @language, @genres, @valence, @energy, @features, @tempo, @popularity, @moods, @youtube_id, @video_searched_on, @source, @revision)
        ON CONFLICT (id) DO UPDATE SET
            title = excluded.title, artist = excluded.artist, album = excluded.album, year = excluded.year, language = excluded.language,
            genres = excluded.genres, valence = excluded.valence, energy = excluded.energy, features = excluded.features, tempo = excluded.tempo,
            popularity = excluded.popularity, moods = excluded.moods, youtube_id = excluded.youtube_id,
            video_searched_on = excluded.video_searched_on, source = excluded.source, revision = excluded.revision;
        """;

    private static readonly string[] ColumnParameters =
        ["@id", "@title", "@artist", "@album", "@year", "@language", "@genres", "@valence", "@energy", "@features", "@tempo", "@popularity", "@moods", "@youtube_id", "@video_searched_on", "@source"];

    private readonly SemaphoreSlim _writer = new(1, 1);
    private SongCatalog? _catalog;
    private long _revision;

    /// <summary>The database the songs are kept in.</summary>
    public MoodtuneDatabase Database => database;

    public string DatabasePath => database.Path;

    /// <summary>The catalog in memory.</summary>
    /// <exception cref="InvalidOperationException"><see cref="LoadAsync"/> has not run.</exception>
    public SongCatalog Catalog => _catalog ?? throw new InvalidOperationException("The song catalog is not loaded: call SongStore.LoadAsync at start.");

    /// <summary>Loads the catalog from the table, seeding it when empty from <paramref name="seed"/> (default: <see cref="DefaultCatalog"/>).</summary>
    public async Task<SongCatalog> LoadAsync(Func<SongCatalog>? seed = null, CancellationToken cancellationToken = default)
    {
        var count = await database.RunAsync(
            c => c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM songs;", cancellationToken: cancellationToken)),
            cancellationToken).ConfigureAwait(false);
        if (count == 0)
        {
            await WriteAsync((seed ?? DefaultCatalog.Load)().Songs, cancellationToken).ConfigureAwait(false);
        }

        var rows = (await database.RunAsync(
            c => c.QueryAsync<SongRow>(new CommandDefinition($"{SelectSongs} ORDER BY id;", cancellationToken: cancellationToken)),
            cancellationToken).ConfigureAwait(false)).ToList();
        var catalog = new SongCatalog(rows.Select(r => r.ToSong()));
        _revision = rows.Count == 0 ? 0 : rows.Max(r => r.Revision);
        _catalog = catalog;
        return catalog;
    }

    /// <summary>
    /// Applies to the catalog in memory the rows written since the last load or refresh, by this process or another one
    /// sharing the database (rows are whole, already merged, so applying one of this process's own writes again changes nothing).
    /// </summary>
    /// <returns>How many songs were added or changed in memory (0 before <see cref="LoadAsync"/>).</returns>
    public async Task<int> RefreshAsync(CancellationToken cancellationToken = default)
    {
        if (_catalog is not { } live)
        {
            return 0;
        }

        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var seen = _revision;
            var rows = (await database.RunAsync(
                c => c.QueryAsync<SongRow>(new CommandDefinition(
                    $"{SelectSongs} WHERE revision > @seen ORDER BY revision, id;", new { seen }, cancellationToken: cancellationToken)),
                cancellationToken).ConfigureAwait(false)).ToList();
            var changed = 0;
            foreach (var row in rows)
            {
                var song = row.ToSong();
                if (!live.TryGet(song.Id, out var old) || !SameSong(old, song))
                {
                    live.Upsert(song);
                    changed++;
                }

                _revision = Math.Max(_revision, row.Revision);
            }

            return changed;
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>Adds or updates songs with the catalog's merge rules: the table first, then memory.</summary>
    /// <returns>How many songs changed.</returns>
    public async Task<int> SaveAsync(IEnumerable<Song> songs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(songs);
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var live = Catalog;
            var scratch = new SongCatalog();
            var changed = new Dictionary<string, Song>(StringComparer.Ordinal);
            foreach (var song in songs)
            {
                if (live.TryGet(song.Id, out var old) && !scratch.TryGet(song.Id, out _))
                {
                    scratch.Upsert(old);
                }

                if (scratch.Upsert(song) != UpsertOutcome.Unchanged && scratch.TryGet(song.Id, out var merged))
                {
                    changed[song.Id] = merged;
                }
            }

            return await ApplyAsync(changed.Values, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>Imports a file or folder (as `moodtune catalog import`) and stores what changed.</summary>
    /// <param name="maxSongs">The most songs the catalog may hold (<see cref="CatalogImporter.Import"/>).</param>
    public Task<ImportReport> ImportAsync(string path, CatalogFormat format = CatalogFormat.Auto, int maxSongs = int.MaxValue, CancellationToken cancellationToken = default) =>
        ChangeAsync((copy, ct) => Task.Run(() => CatalogImporter.Import(copy, path, format, maxSongs, ct), ct), cancellationToken);

    /// <summary>
    /// Lets <paramref name="change"/> work on a copy of the catalog (an import, a batch of video lookups), then stores the
    /// songs it added or replaced: a failure midway leaves memory as the table is.
    /// </summary>
    public async Task<T> ChangeAsync<T>(Func<SongCatalog, CancellationToken, Task<T>> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var before = Catalog.Songs;
            var copy = new SongCatalog(before);
            var result = await change(copy, cancellationToken).ConfigureAwait(false);
            var old = before.ToDictionary(s => s.Id, StringComparer.Ordinal);
            var changed = copy.Songs.Where(s => !old.TryGetValue(s.Id, out var o) || !ReferenceEquals(o, s)).ToList();
            await ApplyAsync(changed, cancellationToken).ConfigureAwait(false);
            return result;
        }
        finally
        {
            _writer.Release();
        }
    }

    private async Task<int> ApplyAsync(IReadOnlyCollection<Song> merged, CancellationToken cancellationToken)
    {
        if (merged.Count == 0)
        {
            return 0;
        }

        await WriteAsync(merged, cancellationToken).ConfigureAwait(false);
        foreach (var song in merged)
        {
            Catalog.Upsert(song);
        }

        return merged.Count;
    }

    public void Dispose() => _writer.Dispose();

    // Songs equal field by field (a record's generated equality compares the genre and mood arrays by reference).
    private static bool SameSong(Song a, Song b) =>
        a with { Genres = [], Moods = [] } == b with { Genres = [], Moods = [] } && a.Genres.SequenceEqual(b.Genres) && a.Moods.SequenceEqual(b.Moods);

    private Task<int> WriteAsync(IEnumerable<Song> songs, CancellationToken cancellationToken) =>
        database.InTransactionAsync(
            async (c, t) =>
            {
                // SQLite's transaction holds the write lock from its start (BEGIN IMMEDIATE); PostgreSQL's takes a lock of
                // the catalog's own, so that no other writer (another node) can take the same revision.
                if (database.IsPostgres)
                {
                    await c.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@RevisionLock);", new { RevisionLock }, t, cancellationToken: cancellationToken)).ConfigureAwait(false);
                }

                var revision = await c.ExecuteScalarAsync<long>(new CommandDefinition(
                    "SELECT COALESCE(MAX(revision), 0) + 1 FROM songs;", transaction: t, cancellationToken: cancellationToken)).ConfigureAwait(false);

                // SQLite runs in this process: one prepared statement for every row keeps a million-song import a matter of
                // seconds. Each statement to a server is a round trip: there rows go a thousand at a time.
                if (c.CanCreateBatch)
                {
                    await WriteInBatchesAsync(c, t, songs, revision, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await WriteOneByOneAsync(c, t, songs, revision, cancellationToken).ConfigureAwait(false);
                }

                return 0;
            },
            cancellationToken);

    private static async Task WriteOneByOneAsync(DbConnection connection, DbTransaction transaction, IEnumerable<Song> songs, long revision, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = UpsertSql;
        var parameters = AddParameters(command.Parameters, command.CreateParameter, revision);
        foreach (var song in songs)
        {
            SetValues(parameters, song);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task WriteInBatchesAsync(DbConnection connection, DbTransaction transaction, IEnumerable<Song> songs, long revision, CancellationToken cancellationToken)
    {
        using var batch = connection.CreateBatch();
        batch.Transaction = transaction;
        foreach (var song in songs)
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = UpsertSql;
            SetValues(AddParameters(command.Parameters, command.CreateParameter, revision), song);
            batch.BatchCommands.Add(command);
            if (batch.BatchCommands.Count == RowsPerBatch)
            {
                await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                batch.BatchCommands.Clear();
            }
        }

        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The revision's parameter, and one per column of a song (their values set by <see cref="SetValues"/>).</summary>
    private static DbParameter[] AddParameters(DbParameterCollection collection, Func<DbParameter> create, long revision)
    {
        Add("@revision").Value = revision;
        return [.. ColumnParameters.Select(Add)];

        DbParameter Add(string name)
        {
            var parameter = create();
            parameter.ParameterName = name;
            collection.Add(parameter);
            return parameter;
        }
    }

    private static void SetValues(DbParameter[] parameters, Song song)
    {
        object?[] values =
        [
            song.Id, song.Title, song.Artist, song.Album, song.Year, song.Language, JsonSerializer.Serialize(song.Genres),
            (double)song.Valence, (double)song.Energy, song.Features.ToString(), song.Tempo is { } tempo ? (double)tempo : null, song.Popularity,
            JsonSerializer.Serialize(song.Moods), song.YouTubeId, song.VideoSearchedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), song.Source,
        ];
        for (var i = 0; i < values.Length; i++)
        {
            parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }

    private sealed class SongRow
    {
        public string Id { get; set; } = "";

        public string Title { get; set; } = "";

        public string Artist { get; set; } = "";

        public string? Album { get; set; }

        public long? Year { get; set; }

        public string Language { get; set; } = "";

        public string Genres { get; set; } = "[]";

        public double Valence { get; set; }

        public double Energy { get; set; }

        public string Features { get; set; } = "";

        public double? Tempo { get; set; }

        public long? Popularity { get; set; }

        public string Moods { get; set; } = "[]";

        public string? YouTubeId { get; set; }

        public string? VideoSearchedOn { get; set; }

        public string Source { get; set; } = "";

        public long Revision { get; set; }

        public Song ToSong() => new()
        {
            Id = Id,
            Title = Title,
            Artist = Artist,
            Album = Album,
            Year = Year is { } year ? (int)year : null,
            Language = Language,
            Genres = JsonSerializer.Deserialize<string[]>(Genres) ?? [],
            Valence = (float)Valence,
            Energy = (float)Energy,
            Features = Enum.Parse<FeatureOrigin>(Features),
            Tempo = Tempo is { } tempo ? (float)tempo : null,
            Popularity = Popularity is { } popularity ? (int)popularity : null,
            Moods = JsonSerializer.Deserialize<string[]>(Moods) ?? [],
            YouTubeId = YouTubeId,
            VideoSearchedOn = VideoSearchedOn is { } day ? DateOnly.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
            Source = Source,
        };
    }
}
