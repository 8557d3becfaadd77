using Moodtune.Music.Catalog;

namespace Moodtune.Music.Import;

/// <summary>
/// Reads the full Kaggle "Spotify and Youtube" layout (Artist, Track, Album, Spotify audio features, Url_youtube, Views...),
/// which users download themselves. The video id comes from <c>Url_youtube</c>; a URL that is not a YouTube video keeps
/// the song without an id, with a warning.
/// </summary>
public static class SpotifyYouTubeCsv
{
    public const string Source = "spotify-youtube";

    public static IEnumerable<CatalogRow> Read(TextReader reader, string source = Source) => Layout(source).Read(reader);

    private static CsvLayout<CatalogRow> Layout(string source) => new()
    {
        Name = "spotify-youtube",
        Required = ["track", "artist", "valence", "energy", "url_youtube"],
        Optional = ["album", "tempo"],
        ToRow = r => ToRow(r, source),
        Problem = SongRows.Skip,
    };

    private static CatalogRow ToRow(CsvRecord r, string source)
    {
        string title = r["track"], artist = r["artist"], url = r["url_youtube"];
        if (title.Length == 0)
        {
            return SongRows.Skip(r.Line, "empty track name");
        }

        if (SongRows.Features(r.Line, r["valence"], r["energy"], out var valence, out var energy) is { } skip)
        {
            return skip;
        }

        var hasId = YouTubeVideoId.TryParse(url, out var id);
        var song = new Song
        {
            Id = Song.MakeId(artist, title),
            Title = title,
            Artist = artist,
            Album = SongRows.NullIfEmpty(r["album"]),
            Language = "en",
            Valence = valence,
            Energy = energy,
            Tempo = SongRows.OptionalTempo(r["tempo"]),
            Features = FeatureOrigin.Measured,
            YouTubeId = hasId ? id : null,
            Source = source,
        };
        return new CatalogRow(r.Line, song, hasId || url.Length == 0 ? null : SongRows.UnrecognisedYouTubeUrl);
    }
}
