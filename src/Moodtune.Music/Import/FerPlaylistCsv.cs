using Moodtune.Music.Catalog;

namespace Moodtune.Music.Import;

/// <summary>
/// Reads one fer-emotion-playlists file (<c>,Name,Album,Artist</c>): a playlist picked for one facial expression, whose
/// name is the file's (angry.csv ... surprised.csv). Any song list named after a known mood word reads the same way.
/// </summary>
public static class FerPlaylistCsv
{
    public const string Source = "fer-emotion-playlists";

    /// <summary>The mood a playlist file stands for, from its name (<c>sad.csv</c> → sad), or null when the name is no mood word.</summary>
    public static string? MoodOf(string path)
    {
        var name = MoodWords.Normalize(Path.GetFileNameWithoutExtension(path));
        return MoodWords.Lookup(name) is null ? null : name;
    }

    public static IEnumerable<CatalogRow> Read(TextReader reader, string mood, string source = Source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (MoodWords.Lookup(mood) is null)
        {
            throw new ArgumentException($"'{mood}' is not a known mood word.", nameof(mood));
        }

        return Layout(mood, source).Read(reader);
    }

    private static CsvLayout<CatalogRow> Layout(string mood, string source) => new()
    {
        Name = "fer-playlist",
        Required = ["name", "artist"],
        Optional = ["album"],
        ToRow = r => r["name"].Length == 0
            ? SongRows.Skip(r.Line, "empty title")
            : new CatalogRow(r.Line, SongRows.FromMoodLabel(r["name"], r["artist"], mood, "en", source, SongRows.NullIfEmpty(r["album"])), null),
        Problem = SongRows.Skip,
    };
}
