using Moodtune.Music.Catalog;

namespace Moodtune.Music.Import;

/// <summary>
/// Reads data-moods (data_moods.csv: Spotify tracks labelled Happy / Sad / Energetic / Calm, with audio features).
/// Valence, energy and tempo are Spotify's measurements; the label goes to <see cref="Song.Moods"/>.
/// </summary>
public static class DataMoodsCsv
{
    public const string Source = "data-moods";

    public static IEnumerable<CatalogRow> Read(TextReader reader, string source = Source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var csv = new CsvTable(reader, "data-moods");
        if (!csv.ReadHeader())
        {
            yield break;
        }

        var c = csv.Require("name", "artist", "valence", "energy", "mood");
        var columns = new Columns(c[0], c[1], c[2], c[3], c[4], csv.Optional("album"), csv.Optional("release_date"), csv.Optional("popularity"), csv.Optional("tempo"));
        while (csv.Read())
        {
            yield return csv.Problem is { } problem ? SongRows.Skip(csv.Line, problem) : ToRow(csv, columns, source);
        }
    }

    private static CatalogRow ToRow(CsvTable csv, Columns c, string source)
    {
        string title = csv[c.Name], artist = csv[c.Artist], mood = csv[c.Mood];
        if (title.Length == 0)
        {
            return SongRows.Skip(csv.Line, "empty title");
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
            Year = SongRows.Year(csv[c.ReleaseDate]),
            Language = "en",
            Valence = valence,
            Energy = energy,
            Tempo = SongRows.OptionalTempo(csv[c.Tempo]),
            Popularity = SongRows.OptionalInt(csv[c.Popularity]),
            Features = FeatureOrigin.Measured,
            Moods = mood.Length == 0 ? [] : [MoodWords.Normalize(mood)],
            Source = source,
        };
        return new CatalogRow(csv.Line, song, null);
    }

    private readonly record struct Columns(int Name, int Artist, int Valence, int Energy, int Mood, int Album, int ReleaseDate, int Popularity, int Tempo);
}
