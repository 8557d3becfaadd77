using Moodtune.Music.Catalog;

namespace Moodtune.Music.Import;

/// <summary>
/// Reads bollywood-moods (final_Bollywood_songs.csv, the CSV export of the spreadsheet): Bollywood songs with a mood in the
/// column misnamed <c>Genre</c>. Stray spaces are trimmed and audio-file names lose their <c>.opus</c>; <c>Lastfm_url</c>
/// is ignored because it often names another song. Valence and energy come from the mood word.
/// </summary>
public static class BollywoodMoodsCsv
{
    public const string Source = "bollywood-moods";

    public static IEnumerable<CatalogRow> Read(TextReader reader, string source = Source) => Layout(source).Read(reader);

    /// <summary>A title as the sheet should have held it: trimmed, without an audio file's <c>.opus</c> extension.</summary>
    public static string CleanTitle(string title)
    {
        var clean = title.Trim();
        return clean.EndsWith(".opus", StringComparison.OrdinalIgnoreCase) ? clean[..^".opus".Length].TrimEnd() : clean;
    }

    private static CsvLayout<CatalogRow> Layout(string source) => new()
    {
        Name = "bollywood-moods",
        Required = ["name", "artist", "genre"],
        Optional = ["album/movie"],
        ToRow = r => ToRow(r, source),
        Problem = SongRows.Skip,
    };

    private static CatalogRow ToRow(CsvRecord r, string source)
    {
        string title = CleanTitle(r["name"]), artist = r["artist"], mood = r["genre"];
        if (title.Length == 0)
        {
            return SongRows.Skip(r.Line, "empty title");
        }

        var song = SongRows.FromMoodLabel(title, artist, mood, "hi", source, SongRows.NullIfEmpty(r["album/movie"]));
        return song is null ? SongRows.Skip(r.Line, SongRows.UnknownMood(mood)) : new CatalogRow(r.Line, song, null);
    }
}
