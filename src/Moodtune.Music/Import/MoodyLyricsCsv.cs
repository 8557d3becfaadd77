using Moodtune.Music.Catalog;

namespace Moodtune.Music.Import;

/// <summary>
/// Reads MoodyLyrics (<c>Index,Artist,Song,Emotion</c>) and MoodyLyrics4Q (<c>Index,Artist,Title,Mood</c>): songs labelled
/// happy / angry / sad / relaxed. Names that were UTF-8-encoded twice are repaired (<see cref="Mojibake"/>); valence and
/// energy come from the label.
/// </summary>
public static class MoodyLyricsCsv
{
    public const string Source = "moodylyrics";
    public const string Source4Q = "moodylyrics4q";

    public static IEnumerable<CatalogRow> Read(TextReader reader, string source = Source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var csv = new CsvTable(reader, "moodylyrics");
        if (!csv.ReadHeader())
        {
            yield break;
        }

        var c = csv.Require("artist", "song|title", "emotion|mood");
        while (csv.Read())
        {
            yield return csv.Problem is { } problem ? SongRows.Skip(csv.Line, problem) : ToRow(csv, c, source);
        }
    }

    private static CatalogRow ToRow(CsvTable csv, int[] c, string source)
    {
        string artist = Mojibake.Repair(csv[c[0]]), title = Mojibake.Repair(csv[c[1]]), mood = csv[c[2]];
        if (title.Length == 0)
        {
            return SongRows.Skip(csv.Line, "empty title");
        }

        var song = SongRows.FromMoodLabel(title, artist, mood, "en", source);
        return song is null ? SongRows.Skip(csv.Line, SongRows.UnknownMood(mood)) : new CatalogRow(csv.Line, song, null);
    }
}
