namespace Moodtune.Vision.Detection;

/// <summary>
/// The BlazeFace anchor grid: 16x16 cells with 2 anchors each, then 8x8 cells with 6 anchors each (896 in all),
/// row by row, the anchors of one cell together. Both shipped models use this layout; only the input size
/// (which scales the regressed offsets) differs. Centres are normalised to [0, 1]: ((column, row) + 0.5) / cells.
/// </summary>
public static class BlazeFaceAnchors
{
    public const int FirstLayerCells = 16;
    public const int FirstLayerAnchorsPerCell = 2;
    public const int SecondLayerCells = 8;
    public const int SecondLayerAnchorsPerCell = 6;

    /// <summary>Anchors of the first (finer) head: 512.</summary>
    public const int FirstLayerCount = FirstLayerCells * FirstLayerCells * FirstLayerAnchorsPerCell;

    /// <summary>Anchors of the second (coarser) head: 384.</summary>
    public const int SecondLayerCount = SecondLayerCells * SecondLayerCells * SecondLayerAnchorsPerCell;

    public const int Count = FirstLayerCount + SecondLayerCount;

    private static readonly Point2[] s_centers = Create();

    /// <summary>All 896 anchor centres, first head then second head.</summary>
    public static ReadOnlySpan<Point2> Centers => s_centers;

    /// <summary>The anchors of the first head (<see cref="FirstLayerCount"/>).</summary>
    public static ReadOnlySpan<Point2> FirstLayer => s_centers.AsSpan(0, FirstLayerCount);

    /// <summary>The anchors of the second head (<see cref="SecondLayerCount"/>).</summary>
    public static ReadOnlySpan<Point2> SecondLayer => s_centers.AsSpan(FirstLayerCount);

    /// <summary>The anchors for a model variant (the same grid for both; kept per variant so callers say which).</summary>
    public static ReadOnlySpan<Point2> For(BlazeFaceVariant variant)
    {
        _ = variant.InputSize();
        return Centers;
    }

    private static Point2[] Create()
    {
        var centers = new Point2[Count];
        var next = Fill(centers, 0, FirstLayerCells, FirstLayerAnchorsPerCell);
        Fill(centers, next, SecondLayerCells, SecondLayerAnchorsPerCell);
        return centers;
    }

    private static int Fill(Point2[] centers, int start, int cells, int anchorsPerCell)
    {
        var index = start;
        for (var row = 0; row < cells; row++)
        {
            for (var column = 0; column < cells; column++)
            {
                var center = new Point2((column + 0.5f) / cells, (row + 0.5f) / cells);
                for (var anchor = 0; anchor < anchorsPerCell; anchor++)
                {
                    centers[index++] = center;
                }
            }
        }

        return index;
    }
}
