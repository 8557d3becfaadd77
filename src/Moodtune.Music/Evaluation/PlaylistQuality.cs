using Moodtune.Mood;
using Moodtune.Music.Catalog;
using Moodtune.Music.Recommendation;

namespace Moodtune.Music.Evaluation;

/// <summary>
/// How close one strategy's playlists for one emotion come to their targets, against random playlists from the same
/// catalog aimed at the same targets. A ratio well below 1 means the recommender really follows the mood.
/// </summary>
public sealed record QualityRow(string Catalog, Emotion Emotion, Strategy Strategy, int Songs, float MeanDistance, float RandomMeanDistance)
{
    public float Ratio => RandomMeanDistance <= 0 ? 1 : MeanDistance / RandomMeanDistance;
}

/// <summary>Agreement of estimated audio features with measured ones, over the songs both catalogs hold.</summary>
public sealed record FeatureAgreement(string Reference, int Songs, double ValenceCorrelation, double EnergyCorrelation);

public static class PlaylistQuality
{
    /// <summary>Every emotion with every strategy, averaged over a few seeded playlists.</summary>
    public static IReadOnlyList<QualityRow> Measure(string name, SongCatalog catalog, int count = 20, int trials = 5, int seed = 1)
    {
        var recommender = new Recommender();
        var songs = catalog.Songs;
        var rows = new List<QualityRow>();
        foreach (var emotion in EmotionProbabilities.All)
        {
            foreach (var strategy in Enum.GetValues<Strategy>())
            {
                double ours = 0, random = 0;
                var picked = 0;
                for (var trial = 0; trial < trials; trial++)
                {
                    var request = new RecommendationRequest { Mood = Circumplex.Picked(emotion), Strategy = strategy, Count = count, Seed = seed + trial };
                    var playlist = recommender.Recommend(catalog, request);
                    var draw = new Random(seed + trial);
                    foreach (var song in playlist.Songs)
                    {
                        ours += song.Distance;
                        random += songs[draw.Next(songs.Count)].Point.DistanceTo(song.Target);
                        picked++;
                    }
                }

                rows.Add(new QualityRow(name, emotion, strategy, picked / trials, picked == 0 ? 0 : (float)(ours / picked), picked == 0 ? 0 : (float)(random / picked)));
            }
        }

        return rows;
    }

    /// <summary>Pearson correlation of the estimated valence and energy with the measured ones, for songs in both catalogs (same id).</summary>
    public static FeatureAgreement Agreement(string referenceName, SongCatalog estimated, SongCatalog measured)
    {
        var pairs = new List<(Song Estimate, Song Measure)>();
        foreach (var song in estimated.Songs)
        {
            if (measured.TryGet(song.Id, out var reference) && reference.Features == FeatureOrigin.Measured)
            {
                pairs.Add((song, reference));
            }
        }

        return new FeatureAgreement(
            referenceName,
            pairs.Count,
            Pearson(pairs.Select(p => (double)p.Estimate.Valence), pairs.Select(p => (double)p.Measure.Valence)),
            Pearson(pairs.Select(p => (double)p.Estimate.Energy), pairs.Select(p => (double)p.Measure.Energy)));
    }

    public static double Pearson(IEnumerable<double> xs, IEnumerable<double> ys)
    {
        var x = xs.ToArray();
        var y = ys.ToArray();
        if (x.Length < 2)
        {
            return double.NaN;
        }

        double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Length; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }

        return sxx == 0 || syy == 0 ? double.NaN : sxy / Math.Sqrt(sxx * syy);
    }
}
