using Moodtune.Music.Catalog;

namespace Moodtune.Music.Import;

/// <summary>
/// One song of bollywood-songs-metadata. <see cref="Problem"/> is either why the row is unusable (then
/// <see cref="Title"/> is empty) or a warning about its YouTube URL (the song is kept without an id).
/// </summary>
public readonly record struct BollywoodSong(long Line, string Title, string Singers, string? YouTubeId, string? Problem);

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

    /// <summary>The songs of one file, with the video id from <c>youtubeurlid</c> when present, else parsed from <c>youtube_url</c>.</summary>
    public static IEnumerable<BollywoodSong> ReadSongs(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var csv = new CsvTable(reader, "bollywood-metadata");
        if (!csv.ReadHeader())
        {
            yield break;
        }

        var c = csv.Require("song_title", "song_singers", "youtube_url");
        var idColumn = csv.Optional("youtubeurlid");
        while (csv.Read())
        {
            if (csv.Problem is { } problem)
            {
                yield return new BollywoodSong(csv.Line, "", "", null, problem);
                continue;
            }

            string title = csv[c[0]], singers = csv[c[1]];
            if (title.Length == 0)
            {
                yield return new BollywoodSong(csv.Line, "", "", null, "empty title");
                continue;
            }

            if (YouTubeVideoId.TryParse(csv[idColumn], out var id) || YouTubeVideoId.TryParse(csv[c[2]], out id))
            {
                yield return new BollywoodSong(csv.Line, title, singers, id, null);
            }
            else
            {
                yield return new BollywoodSong(csv.Line, title, singers, null, csv[c[2]].Length == 0 ? null : SongRows.UnrecognisedYouTubeUrl);
            }
        }
    }

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
    public static SongVideoIndex VideoIds(IEnumerable<string> songFiles)
    {
        ArgumentNullException.ThrowIfNull(songFiles);
        var index = new SongVideoIndex();
        foreach (var file in songFiles)
        {
            using var reader = CatalogFile.OpenText(file, out _);
            index.AddAll(ReadSongs(reader));
        }

        return index;
    }
}
