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

    public static IEnumerable<CatalogRow> Read(TextReader reader, string source = Source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var csv = new CsvTable(reader, "bollywood-moods");
        if (!csv.ReadHeader())
        {
            yield break;
        }

        var c = csv.Require("name", "artist", "genre");
        var album = csv.Optional("album/movie");
        while (csv.Read())
        {
            yield return csv.Problem is { } problem ? SongRows.Skip(csv.Line, problem) : ToRow(csv, c, album, source);
        }
    }

    /// <summary>A title as the sheet should have held it: trimmed, without an audio file's <c>.opus</c> extension.</summary>
    public static string CleanTitle(string title)
    {
        var clean = title.Trim();
        return clean.EndsWith(".opus", StringComparison.OrdinalIgnoreCase) ? clean[..^".opus".Length].TrimEnd() : clean;
    }

    private static CatalogRow ToRow(CsvTable csv, int[] c, int album, string source)
    {
        string title = CleanTitle(csv[c[0]]), artist = csv[c[1]], mood = csv[c[2]];
        if (title.Length == 0)
        {
            return SongRows.Skip(csv.Line, "empty title");
        }

        var song = SongRows.FromMoodLabel(title, artist, mood, "hi", source, SongRows.NullIfEmpty(csv[album]));
        return song is null ? SongRows.Skip(csv.Line, SongRows.UnknownMood(mood)) : new CatalogRow(csv.Line, song, null);
    }
}
