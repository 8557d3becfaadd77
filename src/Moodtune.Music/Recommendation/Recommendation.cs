using Moodtune.Mood;
using Moodtune.Music.Catalog;

namespace Moodtune.Music.Recommendation;

/// <summary>What to recommend for.</summary>
public sealed record RecommendationRequest
{
    public required MoodEstimate Mood { get; init; }

    public Strategy Strategy { get; init; } = Strategy.Match;

    /// <summary>ISO 639-1 codes to draw from; empty means every language.</summary>
    public IReadOnlySet<string> Languages { get; init; } = new HashSet<string>();

    public int Count { get; init; } = 20;

    public ListenerHistory History { get; init; } = ListenerHistory.Empty;

    /// <summary>Seed of the small randomness that makes two requests differ; null draws one.</summary>
    public int? Seed { get; init; }

    /// <summary>
    /// Whether songs that can play where the list is heard (the page's YouTube player needs a video id) come before songs
    /// that fit about as well but cannot: a preference, not a filter (<see cref="Recommender.UnplayableCost"/>).
    /// </summary>
    public bool PreferPlayable { get; init; }

    /// <summary>
    /// Whether a song without a video that was never looked up will be looked up before it is due (YouTube is connected):
    /// such a song counts as playable; one looked up without a result does not.
    /// </summary>
    public bool VideosCanBeFound { get; init; }
}

/// <summary>One song of a playlist, the point it was chosen for, and why.</summary>
public sealed record RecommendedSong(Song Song, MoodPoint Target, float Distance, string Reason);

/// <summary>A playlist for a mood and strategy.</summary>
public sealed record Playlist(Strategy Strategy, MoodEstimate Mood, MoodPoint Goal, IReadOnlyList<RecommendedSong> Songs);
