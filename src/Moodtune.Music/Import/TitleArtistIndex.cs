namespace Moodtune.Music.Import;

/// <summary>
/// Finds a song by title and artist across data sets that spell them differently (<see cref="SongKeys"/>): titles
/// compare as keys, and artists match when the two credits share one name ("Lata Mangeshkar, Mohammed Rafi" matches
/// "Mohammed Rafi").
/// </summary>
internal sealed class TitleArtistIndex<T>
{
    private readonly Dictionary<string, List<(string[] Artists, T Value)>> _byTitle = new(StringComparer.Ordinal);

    public int Count { get; private set; }

    /// <summary>Adds a value; the first value added for a title and artist wins.</summary>
    public void Add(string title, string artist, T value)
    {
        var artists = SongKeys.Artists(artist);
        if (artists.Length == 0)
        {
            return;
        }

        var key = SongKeys.Title(title);
        if (!_byTitle.TryGetValue(key, out var entries))
        {
            entries = [];
            _byTitle.Add(key, entries);
        }

        entries.Add((artists, value));
        Count++;
    }

    /// <summary>The values whose title matches and whose artists share a name with <paramref name="artist"/>, first added first.</summary>
    public IEnumerable<T> Find(string title, string artist)
    {
        if (!_byTitle.TryGetValue(SongKeys.Title(title), out var entries))
        {
            yield break;
        }

        var artists = SongKeys.Artists(artist);
        foreach (var (candidates, value) in entries)
        {
            if (candidates.Intersect(artists, StringComparer.Ordinal).Any())
            {
                yield return value;
            }
        }
    }
}
