using Moodtune.Mood;

namespace Moodtune.Music.Catalog;

/// <summary>The broad regions of the mood plane a catalog should cover.</summary>
public enum MoodRegion
{
    /// <summary>Near the origin: neither clearly positive nor negative, neither calm nor excited.</summary>
    Neutral,

    /// <summary>Positive and aroused: happy, upbeat, party.</summary>
    Upbeat,

    /// <summary>Positive and calm: relaxed, content, peaceful.</summary>
    Calm,

    /// <summary>Negative and calm: sad, melancholic.</summary>
    Sad,

    /// <summary>Negative and aroused: angry, tense, intense.</summary>
    Intense,
}

/// <summary>Song counts per language and per mood region.</summary>
public sealed record CatalogStats(int Songs, IReadOnlyDictionary<string, int> Languages, IReadOnlyDictionary<MoodRegion, int> Regions, int WithVideoId)
{
    private const float NeutralRadius = 0.15f;

    public static MoodRegion RegionOf(MoodPoint point) => point switch
    {
        _ when point.DistanceTo(MoodPoint.Neutral) < NeutralRadius => MoodRegion.Neutral,
        { Valence: >= 0, Arousal: >= 0 } => MoodRegion.Upbeat,
        { Valence: >= 0 } => MoodRegion.Calm,
        { Arousal: < 0 } => MoodRegion.Sad,
        _ => MoodRegion.Intense,
    };

    public static CatalogStats Of(SongCatalog catalog)
    {
        var songs = catalog.Songs;
        var languages = songs.GroupBy(s => s.Language).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count());
        var regions = Enum.GetValues<MoodRegion>().ToDictionary(r => r, _ => 0);
        foreach (var song in songs)
        {
            regions[RegionOf(song.Point)]++;
        }

        return new CatalogStats(songs.Count, languages, regions, songs.Count(s => s.YouTubeId is not null));
    }
}
