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

    public static IEnumerable<CatalogRow> Read(TextReader reader, string source = Source) => Layout(source).Read(reader);

    private static CsvLayout<CatalogRow> Layout(string source) => new()
    {
        Name = "moodylyrics",
        Required = ["artist", "song|title", "emotion|mood"],
        ToRow = r => ToRow(r, source),
        Problem = SongRows.Skip,
    };

    private static CatalogRow ToRow(CsvRecord r, string source)
    {
        string artist = Mojibake.Repair(r["artist"]), title = Mojibake.Repair(r["song|title"]), mood = r["emotion|mood"];
        if (title.Length == 0)
        {
            return SongRows.Skip(r.Line, "empty title");
        }

        var song = SongRows.FromMoodLabel(title, artist, mood, "en", source);
        return song is null ? SongRows.Skip(r.Line, SongRows.UnknownMood(mood)) : new CatalogRow(r.Line, song, null);
    }
}
