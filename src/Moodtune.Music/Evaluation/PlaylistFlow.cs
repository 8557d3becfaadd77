using Moodtune.Mood;
using Moodtune.Music.Catalog;
using Moodtune.Music.Recommendation;

namespace Moodtune.Music.Evaluation;

/// <summary>How many of the fear/match songs angry/match also holds, for one language filter ("all", "en", "hi").</summary>
public sealed record FearAngerOverlap(string Languages, int Shared, int Songs, int AggressiveInFear);

/// <summary>
/// How alike the endings (last <see cref="PlaylistFlow.EndingLength"/> songs) of one strategy's lists are across the seven emotions:
/// the most emotions whose endings hold one same song, and the pairs of emotions whose endings share at least half their songs.
/// </summary>
public sealed record EndingReport(Strategy Strategy, int MostEmotionsSharingASong, int AlikePairs, IReadOnlyList<string> Example);

/// <summary>
/// Measures of the 28 lists (7 emotions x 4 strategies, one seed, fresh listener): whether fear and anger get different
/// music, how many distinct songs fill the slots, how smoothly each list moves, whether an artist returns within the
/// diversity window, and whether the lists end alike.
/// </summary>
public sealed record FlowReport(
    IReadOnlyList<FearAngerOverlap> FearAnger,
    int Slots,
    int DistinctSongs,
    int DistinctForOneListener,
    double MeanEnergyStep,
    int ArtistRepeats,
    IReadOnlyList<EndingReport> Endings,
    double SeedSharedSongs,
    double SeedSharedEnding);

public static class PlaylistFlow
{
    public const int EndingLength = 4;

