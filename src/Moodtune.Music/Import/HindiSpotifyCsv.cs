using Moodtune.Music.Catalog;

namespace Moodtune.Music.Import;

/// <summary>
/// Reads hindi-spotify-features (hindi_songs.csv: Hindi film songs with Spotify audio features, no mood labels).
/// Rows whose track name is empty (tracks no longer on Spotify) are skipped; a track listed twice merges into one song.
/// </summary>
public static class HindiSpotifyCsv
{
    public const string Source = "hindi-spotify-features";

    public static IEnumerable<CatalogRow> Read(TextReader reader, string source = Source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var csv = new CsvTable(reader, "hindi-spotify");
        if (!csv.ReadHeader())
        {
            yield break;
        }

        var c = csv.Require("track name", "artist name", "valence", "energy");
        var columns = new Columns(c[0], c[1], c[2], c[3], csv.Optional("album"), csv.Optional("tempo"), csv.Optional("track popularity"), csv.Optional("artist genres"));
        while (csv.Read())
        {
            yield return csv.Problem is { } problem ? SongRows.Skip(csv.Line, problem) : ToRow(csv, columns, source);
        }
    }

    /// <summary>Spotify's artist genres as exported by pandas: <c>['classic bollywood', 'filmi']</c>.</summary>
    public static IReadOnlyList<string> ParseGenres(string text) =>
        [.. text.Trim().TrimStart('[').TrimEnd(']')
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(g => g.Trim('\'', '"', ' '))
            .Where(g => g.Length > 0)];

    private static CatalogRow ToRow(CsvTable csv, Columns c, string source)
    {
        string title = csv[c.Track], artist = csv[c.Artist];
        if (title.Length == 0)
        {
            return SongRows.Skip(csv.Line, "empty track name (track no longer available)");
        }

        if (SongRows.Features(csv.Line, csv[c.Valence], csv[c.Energy], out var valence, out var energy) is { } skip)
        {
            return skip;
        }

        var song = new Song
        {
            Id = Song.MakeId(artist, title),
            Title = title,
            Artist = artist,
            Album = SongRows.NullIfEmpty(csv[c.Album]),
            Language = "hi",
            Genres = ParseGenres(csv[c.Genres]),
            Valence = valence,
            Energy = energy,
            Tempo = SongRows.OptionalTempo(csv[c.Tempo]),
            Popularity = SongRows.OptionalInt(csv[c.Popularity]),
            Features = FeatureOrigin.Measured,
            Source = source,
        };
        return new CatalogRow(csv.Line, song, null);
    }

    private readonly record struct Columns(int Track, int Artist, int Valence, int Energy, int Album, int Tempo, int Popularity, int Genres);
}
