using Moodtune.Music.Catalog;

namespace Moodtune.Music.Import;

/// <summary>
/// Reads data-moods (data_moods.csv: Spotify tracks labelled Happy / Sad / Energetic / Calm, with audio features).
/// Valence, energy and tempo are Spotify's measurements; the label goes to <see cref="Song.Moods"/>.
/// </summary>
public static class DataMoodsCsv
{
    public const string Source = "data-moods";

    public static IEnumerable<CatalogRow> Read(TextReader reader, string source = Source) => Layout(source).Read(reader);

    private static CsvLayout<CatalogRow> Layout(string source) => new()
    {
        Name = "data-moods",
        Required = ["name", "artist", "valence", "energy", "mood"],
        Optional = ["album", "release_date", "popularity", "tempo"],
        ToRow = r => ToRow(r, source),
        Problem = SongRows.Skip,
    };

    private static CatalogRow ToRow(CsvRecord r, string source)
    {
        string title = r["name"], artist = r["artist"], mood = r["mood"];
        if (title.Length == 0)
        {
            return SongRows.Skip(r.Line, "empty title");
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
            Year = SongRows.Year(r["release_date"]),
            Language = "en",
            Valence = valence,
            Energy = energy,
            Tempo = SongRows.OptionalTempo(r["tempo"]),
            Popularity = SongRows.OptionalInt(r["popularity"]),
            Features = FeatureOrigin.Measured,
            Moods = mood.Length == 0 ? [] : [MoodWords.Normalize(mood)],
            Source = source,
        };
        return new CatalogRow(r.Line, song, null);
    }
}