    /// <summary>Measures the 28 lists of a catalog; <paramref name="languages"/> empty means every language.</summary>
    public static FlowReport Measure(SongCatalog catalog, IReadOnlySet<string> languages, int count = 20, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var recommender = new Recommender();
        var lists = Lists(recommender, catalog, languages, count, seed);
        var again = Lists(recommender, catalog, languages, count, seed + 1);

        var fearAnger = new List<FearAngerOverlap>();
        string[] filters = ["all", .. catalog.Songs.Select(s => s.Language).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        foreach (var filter in filters)
        {
            var only = filter == "all" ? languages : new HashSet<string>(StringComparer.Ordinal) { filter };
            var fear = Ids(recommender.Recommend(catalog, Request(Emotion.Fear, Strategy.Match, only, count, seed)));
            var angry = Ids(recommender.Recommend(catalog, Request(Emotion.Angry, Strategy.Match, only, count, seed)));
            var aggressive = fear.Count(id => catalog.TryGet(id, out var song) && song.Moods.Contains("aggressive", StringComparer.OrdinalIgnoreCase));
            fearAnger.Add(new FearAngerOverlap(filter, fear.Intersect(angry, StringComparer.Ordinal).Count(), fear.Length, aggressive));
        }

        var all = lists.Values.ToList();
        var steps = all.SelectMany(l => l.Zip(l.Skip(1), (a, b) => (double)Math.Abs(a.Song.Energy - b.Song.Energy))).ToList();
        var endings = Enum.GetValues<Strategy>().Where(s => s != Strategy.Match).Select(s => Endings(s, lists)).ToList();
        var shared = lists.Keys.Select(k => (double)Ids(lists[k]).Intersect(Ids(again[k]), StringComparer.Ordinal).Count()).ToList();
        var sharedEnding = lists.Keys.Select(k => (double)Ending(lists[k]).Intersect(Ending(again[k]), StringComparer.Ordinal).Count()).ToList();

        return new FlowReport(
            fearAnger,
            all.Sum(l => l.Count),
            all.SelectMany(Ids).Distinct(StringComparer.Ordinal).Count(),
            DistinctForOneListener(catalog, languages, count, seed),
            steps.Count == 0 ? 0 : steps.Average(),
            all.Sum(ArtistRepeats),
            endings,
            shared.Average(),
            sharedEnding.Average());
    }

    /// <summary>Pairs of songs within the diversity window (<see cref="Recommender.ArtistGap"/>) that share an artist, credits split.</summary>
    public static int ArtistRepeats(IReadOnlyList<RecommendedSong> list)
    {
        var repeats = 0;
        for (var i = 0; i < list.Count; i++)
        {
            for (var j = Math.Max(0, i - (Recommender.ArtistGap - 1)); j < i; j++)
            {
                if (ArtistCredit.Overlap(list[j].Song.Artist, list[i].Song.Artist))
                {
                    repeats++;
                }
            }
        }

        return repeats;
    }

    /// <summary>
    /// The 28 lists of one listener who plays each list through before asking for the next (emotion by emotion, strategy by
    /// strategy): the distinct songs they hear.
    /// </summary>
    public static int DistinctForOneListener(SongCatalog catalog, IReadOnlySet<string> languages, int count = 20, int seed = 1)
    {
        var recommender = new Recommender();
        var played = new List<string>();
        var heard = new HashSet<string>(StringComparer.Ordinal);
        foreach (var emotion in EmotionProbabilities.All)
        {
            foreach (var strategy in Enum.GetValues<Strategy>())
            {
                var history = new ListenerHistory { RecentlyPlayed = [.. Enumerable.Reverse(played).Take(200)] };
                var list = recommender.Recommend(catalog, Request(emotion, strategy, languages, count, seed) with { History = history }).Songs;
                played.AddRange(Ids(list));
                heard.UnionWith(Ids(list));
            }
        }

        return heard.Count;
    }

    private static Dictionary<(Emotion, Strategy), IReadOnlyList<RecommendedSong>> Lists(
        Recommender recommender, SongCatalog catalog, IReadOnlySet<string> languages, int count, int seed)
    {
        var lists = new Dictionary<(Emotion, Strategy), IReadOnlyList<RecommendedSong>>();
        foreach (var emotion in EmotionProbabilities.All)
        {
            foreach (var strategy in Enum.GetValues<Strategy>())
            {
                lists[(emotion, strategy)] = recommender.Recommend(catalog, Request(emotion, strategy, languages, count, seed)).Songs;
            }
        }

        return lists;
    }

    private static EndingReport Endings(Strategy strategy, Dictionary<(Emotion, Strategy), IReadOnlyList<RecommendedSong>> lists)
    {
        var endings = EmotionProbabilities.All.Select(e => Ending(lists[(e, strategy)])).ToList();
        var most = endings.SelectMany(e => e).GroupBy(id => id, StringComparer.Ordinal).Select(g => g.Count()).DefaultIfEmpty(0).Max();
        var alike = 0;
        for (var i = 0; i < endings.Count; i++)
        {
            for (var j = i + 1; j < endings.Count; j++)
            {
                if (2 * endings[i].Intersect(endings[j], StringComparer.Ordinal).Count() >= EndingLength)
                {
                    alike++;
                }
            }
        }

        var example = lists[(Emotion.Sad, strategy)].TakeLast(EndingLength).Select(r => $"{r.Song.Artist} - {r.Song.Title}").ToList();
        return new EndingReport(strategy, most, alike, example);
    }

    private static RecommendationRequest Request(Emotion emotion, Strategy strategy, IReadOnlySet<string> languages, int count, int seed) =>
        new() { Mood = Circumplex.Picked(emotion), Strategy = strategy, Languages = languages, Count = count, Seed = seed };

    private static IEnumerable<string> Ids(IReadOnlyList<RecommendedSong> list) => list.Select(r => r.Song.Id);

    private static string[] Ids(Playlist playlist) => [.. Ids(playlist.Songs)];

    private static string[] Ending(IReadOnlyList<RecommendedSong> list) => [.. list.TakeLast(EndingLength).Select(r => r.Song.Id)];
}
