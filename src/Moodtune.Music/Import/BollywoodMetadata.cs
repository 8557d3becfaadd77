using Moodtune.Music.Catalog;

namespace Moodtune.Music.Import;

/// <summary>
/// One song of bollywood-songs-metadata. <see cref="Problem"/> is either why the row is unusable (then
/// <see cref="Title"/> is empty) or a warning about its YouTube URL (the song is kept without an id).
/// </summary>
public readonly record struct BollywoodSong(long Line, string Title, string Singers, string? YouTubeId, string? Problem)
{
    /// <summary>The <c>album_uuid</c> joining the song to its film in the album files; empty when the file has none.</summary>
    public string AlbumId { get; init; } = "";
}

/// <summary>One album (a film or a non-film album) of bollywood-songs-metadata's <c>albums_*.csv</c>.</summary>
public readonly record struct BollywoodAlbum(string Id, string Title, int? Year);

/// <summary>
/// Reads the song files of bollywood-songs-metadata (raw <c>songs_*.csv</c>, 7 or 10 columns, and the filtered
/// <c>*_final.csv</c>, with or without the extracted id columns). The songs carry a YouTube video but no mood and no audio
/// features, so on their own they cannot be placed in mood space: the importer skips them, and uses them to give songs
/// already in the catalog their video (<see cref="Read"/>'s <c>match</c>), and <see cref="VideoIds"/> makes the same
/// lookup for any other use.
/// </summary>
public static class BollywoodMetadata
{
    public const string Source = "bollywood-songs-metadata";

    private static readonly CsvLayout<BollywoodSong> SongLayout = new()
    {
        Name = "bollywood-metadata",
        Required = ["song_title", "song_singers", "youtube_url"],
        Optional = ["youtubeurlid", "album_uuid"],
        ToRow = ToSong,
        Problem = (line, problem) => new BollywoodSong(line, "", "", null, problem),
    };

    private static readonly CsvLayout<BollywoodAlbum?> AlbumLayout = new()
    {
        Name = "bollywood-metadata albums",
        Required = ["album_uuid", "album_title"],
        Optional = ["album_year"],
        ToRow = r => r["album_uuid"].Length > 0 && r["album_title"].Length > 0
            ? new BollywoodAlbum(r["album_uuid"], r["album_title"], int.TryParse(r["album_year"], out var year) ? year : null)
            : null,
        Problem = (_, _) => null,
    };

    /// <summary>The songs of one file, with the video id from <c>youtubeurlid</c> when present, else parsed from <c>youtube_url</c>.</summary>
    public static IEnumerable<BollywoodSong> ReadSongs(TextReader reader) => SongLayout.Read(reader);

    /// <summary>
    /// Catalog rows for one file. <paramref name="match"/> finds the catalog song a title and singers name (or null); a matched
    /// song without a video gets this one. Unmatched songs are skipped: they have no mood or audio features.
    /// </summary>
    public static IEnumerable<CatalogRow> Read(TextReader reader, Func<string, string, Song?>? match = null)
    {
        foreach (var entry in ReadSongs(reader))
        {
            if (entry.Title.Length == 0)
            {
                yield return SongRows.Skip(entry.Line, entry.Problem ?? "empty title");
                continue;
            }

            if (match?.Invoke(entry.Title, entry.Singers) is not { } song)
            {
                yield return SongRows.Skip(entry.Line, entry.YouTubeId is null && entry.Problem is not null ? $"{SongRows.NoMoodOrFeatures}; YouTube URL not recognised" : SongRows.NoMoodOrFeatures);
                continue;
            }

            var enriched = song.YouTubeId is null && entry.YouTubeId is { } id ? song with { YouTubeId = id } : song;
            yield return new CatalogRow(entry.Line, enriched, entry.Problem);
        }
    }

    /// <summary>
    /// The video ids of every song in the given files, looked up by title and singer: for songs from other imports
    /// (bollywood-moods, hindi-spotify-features) that have none. Files are streamed; the index holds title, singers and id.
    /// </summary>
    public static SongVideoIndex VideoIds(IEnumerable<string> songFiles) => VideoIds(songFiles, []);

    /// <summary>
    /// <see cref="VideoIds(IEnumerable{string})"/>, with each video's film from <paramref name="albumFiles"/>, so
    /// <see cref="SongVideoIndex.FindInFilm"/> can tell a film's recording from a remake or a cover of the same title.
    /// </summary>
    public static SongVideoIndex VideoIds(IEnumerable<string> songFiles, IEnumerable<string> albumFiles)
    {
        ArgumentNullException.ThrowIfNull(songFiles);
        ArgumentNullException.ThrowIfNull(albumFiles);
        var films = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in albumFiles)
        {
            using var reader = CatalogFile.OpenText(file, out _);
            foreach (var album in ReadAlbums(reader))
            {
                films.TryAdd(album.Id, album.Title);
            }
        }

        var index = new SongVideoIndex();
        foreach (var file in songFiles)
        {
            using var reader = CatalogFile.OpenText(file, out _);
            index.AddAll(ReadSongs(reader), films);
        }

        return index;
    }

    /// <summary>The albums of one <c>albums_*.csv</c> file; rows without an id or a title are left out.</summary>
    public static IEnumerable<BollywoodAlbum> ReadAlbums(TextReader reader) =>
        AlbumLayout.Read(reader).Where(album => album is not null).Select(album => album!.Value);

    private static BollywoodSong ToSong(CsvRecord r)
    {
        string title = r["song_title"], singers = r["song_singers"], url = r["youtube_url"];
        if (title.Length == 0)
        {
            return new BollywoodSong(r.Line, "", "", null, "empty title");
        }

        return YouTubeVideoId.TryParse(r["youtubeurlid"], out var id) || YouTubeVideoId.TryParse(url, out id)
            ? new BollywoodSong(r.Line, title, singers, id, null) { AlbumId = r["album_uuid"] }
            : new BollywoodSong(r.Line, title, singers, null, url.Length == 0 ? null : SongRows.UnrecognisedYouTubeUrl) { AlbumId = r["album_uuid"] };
    }
}
