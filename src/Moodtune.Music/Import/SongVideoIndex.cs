using System.Text.RegularExpressions;
using Moodtune.Music.Catalog;

namespace Moodtune.Music.Import;

/// <summary>YouTube video ids by title and artist (<see cref="BollywoodMetadata.VideoIds(IEnumerable{string})"/>).</summary>
public sealed partial class SongVideoIndex
{
    private readonly TitleArtistIndex<(string Id, string Film)> _index = new();

    // The same songs under their titles without a version mark or subtitle ("(Male)", "(Happy)", "- II", "Lakshya (Haan
    // Yahi Rasta Hai Tera)"): MySwar lists a film's versions apart and adds a song's first line, a catalog names the song
    // once and shortly. A remix, reprise or unplugged take keeps its mark: it is another recording.
    private readonly TitleArtistIndex<(string Id, string Film)> _versions = new();

    /// <summary>How many songs with a video the index holds.</summary>
    public int Count => _index.Count;

    public void Add(string title, string artist, string youTubeId, string film = "")
    {
        ArgumentNullException.ThrowIfNull(title);
        var value = (youTubeId, FilmKey(film));
        _index.Add(title, artist, value);
        var plain = VersionMark().Replace(title, "");
        if (plain.Length > 0 && plain.Length < title.Length)
        {
            _versions.Add(plain, artist, value);
        }
    }

    /// <summary>Adds every song with a video; <paramref name="films"/> names the film of an album id.</summary>
    public void AddAll(IEnumerable<BollywoodSong> songs, IReadOnlyDictionary<string, string>? films = null)
    {
        ArgumentNullException.ThrowIfNull(songs);
        foreach (var song in songs)
        {
            if (song.YouTubeId is { } id)
            {
                Add(song.Title, song.Singers, id, films?.GetValueOrDefault(song.AlbumId) ?? "");
            }
        }
    }

    /// <summary>The first video whose title matches and whose singers share a name with <paramref name="artist"/>.</summary>
    public bool TryFind(string title, string artist, out string youTubeId)
    {
        youTubeId = _index.Find(title, artist).Select(v => v.Id).FirstOrDefault() ?? "";
        return youTubeId.Length > 0;
    }

    /// <summary>
    /// The distinct videos whose title matches, whose singers share a name with <paramref name="artist"/> and whose film
    /// is <paramref name="film"/>, ignoring case, accents, punctuation and a subtitle ("Gupt" is "Gupt: The Hidden
    /// Truth"). When the film has no song of exactly that title, its versions of it ("(Male)", "- II", "(Haan Yahi Rasta
    /// Hai Tera)") answer. Several answers mean the film holds several recordings of the song; the caller decides.
    /// </summary>
    public IReadOnlyList<string> FindInFilm(string title, string artist, string film)
    {
        var key = FilmKey(film);
        if (key.Length == 0)
        {
            return [];
        }

        var exact = InFilm(_index, title, artist, key);
        return exact.Count > 0 ? exact : InFilm(_versions, title, artist, key);
    }

    /// <summary>The films (as keys) of the videos whose title, or title without a version mark, and singers match: why <see cref="FindInFilm"/> found none.</summary>
    public IReadOnlyList<string> FilmsOf(string title, string artist) =>
        [.. _index.Find(title, artist).Concat(_versions.Find(title, artist)).Select(v => v.Film).Distinct()];

    private static List<string> InFilm(TitleArtistIndex<(string Id, string Film)> index, string title, string artist, string film) =>
        [.. index.Find(title, artist).Where(v => SameFilm(v.Film, film)).Select(v => v.Id).Distinct()];

    private static bool SameFilm(string a, string b) =>
        a.Length > 0 && (a == b || a.StartsWith(b + "-", StringComparison.Ordinal) || b.StartsWith(a + "-", StringComparison.Ordinal));

    private static string FilmKey(string film) => string.IsNullOrWhiteSpace(film) ? "" : Song.MakeId("", film).TrimStart('-');

    [GeneratedRegex(@"\s*(\((?![^)]*\b(remix|mix|unplugged|reprise|instrumental|karaoke|lo-?fi|cover|acoustic|live)\b)[^()]+\)|-\s*([ivx]+|\d+))\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex VersionMark();
}
