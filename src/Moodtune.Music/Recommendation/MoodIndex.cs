using Moodtune.Mood;
using Moodtune.Music.Catalog;

namespace Moodtune.Music.Recommendation;

/// <summary>
/// The songs bucketed on a uniform grid over the valence/arousal plane, with their coordinates and popularity prior in
/// flat arrays, so a search reads a few neighbouring cells instead of the whole catalog. Written by hand: the search mixes
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

    public MoodIndex(IReadOnlyList<Song> songs, float popularityWeight)
    {
        Songs = songs;
        var count = songs.Count;
        var points = new MoodPoint[count];
        var cellOf = new int[count];
        _cellStart = new int[(Cells * Cells) + 1];
        _byId = new Dictionary<string, int>(count, StringComparer.Ordinal);
        _byArtist = new Dictionary<string, List<int>>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < count; i++)
        {
            points[i] = songs[i].Point;
            cellOf[i] = Cell(points[i]);
            _cellStart[cellOf[i] + 1]++;
            _byId[songs[i].Id] = i;
            if (!_byArtist.TryGetValue(songs[i].Artist, out var list))
            {
                _byArtist[songs[i].Artist] = list = [];
            }

            list.Add(i);
        }

        for (var c = 0; c < Cells * Cells; c++)
        {
            _cellStart[c + 1] += _cellStart[c];
        }

        // Counting sort by cell: each cell's songs are one contiguous run of the arrays below.
        Order = new int[count];
        Valence = new float[count];
        Arousal = new float[count];
        Prior = new float[count];
        var next = _cellStart[..^1];
        for (var i = 0; i < count; i++)
        {
            var slot = next[cellOf[i]]++;
            Order[slot] = i;
            Valence[slot] = points[i].Valence;
            Arousal[slot] = points[i].Arousal;

            // Unknown popularity counts as middling, so obscure imports are neither favoured nor buried.
            Prior[slot] = popularityWeight * ((songs[i].Popularity ?? 50) / 100f);
        }
    }

    public IReadOnlyList<Song> Songs { get; }

    /// <summary>Catalog index of the song in each slot.</summary>
    internal int[] Order { get; }

    internal float[] Valence { get; }

    internal float[] Arousal { get; }

    /// <summary>The popularity bonus of the song in each slot (subtracted from its score).</summary>
    internal float[] Prior { get; }

    internal bool TryGetIndex(string id, out int index) => _byId.TryGetValue(id, out index);

    internal IReadOnlyList<int> SongsBy(string artist) => _byArtist.TryGetValue(artist, out var list) ? list : [];

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
