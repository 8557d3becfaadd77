using System.Diagnostics;
using Moodtune.Mood;
using Moodtune.Music.Catalog;

namespace Moodtune.Music.Recommendation;

/// <summary>
/// Builds playlists: for each position the song nearest its target in pleasure-arousal-dominance space, adjusted by the
/// listener's feedback, a mild popularity prior, the cost of the step from the song before (<see cref="Transition"/>), a
/// rotation among near-equivalent songs and, on request, a preference for songs the page can play, under diversity rules
/// (no artist, credits split into people, twice within five songs; nothing from the recent history; no disliked song).
/// Thread-safe.
/// </summary>
public sealed class Recommender
{
    /// <summary>Songs a given artist must wait before appearing again.</summary>
    public const int ArtistGap = 5;

    /// <summary>
    /// How much a dominance difference counts against a valence or arousal difference of the same size. The three PAD axes
    /// share one scale, and dominance counts half as much again: it is the only axis that parts fear from anger, and at
    /// equal weight the few songs of that corner still filled both lists alike (7 of 20 shared in English, seed 1).
    /// </summary>
    public const float DominanceWeight = 1.5f;

    /// <summary>
    /// Songs whose scores lie within this of each other count as near-equivalent: each request orders them by its own
    /// rotation, so seven emotions heading for one goal do not all end on the same four songs.
    /// </summary>
    public const float RotationWidth = 0.25f;

    /// <summary>
    /// What a song that cannot play in the page costs when the request prefers playable songs
    /// (<see cref="RecommendationRequest.PreferPlayable"/>): a playable song up to this much farther from the target comes
    /// first, a closer fit still wins; liked songs and artists pay nothing. On the default catalog's 28 lists (seed 1) it
    /// raises the songs with a video from 242 to 412 of 560 while the mean distance to the target grows by 0.003
    /// (`moodtune catalog flow`); 0.2 gave 518 for 0.025, nearly a filter.
    /// </summary>
    public const float UnplayableCost = 0.1f;

    private const float LikedSongBonus = 0.15f;
    private const float LikedArtistBonus = 0.08f;
    private const float SkipPenalty = 0.1f;
    private const int MaxCountedSkips = 3;
    private const float PopularityWeight = 0.05f;

    /// <summary>
    /// The cost of a song the listener played recently but beyond <see cref="ListenerHistory.RecentWindow"/>, fading to
    /// half at the end of the history: older plays may return, but fresh near-equivalents come first.
    /// </summary>
    private const float ReplayPenalty = 0.6f;

    // The rotation is keyed by the listener's latest plays, not all of them: enough to move on once they listen.
    private const int RotationPlays = 20;

    private readonly Lock _gate = new();
    private MoodIndex? _index;

