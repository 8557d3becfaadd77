using Moodtune.Mood;
using Moodtune.Music.Catalog;

namespace Moodtune.Music.Recommendation;

/// <summary>
/// Builds playlists: for each position the song nearest its target point in valence/arousal space, adjusted by the
/// listener's feedback, a mild popularity prior and a little randomness, under diversity rules (no artist twice
/// within five songs, nothing from the recent history, no disliked song). Thread-safe.
/// </summary>
public sealed class Recommender
{
    /// <summary>Songs a given artist must wait before appearing again.</summary>
    public const int ArtistGap = 5;

    private const float LikedSongBonus = 0.15f;
    private const float LikedArtistBonus = 0.08f;
    private const float SkipPenalty = 0.1f;
    private const int MaxCountedSkips = 3;
    private const float PopularityWeight = 0.05f;
    private const float Jitter = 0.06f;

    private readonly Lock _gate = new();
    private MoodIndex? _index;

    /// <exception cref="ArgumentOutOfRangeException">Count is not positive.</exception>
    public Playlist Recommend(SongCatalog catalog, RecommendationRequest request)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.Count, 1);
        var index = IndexFor(catalog.Songs);
        var search = new Search(index, request);
        var targets = StrategyPath.Targets(request.Strategy, request.Mood.Point, request.Count);
        var chosen = new List<RecommendedSong>(request.Count);
        for (var position = 0; position < targets.Length; position++)
        {
            var pick = search.Best(targets[position], chosen);
            if (pick is not var (song, distance))
            {
                // Every song is ruled out (tiny catalog, narrow language filter): a shorter playlist beats a repeated song.
                break;
            }

            chosen.Add(new RecommendedSong(song, targets[position], distance, ReasonWriter.Reason(song, position, request.Count, request.Strategy, request.History)));
        }

        return new Playlist(request.Strategy, request.Mood, StrategyPath.Goal(request.Strategy, request.Mood.Point), chosen);
    }

    private MoodIndex IndexFor(IReadOnlyList<Song> songs)
    {
        lock (_gate)
        {
            // The catalog hands out a new snapshot after every change; the index follows it.
            if (_index is null || !ReferenceEquals(_index.Songs, songs))
            {
                _index = new MoodIndex(songs, PopularityWeight);
            }

            return _index;
        }
    }

    /// <summary>
    /// One request's search: exact best score per position, by branch and bound over the grid. A song's score is its
    /// distance to the target minus its popularity prior, plus skips and jitter (both only ever add), minus the bonus of
    /// liked songs and artists; those favourites are few and scored directly, so the grid can stop at the first ring
    /// that cannot beat the best score found.
    /// </summary>
    private sealed class Search
    {
        private readonly MoodIndex _index;
        private readonly RecommendationRequest _request;
        private readonly Random _random;
        private readonly HashSet<string> _recent;
        private readonly HashSet<string> _picked = new(StringComparer.Ordinal);
        private readonly HashSet<int> _favourites = [];
        private readonly List<(int Start, int End)> _ranges = [];

        public Search(MoodIndex index, RecommendationRequest request)
        {
            _index = index;
            _request = request;
            _random = request.Seed is int seed ? new Random(seed) : new Random();
            var history = request.History;
            _recent = new HashSet<string>(history.RecentlyPlayed.Take(history.RecentWindow), StringComparer.Ordinal);
            foreach (var id in history.Liked)
            {
                if (index.TryGetIndex(id, out var i))
                {
                    _favourites.Add(i);
                }
            }

            foreach (var artist in history.LikedArtists)
            {
                _favourites.UnionWith(index.SongsBy(artist));
            }
        }

        public (Song Song, float Distance)? Best(MoodPoint target, List<RecommendedSong> chosen)
        {
            var blocked = new HashSet<string>(chosen.TakeLast(ArtistGap - 1).Select(r => r.Song.Artist), StringComparer.OrdinalIgnoreCase);
            var best = -1;
            var bestScore = float.MaxValue;
            var bestDistance = 0f;
            var songs = _index.Songs;

            foreach (var i in _favourites)
            {
                var song = songs[i];
                var distance = song.Point.DistanceTo(target);
                if (Eligible(song, blocked))
                {
                    var score = distance + Adjustment(song) + (Jitter * _random.NextSingle());
                    if (score < bestScore)
                    {
                        (best, bestScore, bestDistance) = (i, score, distance);
                    }
                }
            }

            var center = MoodIndex.CellOf(target);
            var valence = _index.Valence;
            var arousal = _index.Arousal;
            var prior = _index.Prior;
            for (var ring = 0; ring < MoodIndex.Cells; ring++)
            {
                if (((ring - 1) * MoodIndex.CellSize) - PopularityWeight >= bestScore)
                {
                    break;
                }

                _index.RingRanges(center, ring, _ranges);
                foreach (var (start, end) in _ranges)
                {
                    for (var slot = start; slot < end; slot++)
                    {
                        var dv = valence[slot] - target.Valence;
                        var da = arousal[slot] - target.Arousal;
                        var distance = MathF.Sqrt((dv * dv) + (da * da));
                        var lowest = distance - prior[slot];
                        if (lowest >= bestScore)
                        {
                            continue;
                        }

                        var i = _index.Order[slot];
                        var song = songs[i];
                        if (_favourites.Contains(i) || !Eligible(song, blocked))
                        {
                            continue;
                        }

                        var score = lowest + SkipCost(song) + (Jitter * _random.NextSingle());
                        if (score < bestScore)
                        {
                            (best, bestScore, bestDistance) = (i, score, distance);
                        }
                    }
                }
            }

            if (best < 0)
            {
                return null;
            }

            _picked.Add(songs[best].Id);
            return (songs[best], bestDistance);
        }

        private bool Eligible(Song song, HashSet<string> blockedArtists) =>
            (_request.Languages.Count == 0 || _request.Languages.Contains(song.Language))
            && !_request.History.Disliked.Contains(song.Id)
            && !_recent.Contains(song.Id)
            && !_picked.Contains(song.Id)
            && !blockedArtists.Contains(song.Artist);

        private float SkipCost(Song song) =>
            _request.History.Skips.TryGetValue(song.Id, out var skips) ? SkipPenalty * Math.Min(skips, MaxCountedSkips) : 0;

        private float Adjustment(Song song)
        {
            var history = _request.History;
            var adjustment = SkipCost(song) - (PopularityWeight * ((song.Popularity ?? 50) / 100f));
            if (history.Liked.Contains(song.Id))
            {
                adjustment -= LikedSongBonus;
            }

            if (history.LikedArtists.Contains(song.Artist))
            {
                adjustment -= LikedArtistBonus;
            }

            return adjustment;
        }
    }
}
