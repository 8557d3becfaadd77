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

    public static IEnumerable<CatalogRow> Read(TextReader reader, string source = Source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var csv = new CsvTable(reader, "spotify-youtube");
        if (!csv.ReadHeader())
        {
            yield break;
        }

        var c = csv.Require("track", "artist", "valence", "energy", "url_youtube");
        var columns = new Columns(c[0], c[1], c[2], c[3], c[4], csv.Optional("album"), csv.Optional("tempo"));
        while (csv.Read())
        {
            yield return csv.Problem is { } problem ? SongRows.Skip(csv.Line, problem) : ToRow(csv, columns, source);
        }
    }

    private static CatalogRow ToRow(CsvTable csv, Columns c, string source)
    {
        string title = csv[c.Track], artist = csv[c.Artist], url = csv[c.Url];
        if (title.Length == 0)
        {
            return SongRows.Skip(csv.Line, "empty track name");
        }

        if (SongRows.Features(csv.Line, csv[c.Valence], csv[c.Energy], out var valence, out var energy) is { } skip)
        {
            return skip;
        }

        var hasId = YouTubeVideoId.TryParse(url, out var id);
        var song = new Song
        {
            Id = Song.MakeId(artist, title),
            Title = title,
            Artist = artist,
            Album = SongRows.NullIfEmpty(csv[c.Album]),
            Language = "en",
            Valence = valence,
            Energy = energy,
            Tempo = SongRows.OptionalTempo(csv[c.Tempo]),
            Features = FeatureOrigin.Measured,
            YouTubeId = hasId ? id : null,
            Source = source,
        };
        return new CatalogRow(csv.Line, song, hasId || url.Length == 0 ? null : SongRows.UnrecognisedYouTubeUrl);
    }

    private readonly record struct Columns(int Track, int Artist, int Valence, int Energy, int Url, int Album, int Tempo);
}
