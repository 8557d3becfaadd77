using Moodtune.Music.Catalog;

namespace Moodtune.Music.Import;

/// <summary>
/// Reads hindi-spotify-features (hindi_songs.csv: Hindi film songs with Spotify audio features, no mood labels).
/// Rows whose track name is empty (tracks no longer on Spotify) are skipped; a track listed twice merges into one song.
/// </summary>
public static class HindiSpotifyCsv
{
    public const string Source = "hindi-spotify-features";

    public static IEnumerable<CatalogRow> Read(TextReader reader, string source = Source) => Layout(source).Read(reader);

    /// <summary>Spotify's artist genres as exported by pandas: <c>['classic bollywood', 'filmi']</c>.</summary>
    public static IReadOnlyList<string> ParseGenres(string text) =>
        [.. text.Trim().TrimStart('[').TrimEnd(']')
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(g => g.Trim('\'', '"', ' '))
            .Where(g => g.Length > 0)];

    private static CsvLayout<CatalogRow> Layout(string source) => new()
    {
        Name = "hindi-spotify",
        Required = ["track name", "artist name", "valence", "energy"],
        Optional = ["album", "tempo", "track popularity", "artist genres"],
        ToRow = r => ToRow(r, source),
        Problem = SongRows.Skip,
    };

    private static CatalogRow ToRow(CsvRecord r, string source)
    {
        string title = r["track name"], artist = r["artist name"];
        if (title.Length == 0)
        {
            return SongRows.Skip(r.Line, "empty track name (track no longer available)");
        }

        if (SongRows.Features(r.Line, r["valence"], r["energy"], out var valence, out var energy) is { } skip)
        {
            return skip;
        }

        var song = new Song
        {
            Id = Song.MakeId(artist, title),
            Title = title,
            Artist = artist,
            Album = SongRows.NullIfEmpty(r["album"]),
            Language = "hi",
            Genres = ParseGenres(r["artist genres"]),
            Valence = valence,
            Energy = energy,
            Tempo = SongRows.OptionalTempo(r["tempo"]),
            Popularity = SongRows.OptionalInt(r["track popularity"]),
            Features = FeatureOrigin.Measured,
            Source = source,
        };
        return new CatalogRow(r.Line, song, null);
    }
}
