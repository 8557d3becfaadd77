using Moodtune.Music.Catalog;

namespace Moodtune.Music.Import;

/// <summary>
/// Reads deezer-mood-detection (train/validation/test.csv: Million Song Dataset songs with valence and arousal).
/// The scores are standardised over the corpus (mean 0, deviation 1, about -2.3..+2.8), so they are squashed into 0..1 by
/// <see cref="ToUnit"/>: valence becomes <see cref="Song.Valence"/>, arousal <see cref="Song.Energy"/>.
/// </summary>
public static class DeezerMoodCsv
{
    public const string Source = "deezer-mood-detection";

    // 1.702 makes the logistic curve match the standard normal CDF to within 0.01 (Bowling et al. 2009).
    private const double LogisticSlope = 1.702;

    public static IEnumerable<CatalogRow> Read(TextReader reader, string source = Source) => Layout(source).Read(reader);

    /// <summary>
    /// A standardised score to 0..1: the share of a normally distributed corpus that scores lower (the normal CDF,
    /// by its logistic approximation). The corpus mean goes to 0.5, one deviation to 0.85, two to 0.97; the order of songs
    /// is kept and nothing is clipped.
    /// </summary>
    public static float ToUnit(double z) => (float)(1 / (1 + Math.Exp(-LogisticSlope * z)));

    private static CsvLayout<CatalogRow> Layout(string source) => new()
    {
        Name = "deezer",
        Required = ["track_name", "artist_name", "valence", "arousal"],
        ToRow = r => ToRow(r, source),
        Problem = SongRows.Skip,
    };

    private static CatalogRow ToRow(CsvRecord r, string source)
    {
        string title = r["track_name"], artist = r["artist_name"];
        if (title.Length == 0)
        {
            return SongRows.Skip(r.Line, "empty track name");
        }

        if (SongRows.Number(r["valence"], "valence", out var valence) is { } badValence)
        {
            return SongRows.Skip(r.Line, badValence);
        }

        if (SongRows.Number(r["arousal"], "arousal", out var arousal) is { } badArousal)
        {
            return SongRows.Skip(r.Line, badArousal);
        }

        var song = new Song
        {
            Id = Song.MakeId(artist, title),
            Title = title,
            Artist = artist,
            Language = "en",
            Valence = ToUnit(valence),
            Energy = ToUnit(arousal),
            Features = FeatureOrigin.Measured,
            Source = source,
        };
        return new CatalogRow(r.Line, song, null);
    }
}
