namespace Moodtune.Vision.Detection;

/// <summary>
/// MediaPipe's weighted non-maximum suppression: the best remaining candidate absorbs every candidate overlapping
/// it by more than the IoU threshold, and the result is their score-weighted average box and keypoints with the
/// best candidate's score. Hand-written because there is no maintained .NET BlazeFace post-processor.
/// </summary>
public static class WeightedNonMaxSuppression
{
    private const int StackLimit = 1024;

    /// <summary>
    /// Sorts <paramref name="candidates"/> by score (descending, in place) and appends at most
    /// <paramref name="maxResults"/> merged faces, best first, to <paramref name="output"/>.
    /// </summary>
    public static void Apply(Span<FaceCandidate> candidates, float iouThreshold, int maxResults, List<FaceCandidate> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfNegative(maxResults);
        candidates.Sort(static (a, b) => b.Score.CompareTo(a.Score));

        Span<bool> absorbed = candidates.Length <= StackLimit ? stackalloc bool[candidates.Length] : new bool[candidates.Length];
        absorbed.Clear();

        var produced = 0;
        for (var i = 0; i < candidates.Length && produced < maxResults; i++)
        {
            if (absorbed[i])
            {
                continue;
            }

            var best = candidates[i];
            float weightSum = 0, x = 0, y = 0, width = 0, height = 0;
            var keypoints = default(CandidateKeypoints);
            for (var j = i; j < candidates.Length; j++)
            {
                if (absorbed[j] || (j != i && best.Box.IntersectionOverUnion(candidates[j].Box) <= iouThreshold))
                {
                    continue;
                }

                absorbed[j] = true;
                var other = candidates[j];
                var weight = other.Score;
                weightSum += weight;
                x += other.Box.X * weight;
                y += other.Box.Y * weight;
                width += other.Box.Width * weight;
                height += other.Box.Height * weight;
                for (var k = 0; k < CandidateKeypoints.Count; k++)
                {
                    keypoints[k] = new Point2(keypoints[k].X + (other.Keypoints[k].X * weight), keypoints[k].Y + (other.Keypoints[k].Y * weight));
                }
            }

            if (weightSum <= 0)
            {
                // Only zero-score candidates are left: keep the best as it is.
                output.Add(best);
            }
            else
            {
                for (var k = 0; k < CandidateKeypoints.Count; k++)
                {
                    keypoints[k] = new Point2(keypoints[k].X / weightSum, keypoints[k].Y / weightSum);
                }

                output.Add(new FaceCandidate(new FaceBox(x / weightSum, y / weightSum, width / weightSum, height / weightSum), best.Score, keypoints));
            }

            produced++;
        }
    }
}
