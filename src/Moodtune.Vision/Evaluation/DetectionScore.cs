using Moodtune.Vision.Detection;

namespace Moodtune.Vision.Evaluation;

/// <summary>How one image's detections compare with its truth.</summary>
public sealed record ImageDetectionScore(string File, int Faces, int Detected, int Found, int FalseDetections, IReadOnlyList<DetectedFace> Detections);

/// <summary>Recall and false detections over a set (docs/detection-evaluation.md).</summary>
public sealed class DetectionScore
{
    /// <summary>A detection is the true face when their boxes overlap at least this much (IoU).</summary>
    public const float MatchIoU = 0.3f;

    private readonly List<ImageDetectionScore> _images = [];

    public IReadOnlyList<ImageDetectionScore> Images => _images;

    public int Faces => _images.Sum(i => i.Faces);

    public int Found => _images.Sum(i => i.Found);

    public int FalseDetections => _images.Sum(i => i.FalseDetections);

    /// <summary>Images with at least one false detection.</summary>
    public int ImagesWithFalseDetections => _images.Count(i => i.FalseDetections > 0);

    /// <summary>Faces found over faces there; null for a set without faces.</summary>
    public double? Recall => Faces == 0 ? null : (double)Found / Faces;

    public double FalseDetectionsPerImage => _images.Count == 0 ? 0 : (double)FalseDetections / _images.Count;

    /// <summary>Scores one image. With boxes, each true box takes the best-overlapping free detection of IoU ≥ <see cref="MatchIoU"/>; without, counts are compared.</summary>
    public ImageDetectionScore Add(TruthImage truth, IReadOnlyList<DetectedFace> detections)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(detections);
        var found = truth.Boxes is { } boxes ? Match(boxes, detections) : Math.Min(truth.Faces, detections.Count);
        var score = new ImageDetectionScore(truth.File, truth.Faces, detections.Count, found, detections.Count - found, detections);
        _images.Add(score);
        return score;
    }

    // Greedy over all pairs, best IoU first: the usual detection-benchmark matching, and exact for the few faces per image here.
    private static int Match(IReadOnlyList<FaceBox> truth, IReadOnlyList<DetectedFace> detections)
    {
        var pairs = new List<(float IoU, int Truth, int Detection)>();
        for (var t = 0; t < truth.Count; t++)
        {
            for (var d = 0; d < detections.Count; d++)
            {
                var iou = truth[t].IntersectionOverUnion(detections[d].Box);
                if (iou >= MatchIoU)
                {
                    pairs.Add((iou, t, d));
                }
            }
        }

        pairs.Sort(static (a, b) => b.IoU.CompareTo(a.IoU));
        var truthUsed = new bool[truth.Count];
        var detectionUsed = new bool[detections.Count];
        var found = 0;
        foreach (var (_, t, d) in pairs)
        {
            if (!truthUsed[t] && !detectionUsed[d])
            {
                truthUsed[t] = detectionUsed[d] = true;
                found++;
            }
        }

        return found;
    }
}
