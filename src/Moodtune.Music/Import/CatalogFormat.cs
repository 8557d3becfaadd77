namespace Moodtune.Music.Import;

/// <summary>The file layouts the importer reads (and the few it recognises only to refuse them).</summary>
public enum CatalogFormat
{
    /// <summary>Pick the layout from the header row (and, for song lists named after a mood, the file name).</summary>
    Auto = 0,
    DataMoods,
    BollywoodMetadata,
    BollywoodMoods,
    HindiSpotify,
    Deezer,
    MoodyLyrics,
    MoodyLyrics4Q,
    FerPlaylist,
    SpotifyYouTube,
    GenericCsv,
    GenericJson,

    /// <summary>Recognised and refused: the column-reduced Kaggle copy has no titles and no video URLs.</summary>
    SpotifyYouTubeFeaturesOnly,

    /// <summary>Recognised and refused: AudioSet segment (or class) lists label 10-second clips, not songs.</summary>
    AudioSet,

    /// <summary>Recognised and refused: the album files of bollywood-songs-metadata list albums, not songs.</summary>
    BollywoodAlbums,
}

/// <summary>Names of the formats (as <c>--format</c> takes them), and detection from a header row.</summary>
public static class CatalogFormats
{
    private static readonly Dictionary<string, CatalogFormat> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["auto"] = CatalogFormat.Auto,
        ["data-moods"] = CatalogFormat.DataMoods,
        ["bollywood-metadata"] = CatalogFormat.BollywoodMetadata,
        ["bollywood-songs-metadata"] = CatalogFormat.BollywoodMetadata,
        ["bollywood-moods"] = CatalogFormat.BollywoodMoods,
        ["hindi-spotify"] = CatalogFormat.HindiSpotify,
        ["hindi-spotify-features"] = CatalogFormat.HindiSpotify,
        ["deezer"] = CatalogFormat.Deezer,
        ["deezer-mood-detection"] = CatalogFormat.Deezer,
        ["moodylyrics"] = CatalogFormat.MoodyLyrics,
        ["moodylyrics4q"] = CatalogFormat.MoodyLyrics4Q,
        ["fer-playlist"] = CatalogFormat.FerPlaylist,
        ["fer-emotion-playlists"] = CatalogFormat.FerPlaylist,
        ["spotify-youtube"] = CatalogFormat.SpotifyYouTube,
        ["generic-csv"] = CatalogFormat.GenericCsv,
        ["generic-json"] = CatalogFormat.GenericJson,
    };

    private static readonly Dictionary<CatalogFormat, string> Names = new()
    {
        [CatalogFormat.Auto] = "auto",
        [CatalogFormat.DataMoods] = "data-moods",
        [CatalogFormat.BollywoodMetadata] = "bollywood-metadata",
        [CatalogFormat.BollywoodMoods] = "bollywood-moods",
        [CatalogFormat.HindiSpotify] = "hindi-spotify",
        [CatalogFormat.Deezer] = "deezer",
        [CatalogFormat.MoodyLyrics] = "moodylyrics",
        [CatalogFormat.MoodyLyrics4Q] = "moodylyrics4q",
        [CatalogFormat.FerPlaylist] = "fer-playlist",
        [CatalogFormat.SpotifyYouTube] = "spotify-youtube",
        [CatalogFormat.GenericCsv] = "generic-csv",
        [CatalogFormat.GenericJson] = "generic-json",
        [CatalogFormat.SpotifyYouTubeFeaturesOnly] = "spotify-youtube-features-only",
        [CatalogFormat.AudioSet] = "audioset",
        [CatalogFormat.BollywoodAlbums] = "bollywood-albums",
    };

    /// <summary>The names <c>--format</c> accepts (data set folder names are accepted too).</summary>
    public static IReadOnlyList<string> Choices { get; } =
    [
        "auto", "data-moods", "bollywood-metadata", "bollywood-moods", "hindi-spotify", "deezer", "moodylyrics", "moodylyrics4q",
        "fer-playlist", "spotify-youtube", "generic-csv", "generic-json",
    ];

    public static string Name(CatalogFormat format) => Names[format];

    public static bool TryParse(string? name, out CatalogFormat format) => ByName.TryGetValue(name?.Trim() ?? "", out format);

    /// <summary>Why a recognised layout cannot be imported as songs, or null when it can.</summary>
    public static string? Refusal(CatalogFormat format) => format switch
    {
        CatalogFormat.SpotifyYouTubeFeaturesOnly =>
            "column-reduced Kaggle \"Spotify and Youtube\" copy: it has audio features but no track titles and no YouTube URLs, "
            + "so its rows cannot become songs (0 imported); import the full Kaggle file (with Track and Url_youtube) instead",
        CatalogFormat.AudioSet =>
            "AudioSet segment list: its rows label 10-second stretches of arbitrary YouTube videos (film scores, covers, "
            + "background music), not songs with a title and an artist (0 imported)",
        CatalogFormat.BollywoodAlbums =>
            "bollywood-songs-metadata album list: albums, not songs (0 imported); import the song files instead",
        _ => null,
    };

    /// <summary>
    /// The layout a header row (names trimmed, any case) belongs to, or <see cref="CatalogFormat.Auto"/> when none fits.
    /// The file name matters only for a bare song list (<c>,Name,Album,Artist</c>), whose mood is its name.
    /// </summary>
    public static CatalogFormat Detect(IReadOnlyList<string> header, string fileName)
    {
        ArgumentNullException.ThrowIfNull(header);
        var names = header.Select(h => h.Trim().TrimStart('\uFEFF').ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        bool Has(params string[] required) => required.All(names.Contains);

        if (header.Count > 0 && header[0].TrimStart('\uFEFF', ' ', '\t') is ['[' or '{', ..])
        {
            return CatalogFormat.GenericJson;
        }

        return true switch
        {
            _ when Has("ytid", "positive_labels") || Has("mid", "display_name") => CatalogFormat.AudioSet,
            _ when Has("song_title", "song_singers", "youtube_url") => CatalogFormat.BollywoodMetadata,
            _ when Has("album_uuid", "album_title") => CatalogFormat.BollywoodAlbums,
            _ when Has("track_name", "artist_name", "valence", "arousal") => CatalogFormat.Deezer,
            _ when Has("track uri", "track name", "artist name") => CatalogFormat.HindiSpotify,
            _ when Has("name", "artist", "valence", "energy", "mood") => CatalogFormat.DataMoods,
            _ when Has("name", "artist", "genre") => CatalogFormat.BollywoodMoods,
            _ when Has("track", "artist", "url_youtube") => CatalogFormat.SpotifyYouTube,
            _ when Has("artist", "album_type", "valence", "energy") => CatalogFormat.SpotifyYouTubeFeaturesOnly,
            _ when Has("artist", "song", "emotion") => CatalogFormat.MoodyLyrics,
            _ when Has("artist", "title", "mood") && !names.Contains("moods") => CatalogFormat.MoodyLyrics4Q,
            _ when Has("name", "artist") && FerPlaylistCsv.MoodOf(fileName) is not null => CatalogFormat.FerPlaylist,
            _ when Has("title", "artist") => CatalogFormat.GenericCsv,
            _ => CatalogFormat.Auto,
        };
    }
}