    /// <exception cref="ArgumentOutOfRangeException">Count is not positive.</exception>
    public Playlist Recommend(SongCatalog catalog, RecommendationRequest request)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.Count, 1);
        using var activity = MusicTelemetry.StartRecommendation();
        var started = Stopwatch.GetTimestamp();
        var index = IndexFor(catalog.Songs);
        var search = new Search(index, request);
        var targets = StrategyPath.Targets(request.Strategy, request.Mood.Point, request.Count);
        var dominance = StrategyPath.DominanceTargets(request.Strategy, request.Mood.Dominance, request.Count);
        var chosen = new List<RecommendedSong>(request.Count);
        for (var position = 0; position < targets.Length; position++)
        {
            var pick = search.Best(targets[position], dominance[position]);
            if (pick is not var (song, distance))
            {
                // Every song is ruled out (tiny catalog, narrow language filter): a shorter playlist beats a repeated song.
                break;
            }

            chosen.Add(new RecommendedSong(song, targets[position], distance, search.Reason(song, position)));
        }

        return MusicTelemetry.Record(new Playlist(request.Strategy, request.Mood, StrategyPath.Goal(request.Strategy, request.Mood.Point), chosen), started, activity);
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
    /// distance to the target minus its popularity prior, plus skips, the step from the previous song and the rotation
    /// (all only ever add), minus the bonus of liked songs and artists; those favourites are few, do not rotate and are scored directly, so
    /// the grid can stop at the first ring whose plane distance alone cannot beat the best score found.
    /// </summary>
    private sealed class Search
    {
        private readonly MoodIndex _index;
        private readonly RecommendationRequest _request;
        private readonly ulong _rotation;
        private readonly HashSet<string> _recent;
        private readonly Dictionary<string, float> _replays = new(StringComparer.Ordinal);
        private readonly HashSet<string> _likedArtists = new(ArtistCredit.Comparer);
        private readonly HashSet<int> _picked = [];
        private readonly List<int> _order = [];
        private readonly HashSet<int> _favourites = [];
        private readonly HashSet<string> _blocked = new(ArtistCredit.Comparer);
        private readonly List<(int Start, int End)> _ranges = [];

        public Search(MoodIndex index, RecommendationRequest request)
        {
            _index = index;
            _request = request;
            var history = request.History;
            _rotation = RotationKey(request);
            _recent = new HashSet<string>(history.RecentlyPlayed.Take(history.RecentWindow), StringComparer.Ordinal);
            var older = history.RecentlyPlayed.Count - history.RecentWindow;
            for (var k = 0; k < older; k++)
            {
                _replays.TryAdd(history.RecentlyPlayed[history.RecentWindow + k], ReplayPenalty * (1 - (0.5f * k / older)));
            }
            foreach (var id in history.Liked)
            {
                if (index.TryGetIndex(id, out var i))
                {
                    _favourites.Add(i);
                }
            }

            // Liked credits count per person: liking a duet of Kishore Kumar and Manna Dey is liking both.
            foreach (var credit in history.LikedArtists)
            {
                _likedArtists.UnionWith(ArtistCredit.Split(credit));
            }

            foreach (var artist in _likedArtists)
            {
                _favourites.UnionWith(index.SongsBy(artist));
            }
        }

        public (Song Song, float Distance)? Best(MoodPoint target, float dominance)
        {
            _blocked.Clear();
            for (var k = Math.Max(0, _order.Count - (ArtistGap - 1)); k < _order.Count; k++)
            {
                _blocked.UnionWith(_index.ArtistsOf(_order[k]));
            }

            var previous = _order.Count > 0 ? _order[^1] : -1;
            var best = -1;
            var bestScore = float.MaxValue;
            var bestDistance = 0f;
            var songs = _index.Songs;

            foreach (var i in _favourites)
            {
                var song = songs[i];
                if (Eligible(i, song))
                {
                    var plane = song.Point.DistanceTo(target);
                    // Favourites do not rotate, nor give way to playable songs: the listener's own choice is not a
                    // near-equivalent to be shuffled or traded.
                    var score = Distance(plane, SongDominance.Certainty(song) * (song.Dominance - dominance)) + Adjustment(i, song) + Step(previous, i);
                    if (score < bestScore)
                    {
                        (best, bestScore, bestDistance) = (i, score, plane);
                    }
                }
            }

            var center = MoodIndex.CellOf(target);
            var valence = _index.Valence;
            var arousal = _index.Arousal;
            var dominances = _index.Dominance;
            var certainties = _index.DominanceCertainty;
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
                        var plane = MathF.Sqrt((dv * dv) + (da * da));
                        if (plane - prior[slot] >= bestScore)
                        {
                            continue;
                        }

                        var lowest = Distance(plane, certainties[slot] * (dominances[slot] - dominance)) - prior[slot];
                        var i = _index.Order[slot];
                        if (lowest >= bestScore || _favourites.Contains(i) || !Eligible(i, songs[i]))
                        {
                            continue;
                        }

                        var score = lowest + SkipCost(songs[i]) + Step(previous, i) + Rotation(i) + Unplayable(i);
                        if (score < bestScore)
                        {
                            (best, bestScore, bestDistance) = (i, score, plane);
                        }
                    }
                }
            }

            if (best < 0)
            {
                return null;
            }

            _picked.Add(best);
            _order.Add(best);
            return (songs[best], bestDistance);
        }

        public string Reason(Song song, int position)
        {
            var reason = ReasonWriter.Reason(song, position, _request.Count, _request.Strategy, _request.History, _likedArtists);
            var despite = _index.TryGetIndex(song.Id, out var i) && !_favourites.Contains(i) && Unplayable(i) > 0;
            return despite ? reason + ReasonWriter.DespiteNoVideo : reason;
        }

        private static float Distance(float plane, float dominance) =>
            MathF.Sqrt((plane * plane) + (DominanceWeight * DominanceWeight * dominance * dominance));

        /// <summary>
        /// The request's rotation key: its seed (or a fresh draw), the listener's latest plays, the strategy and where the
        /// listener starts. Near-equivalent songs are ordered by it, so the same request with the same seed repeats, while
        /// another seed, another starting mood or a listener who has played on brings other songs forward.
        /// </summary>
        private static ulong RotationKey(RecommendationRequest request)
        {
            var key = request.Seed is int seed ? (ulong)(uint)seed : (ulong)Random.Shared.NextInt64();
            key = Mix(key ^ (ulong)request.Strategy);
            key = Mix(key ^ BitConverter.SingleToUInt32Bits(request.Mood.Point.Valence));
            key = Mix(key ^ ((ulong)BitConverter.SingleToUInt32Bits(request.Mood.Point.Arousal) << 32));
            key = Mix(key ^ BitConverter.SingleToUInt32Bits(request.Mood.Dominance));
            foreach (var id in request.History.RecentlyPlayed.Take(RotationPlays))
            {
                key = Mix(key ^ MoodIndex.StableHash(id));
            }

            return key;
        }

        // SplitMix64's finaliser: every bit of the input moves about half the output bits.
        private static ulong Mix(ulong z)
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        private float Rotation(int song) => RotationWidth * ((Mix(_rotation ^ _index.IdHashOf(song)) >> 40) / (float)(1 << 24));

        private float Unplayable(int song) =>
            _request.PreferPlayable && !_index.HasVideo(song) && !(_request.VideosCanBeFound && _index.NeverSearched(song)) ? UnplayableCost : 0;

        private float Step(int previous, int song) =>
            previous < 0 ? 0 : Transition.Cost(in _index.TraitsOf(previous), in _index.TraitsOf(song));

        private bool Eligible(int i, Song song)
        {
            if ((_request.Languages.Count > 0 && !_request.Languages.Contains(song.Language))
                || _picked.Contains(i)
                || _request.History.Disliked.Contains(song.Id)
                || _recent.Contains(song.Id))
            {
                return false;
            }

            foreach (var artist in _index.ArtistsOf(i))
            {
                if (_blocked.Contains(artist))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>What the listener's past says against a song: its skips, and a recent play beyond the window.</summary>
        private float SkipCost(Song song) =>
            (_request.History.Skips.TryGetValue(song.Id, out var skips) ? SkipPenalty * Math.Min(skips, MaxCountedSkips) : 0)
            + _replays.GetValueOrDefault(song.Id);

        private float Adjustment(int i, Song song)
        {
            var adjustment = SkipCost(song) - (PopularityWeight * ((song.Popularity ?? 50) / 100f));
            if (_request.History.Liked.Contains(song.Id))
            {
                adjustment -= LikedSongBonus;
            }

            if (_index.ArtistsOf(i).Any(_likedArtists.Contains))
            {
                adjustment -= LikedArtistBonus;
            }

            return adjustment;
        }
    }
}
