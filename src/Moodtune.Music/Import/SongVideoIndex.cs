using Moodtune.Music.Catalog;

namespace Moodtune.Music.Import;

/// <summary>YouTube video ids by title and artist (<see cref="BollywoodMetadata.VideoIds"/>).</summary>
public sealed class SongVideoIndex
{
    private readonly TitleArtistIndex<string> _index = new();

    /// <summary>How many songs with a video the index holds.</summary>
    public int Count => _index.Count;

    public void Add(string title, string artist, string youTubeId) => _index.Add(title, artist, youTubeId);

    public void AddAll(IEnumerable<BollywoodSong> songs)
    {
        ArgumentNullException.ThrowIfNull(songs);
        foreach (var song in songs)
        {
            if (song.YouTubeId is { } id)
            {
                Add(song.Title, song.Singers, id);
            }
        }
    }

    /// <summary>The first video whose title matches and whose singers share a name with <paramref name="artist"/>.</summary>
    public bool TryFind(string title, string artist, out string youTubeId)
    {
        youTubeId = _index.Find(title, artist).FirstOrDefault() ?? "";
        return youTubeId.Length > 0;
    }

    /// <summary>The song with a video id, when it has none and the index knows one.</summary>
    public Song Enrich(Song song)
    {
        ArgumentNullException.ThrowIfNull(song);
        return song.YouTubeId is null && TryFind(song.Title, song.Artist, out var id) ? song with { YouTubeId = id } : song;
    }
}
