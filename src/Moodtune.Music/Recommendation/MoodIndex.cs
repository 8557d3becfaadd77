using Moodtune.Mood;
using Moodtune.Music.Catalog;

namespace Moodtune.Music.Recommendation;

/// <summary>
/// The songs bucketed on a uniform grid over the valence/arousal plane, with their coordinates, dominance and popularity
/// prior in flat arrays, so a search reads a few neighbouring cells instead of the whole catalog. Dominance stays out of the
/// grid: the plane's distance is a lower bound of the full one, which is all the search needs to stop early. Written by hand: the search mixes
/// distance with per-listener rules no spatial library knows, and a grid over a bounded plane is a few dozen lines.
/// </summary>
public sealed class MoodIndex
{
    /// <summary>Cells per axis: about 60 songs a cell for a million songs.</summary>
    public const int Cells = 128;

    public const float CellSize = 2f / Cells;

    private readonly int[] _cellStart;
    private readonly Dictionary<string, int> _byId;
    private readonly Dictionary<string, List<int>> _byArtist;
    private readonly string[][] _artists;
    private readonly SongTraits[] _traits;
    private readonly ulong[] _idHashes;
    private readonly bool[] _hasVideo;
    private readonly bool[] _neverSearched;

    public MoodIndex(IReadOnlyList<Song> songs, float popularityWeight)
    {
        Songs = songs;
        var count = songs.Count;
        var points = new MoodPoint[count];
        var cellOf = new int[count];
        _cellStart = new int[(Cells * Cells) + 1];
        _byId = new Dictionary<string, int>(count, StringComparer.Ordinal);
        _byArtist = new Dictionary<string, List<int>>(ArtistCredit.Comparer);
        _artists = new string[count][];
        _traits = new SongTraits[count];
        _idHashes = new ulong[count];
        var dominance = new float[count];
        var certainty = new float[count];
        _hasVideo = new bool[count];
        _neverSearched = new bool[count];
        for (var i = 0; i < count; i++)
        {
            points[i] = songs[i].Point;
            cellOf[i] = Cell(points[i]);
            _cellStart[cellOf[i] + 1]++;
            _byId[songs[i].Id] = i;
            _artists[i] = [.. songs[i].Artists];
            _traits[i] = SongTraits.Of(songs[i]);
            _idHashes[i] = StableHash(songs[i].Id);
            dominance[i] = songs[i].Dominance;
            certainty[i] = SongDominance.Certainty(songs[i]);
            _hasVideo[i] = songs[i].YouTubeId is not null;
            _neverSearched[i] = songs[i].YouTubeId is null && songs[i].VideoSearchedOn is null;
            foreach (var artist in _artists[i])
            {
                if (!_byArtist.TryGetValue(artist, out var list))
                {
                    _byArtist[artist] = list = [];
                }

                list.Add(i);
            }
        }

        for (var c = 0; c < Cells * Cells; c++)
        {
            _cellStart[c + 1] += _cellStart[c];
        }

        // Counting sort by cell: each cell's songs are one contiguous run of the arrays below.
        Order = new int[count];
        Valence = new float[count];
        Arousal = new float[count];
        Dominance = new float[count];
        DominanceCertainty = new float[count];
        Prior = new float[count];
        var next = _cellStart[..^1];
        for (var i = 0; i < count; i++)
        {
            var slot = next[cellOf[i]]++;
            Order[slot] = i;
            Valence[slot] = points[i].Valence;
            Arousal[slot] = points[i].Arousal;
            Dominance[slot] = dominance[i];
            DominanceCertainty[slot] = certainty[i];

            // Unknown popularity counts as middling, so obscure imports are neither favoured nor buried.
            Prior[slot] = popularityWeight * ((songs[i].Popularity ?? 50) / 100f);
        }
    }

    public IReadOnlyList<Song> Songs { get; }

    /// <summary>Catalog index of the song in each slot.</summary>
    internal int[] Order { get; }

    internal float[] Valence { get; }

    internal float[] Arousal { get; }

    internal float[] Dominance { get; }

    /// <summary>How much each slot's dominance is worth (<see cref="SongDominance.Certainty"/>).</summary>
    internal float[] DominanceCertainty { get; }

    /// <summary>The popularity bonus of the song in each slot (subtracted from its score).</summary>
    internal float[] Prior { get; }

    internal bool TryGetIndex(string id, out int index) => _byId.TryGetValue(id, out index);

    /// <summary>The songs whose credit names this person or act.</summary>
    internal IReadOnlyList<int> SongsBy(string artist) => _byArtist.TryGetValue(artist, out var list) ? list : [];

    /// <summary>The people and acts of a song's credit (<see cref="ArtistCredit.Split"/>), by catalog index.</summary>
    internal string[] ArtistsOf(int song) => _artists[song];

    internal ref readonly SongTraits TraitsOf(int song) => ref _traits[song];

    /// <summary>Whether the song has a YouTube video id, so an in-page player can play it.</summary>
    internal bool HasVideo(int song) => _hasVideo[song];

    /// <summary>Whether the song has no video id and YouTube was never asked for one.</summary>
    internal bool NeverSearched(int song) => _neverSearched[song];

    /// <summary>A hash of the song's id that is the same in every process, so a seeded rotation repeats across runs.</summary>
    internal ulong IdHashOf(int song) => _idHashes[song];

    /// <summary>FNV-1a over the id's characters: string.GetHashCode differs between processes.</summary>
    internal static ulong StableHash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }

    /// <summary>The grid cell of a point, as (valence column, arousal row).</summary>
    internal static (int V, int A) CellOf(MoodPoint point) => (Coordinate(point.Valence), Coordinate(point.Arousal));

    /// <summary>
    /// The slots of the cells on ring <paramref name="ring"/> around a centre cell (ring 0 is the cell itself), as ranges.
    /// Every point of ring r lies at least (r - 1) cell sizes from any point of the centre cell.
    /// </summary>
    internal void RingRanges((int V, int A) center, int ring, List<(int Start, int End)> ranges)
    {
        ranges.Clear();
        for (var cv = center.V - ring; cv <= center.V + ring; cv++)
        {
            if (cv < 0 || cv >= Cells)
            {
                continue;
            }

            var edge = Math.Abs(cv - center.V) == ring;
            for (var ca = center.A - ring; ca <= center.A + ring; ca += edge ? 1 : 2 * ring)
            {
                if (ca >= 0 && ca < Cells)
                {
                    var cell = (cv * Cells) + ca;
                    if (_cellStart[cell] < _cellStart[cell + 1])
                    {
                        ranges.Add((_cellStart[cell], _cellStart[cell + 1]));
                    }
                }

                if (ring == 0)
                {
                    break;
                }
            }
        }
    }

    private static int Coordinate(float value) => Math.Clamp((int)((value + 1) / CellSize), 0, Cells - 1);

    private static int Cell(MoodPoint p) => (Coordinate(p.Valence) * Cells) + Coordinate(p.Arousal);
}
