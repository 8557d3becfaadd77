using BenchmarkDotNet.Attributes;
using Moodtune.Mood;
using Moodtune.Music.Catalog;
using Moodtune.Music.Recommendation;

namespace Moodtune.Benchmarks;

/// <summary>A 20-song playlist from a catalog of 1,000,000 synthetic songs (features drawn like real pop music's).</summary>
public class RecommendationBenchmarks
{
    private SongCatalog _catalog = null!;
    private Recommender _recommender = null!;
    private ListenerHistory _history = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _catalog = new SongCatalog(Enumerable.Range(0, 1_000_000).Select(i =>
        {
            var artist = $"Artist {i % 50_000}";
            var title = $"Song {i}";
            return new Song
            {
                Id = $"s{i}",
                Title = title,
                Artist = artist,
                Language = i % 4 == 0 ? "hi" : "en",
                Valence = Beta(random, 2.2, 2),
                Energy = Beta(random, 3, 1.8),
                Tempo = 60 + (random.NextSingle() * 120),
                Popularity = random.Next(101),
            };
        }));
        _recommender = new Recommender();
        _history = new ListenerHistory
        {
            RecentlyPlayed = [.. Enumerable.Range(0, 50).Select(i => $"s{i * 997}")],
            Disliked = Enumerable.Range(0, 20).Select(i => $"s{i * 7919}").ToHashSet(),
            Liked = Enumerable.Range(0, 20).Select(i => $"s{i * 104_729}").ToHashSet(),
        };

        // The grid index is built once per catalog snapshot; build it here, not in the first measured call.
        Playlist(Strategy.Match, Emotion.Happy);
    }

    [Benchmark(Baseline = true)]
    public Playlist Match() => Playlist(Strategy.Match, Emotion.Sad);

    [Benchmark]
    public Playlist Uplift() => Playlist(Strategy.Uplift, Emotion.Sad);

    [Benchmark]
    public Playlist Calm() => Playlist(Strategy.Calm, Emotion.Angry);

    [Benchmark]
    public Playlist Energize() => Playlist(Strategy.Energize, Emotion.Neutral);

    [Benchmark]
    public Playlist UpliftHindiOnly() => _recommender.Recommend(_catalog, new RecommendationRequest
    {
        Mood = Circumplex.Picked(Emotion.Sad),
        Strategy = Strategy.Uplift,
        Languages = new HashSet<string> { "hi" },
        History = _history,
        Seed = 3,
    });

    private Playlist Playlist(Strategy strategy, Emotion emotion) => _recommender.Recommend(_catalog, new RecommendationRequest
    {
        Mood = Circumplex.Picked(emotion),
        Strategy = strategy,
        History = _history,
        Seed = 3,
    });

    // Beta(a, b) from two Marsaglia-Tsang gamma draws: skewed like the valence and energy histograms of real pop catalogs.
    private static float Beta(Random random, double a, double b)
    {
        var x = Gamma(random, a);
        return (float)(x / (x + Gamma(random, b)));
    }

    private static double Gamma(Random random, double shape)
    {
        var d = shape - (1.0 / 3);
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double z, v;
            do
            {
                var u1 = 1 - random.NextDouble();
                var u2 = random.NextDouble();
                z = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
                v = 1 + (c * z);
            }
            while (v <= 0);

            v = v * v * v;
            if (Math.Log(1 - random.NextDouble()) < (0.5 * z * z) + d - (d * v) + (d * Math.Log(v)))
            {
                return d * v;
            }
        }
    }
}
