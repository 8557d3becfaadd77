using Moodtune.Vision.Detection;

namespace Moodtune.Comparison;

/// <summary>How many of an image's true faces a detector found, and how many of its detections were no face.</summary>
public readonly record struct ImageScore(int Faces, int Found, int FalseDetections);

/// <summary>
/// Scores detections against known face boxes: a true face counts as found when the centre of a detection lies inside
/// its box, each detection finding at most one face; detections that find no face are false detections.
/// Centre-in-box, not IoU, because the detectors draw boxes of different extents (Haar's are larger and square,
/// BlazeFace's tighter); a centre on the face is what a face crop needs.
/// </summary>
public static class RecallScorer
{
    public static ImageScore Score(IReadOnlyList<FaceBox> truths, IReadOnlyList<FaceBox> detections)
    {
        ArgumentNullException.ThrowIfNull(truths);
        ArgumentNullException.ThrowIfNull(detections);
        var used = new bool[detections.Count];
        var found = 0;
        foreach (var truth in truths)
        {
            // The detection nearest the face's centre claims it, so two neighbouring faces are not both claimed by one box.
            var best = -1;
            var bestDistance = float.MaxValue;
            for (var i = 0; i < detections.Count; i++)
            {
                if (used[i] || !Contains(truth, detections[i].CenterX, detections[i].CenterY))
                {
                    continue;
                }

                var dx = detections[i].CenterX - truth.CenterX;
                var dy = detections[i].CenterY - truth.CenterY;
                var distance = (dx * dx) + (dy * dy);
                if (distance < bestDistance)
                {
                    best = i;
                    bestDistance = distance;
                }
            }

            if (best >= 0)
            {
                used[best] = true;
                found++;
            }
        }

        return new ImageScore(truths.Count, found, detections.Count - found);
    }

    /// <summary>
    /// Scores a detector that reports only how many faces it found (the face-api.js peer): at most one found per true
    /// face, the rest false. An upper bound on the box-matched score.
    /// </summary>
    public static ImageScore ScoreCount(int truths, int detections) =>
        new(truths, Math.Min(truths, detections), Math.Max(0, detections - truths));

    private static bool Contains(FaceBox box, float x, float y) =>
        x >= box.X && x <= box.X + box.Width && y >= box.Y && y <= box.Y + box.Height;
}

/// <summary>The sum of image scores over one set of images.</summary>
public sealed class RecallTally
{
    public int Images { get; private set; }

    public int Faces { get; private set; }

    public int Found { get; private set; }

    public int FalseDetections { get; private set; }

    /// <summary>Found over true faces; null before any face was counted.</summary>
    public double? Recall => Faces == 0 ? null : (double)Found / Faces;

    public void Add(ImageScore score)
    {
        Images++;
        Faces += score.Faces;
        Found += score.Found;
        FalseDetections += score.FalseDetections;
    }
}
