namespace Moodtune.Music.Recommendation;

/// <summary>
/// What a listener did before: the songs played (most recent first), liked and disliked songs, skips.
/// The recommender reads it; storage keeps it.
/// </summary>
public sealed record ListenerHistory
{
    public static ListenerHistory Empty { get; } = new();

    /// <summary>Song ids, most recent first. None of the last <see cref="RecentWindow"/> is offered again.</summary>
    public IReadOnlyList<string> RecentlyPlayed { get; init; } = [];

    public IReadOnlySet<string> Liked { get; init; } = new HashSet<string>();

    /// <summary>Never offered again to this listener.</summary>
    public IReadOnlySet<string> Disliked { get; init; } = new HashSet<string>();

    /// <summary>How often each song was skipped.</summary>
    public IReadOnlyDictionary<string, int> Skips { get; init; } = new Dictionary<string, int>();

    /// <summary>Artists of liked songs: whole credits or single names; the recommender splits credits into people (<see cref="Catalog.ArtistCredit"/>).</summary>
    public IReadOnlySet<string> LikedArtists { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    public int RecentWindow { get; init; } = 50;
}
