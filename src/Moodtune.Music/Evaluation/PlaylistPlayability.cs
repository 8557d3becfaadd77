using Moodtune.Mood;
using Moodtune.Music.Catalog;
using Moodtune.Music.Recommendation;

namespace Moodtune.Music.Evaluation;

/// <summary>The 28 lists made one way: how many of their songs the page can play, and how far songs sit from their targets.</summary>
/// <param name="MeanDistance">Mean valence/arousal distance of each song to the point it was chosen for.</param>
/// <param name="FewestPlayable">The fewest songs the page can play in any one list.</param>
public sealed record PlayableLists(int Slots, int Playable, double MeanDistance, int FewestPlayable);

/// <summary>The 28 lists without and with <see cref="RecommendationRequest.PreferPlayable"/>.</summary>
public sealed record PlayabilityReport(PlayableLists Without, PlayableLists With);

/// <summary>
/// What preferring playable songs buys and costs on a catalog: the 28 lists (7 emotions x 4 strategies, one seed, fresh
/// listener) made without and with the preference.
/// </summary>
public static class PlaylistPlayability
{
    /// <summary>Measures a catalog's 28 lists; <paramref name="languages"/> empty means every language.</summary>
    public static PlayabilityReport Measure(SongCatalog catalog, IReadOnlySet<string> languages, int count = 20, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var recommender = new Recommender();
        return new PlayabilityReport(Lists(recommender, catalog, languages, count, seed, prefer: false), Lists(recommender, catalog, languages, count, seed, prefer: true));
    }

    private static PlayableLists Lists(Recommender recommender, SongCatalog catalog, IReadOnlySet<string> languages, int count, int seed, bool prefer)
    {
        var lists = (
            from emotion in EmotionProbabilities.All
            from strategy in Enum.GetValues<Strategy>()
            select recommender.Recommend(catalog, new RecommendationRequest
            {
                Mood = Circumplex.Picked(emotion), Strategy = strategy, Languages = languages, Count = count, Seed = seed, PreferPlayable = prefer,
            }).Songs).ToList();
        var songs = lists.SelectMany(l => l).ToList();
        return new PlayableLists(
            songs.Count,
            songs.Count(s => s.Song.YouTubeId is not null),
            songs.Count == 0 ? 0 : songs.Average(s => (double)s.Distance),
            lists.Min(l => l.Count(s => s.Song.YouTubeId is not null)));
    }
}
