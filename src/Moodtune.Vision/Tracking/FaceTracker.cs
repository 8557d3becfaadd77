using Moodtune.Vision.Detection;
using SkiaSharp;

namespace Moodtune.Vision.Tracking;

/// <summary>
/// Follows one detected face from frame to frame by normalised cross-correlation of a small gray template of the
/// face, taken when it was detected, over a search window around its last position: a few hundred thousand
/// multiply-adds instead of a detector run. Hand-written because the libraries that track (OpenCV's trackers)
/// bring a 60 MB native runtime for one function. Translation only: a face that turns, comes closer or changes
/// a lot correlates less, and the caller re-detects. Not thread-safe: one per face of one camera stream.
/// </summary>
public sealed class FaceTracker
{
    /// <summary>Cells per side of the template.</summary>
    public const int TemplateSize = 24;

    private const int TemplateCells = TemplateSize * TemplateSize;

    private readonly float[] _template = new float[TemplateCells];
    private readonly int _radius;
    private readonly float[] _window;
    private readonly float[] _scores;
    private readonly int[] _edgesX;
    private readonly int[] _edgesY;

    /// <param name="searchFraction">How far the face may move between frames, as a fraction of its size (each way).</param>
    public FaceTracker(float searchFraction = 0.25f)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(searchFraction);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(searchFraction, 1f);
        _radius = (int)MathF.Ceiling(TemplateSize * searchFraction);
        var side = TemplateSize + (2 * _radius);
        _window = new float[side * side];
        _scores = new float[((2 * _radius) + 1) * ((2 * _radius) + 1)];
        _edgesX = new int[side + 1];
        _edgesY = new int[side + 1];
    }

    /// <summary>The face as last detected or tracked; null before <see cref="Start"/>.</summary>
    public DetectedFace? Face { get; private set; }

    /// <summary>Takes the template of a face just detected in <paramref name="pixels"/>.</summary>
    /// <returns>False when the image's pixel format is not one the tracker reads (then there is nothing to track).</returns>
    public bool Start(SKPixmap pixels, DetectedFace face)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(face);
        Face = null;
        if (!IsReadable(pixels) || face.Box.Width < 1 || face.Box.Height < 1)
        {
            return false;
        }

        Sample(pixels, face.Box.X, face.Box.Y, face.Box.Width / TemplateSize, face.Box.Height / TemplateSize, TemplateSize, _template);
        if (!Normalise(_template))
        {
            // A flat patch (a face in the dark) has no pattern to follow.
            return false;
        }

        Face = face;
        return true;
    }

    /// <summary>
    /// Looks for the face near its last position. On success <see cref="Face"/> moves there (box and keypoints shifted,
    /// score kept) and the correlation, from -1 to 1, is returned; otherwise the face is left where it was.
    /// </summary>
    /// <returns>The best correlation found; compare it with a threshold. NaN when there is nothing to track.</returns>
    public float Track(SKPixmap pixels, out DetectedFace? moved)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        moved = null;
        if (Face is not { } face || !IsReadable(pixels))
        {
            return float.NaN;
        }

        var side = TemplateSize + (2 * _radius);
        var cellX = face.Box.Width / TemplateSize;
        var cellY = face.Box.Height / TemplateSize;
        Sample(pixels, face.Box.X - (_radius * cellX), face.Box.Y - (_radius * cellY), cellX, cellY, side, _window);

        var positions = (2 * _radius) + 1;
        var best = 0;
        for (var dy = 0; dy < positions; dy++)
        {
            for (var dx = 0; dx < positions; dx++)
            {
                var index = (dy * positions) + dx;
                _scores[index] = Correlate(dx, dy, side);
                if (_scores[index] > _scores[best])
                {
                    best = index;
                }
            }
        }

        var bestX = best % positions;
        var bestY = best / positions;
        var shiftX = (bestX - _radius + Refine(bestX, bestY, 1, positions)) * cellX;
        var shiftY = (bestY - _radius + Refine(bestX, bestY, positions, positions)) * cellY;
        var score = _scores[best];

        // A peak on the window's edge means the face may have moved further than the search reaches.
        if (bestX == 0 || bestY == 0 || bestX == positions - 1 || bestY == positions - 1)
        {
            return Math.Min(score, 0);
        }

        var keypoints = new Point2[face.Keypoints.Count];
        for (var k = 0; k < keypoints.Length; k++)
        {
            keypoints[k] = new Point2(face.Keypoints[k].X + shiftX, face.Keypoints[k].Y + shiftY);
        }

        var box = face.Box with { X = face.Box.X + shiftX, Y = face.Box.Y + shiftY };
        moved = new DetectedFace(box, face.Score, keypoints);
        Face = moved;
        return score;
    }

    private static bool IsReadable(SKPixmap pixels) =>
        pixels.ColorType is SKColorType.Rgba8888 or SKColorType.Bgra8888 && pixels.Width > 0 && pixels.Height > 0;

    // Zero mean, unit length: the dot product with a zero-mean window is then the correlation's numerator.
    private static bool Normalise(Span<float> values)
    {
        var mean = 0f;
        foreach (var v in values)
        {
            mean += v;
        }

        mean /= values.Length;
        var squares = 0f;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] -= mean;
            squares += values[i] * values[i];
        }

        if (squares < 1e-3f * values.Length)
        {
            return false;
        }

        var scale = 1 / MathF.Sqrt(squares);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] *= scale;
        }

        return true;
    }

    // Sub-cell position of the peak from a parabola through it and its two neighbours (step 1: x, step positions: y).
    private float Refine(int x, int y, int step, int positions)
    {
        var coordinate = step == 1 ? x : y;
        if (coordinate == 0 || coordinate == positions - 1)
        {
            return 0;
        }

        var centre = (y * positions) + x;
        float left = _scores[centre - step], middle = _scores[centre], right = _scores[centre + step];
        var curvature = left - (2 * middle) + right;
        return curvature >= 0 ? 0 : Math.Clamp(0.5f * (left - right) / curvature, -0.5f, 0.5f);
    }

    private float Correlate(int offsetX, int offsetY, int side)
    {
        float sum = 0, squares = 0, cross = 0;
        for (var y = 0; y < TemplateSize; y++)
        {
            var row = _window.AsSpan(((offsetY + y) * side) + offsetX, TemplateSize);
            var template = _template.AsSpan(y * TemplateSize, TemplateSize);
            for (var x = 0; x < TemplateSize; x++)
            {
                var v = row[x];
                sum += v;
                squares += v * v;
                cross += v * template[x];
            }
        }

        // The template has zero mean, so the window's mean drops out of the numerator.
        var variance = squares - (sum * sum / TemplateCells);
        return variance <= 1e-3f ? 0 : cross / MathF.Sqrt(variance);
    }

    // Mean gray level of each cell of a cells x cells grid starting at (left, top); cells outside the image take the edge pixels.
    private void Sample(SKPixmap pixels, float left, float top, float cellX, float cellY, int cells, Span<float> output)
    {
        Edges(left, cellX, cells, pixels.Width, _edgesX);
        Edges(top, cellY, cells, pixels.Height, _edgesY);
        var data = pixels.GetPixelSpan<byte>();
        var rowBytes = pixels.RowBytes;
        var (red, blue) = pixels.ColorType == SKColorType.Bgra8888 ? (2, 0) : (0, 2);
        for (var cy = 0; cy < cells; cy++)
        {
            int y0 = _edgesY[cy], y1 = Math.Max(_edgesY[cy + 1], y0 + 1);
            for (var cx = 0; cx < cells; cx++)
            {
                int x0 = _edgesX[cx], x1 = Math.Max(_edgesX[cx + 1], x0 + 1);
                long total = 0;
                for (var y = y0; y < y1; y++)
                {
                    var row = data.Slice((Math.Min(y, pixels.Height - 1) * rowBytes) + (x0 * 4), (x1 - x0) * 4);
                    for (var p = 0; p < row.Length; p += 4)
                    {
                        total += (77 * row[p + red]) + (150 * row[p + 1]) + (29 * row[p + blue]);
                    }
                }

                output[(cy * cells) + cx] = total / (256f * (y1 - y0) * (x1 - x0));
            }
        }
    }

    private static void Edges(float start, float cell, int cells, int limit, Span<int> edges)
    {
        for (var i = 0; i <= cells; i++)
        {
            edges[i] = Math.Clamp((int)MathF.Round(start + (i * cell)), 0, limit - 1);
        }
    }
}
