namespace Moodtune.Vision.Detection;

/// <summary>
/// Turns BlazeFace's raw heads into face candidates. Hand-written because there is no maintained .NET BlazeFace
/// post-processor. Per anchor the box head holds 16 values: centre offset (x, y), size (w, h), then six keypoint
/// offsets (x, y), all in input pixels relative to the anchor centre; the score head holds one logit.
/// </summary>
public static class BlazeFaceDecoder
{
    public const int ValuesPerAnchor = 4 + (2 * CandidateKeypoints.Count);

    /// <summary>
    /// Appends to <paramref name="output"/> every anchor whose sigmoid score is at least <paramref name="minScore"/>,
    /// with box and keypoints in pixels of the <paramref name="inputSize"/>-sided square input (y down, like the input rows).
    /// </summary>
    public static void Decode(
        ReadOnlySpan<float> logits,
        ReadOnlySpan<float> regressors,
        ReadOnlySpan<Point2> anchors,
        int inputSize,
        float minScore,
        List<FaceCandidate> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (logits.Length != anchors.Length || regressors.Length != anchors.Length * ValuesPerAnchor)
        {
            throw new ArgumentException(
                $"Expected {anchors.Length} logits and {anchors.Length * ValuesPerAnchor} regressors, got {logits.Length} and {regressors.Length}.");
        }

        for (var i = 0; i < anchors.Length; i++)
        {
            var score = Sigmoid(logits[i]);
            if (score < minScore)
            {
                continue;
            }

            var anchorX = anchors[i].X * inputSize;
            var anchorY = anchors[i].Y * inputSize;
            var values = regressors.Slice(i * ValuesPerAnchor, ValuesPerAnchor);
            var width = values[2];
            var height = values[3];
            var box = new FaceBox(anchorX + values[0] - (width / 2), anchorY + values[1] - (height / 2), width, height);

            var keypoints = default(CandidateKeypoints);
            for (var k = 0; k < CandidateKeypoints.Count; k++)
            {
                keypoints[k] = new Point2(anchorX + values[4 + (2 * k)], anchorY + values[5 + (2 * k)]);
            }

            output.Add(new FaceCandidate(box, score, keypoints));
        }
    }

    // MediaPipe clips raw scores to ±100 before the sigmoid; this keeps Exp finite.
    public static float Sigmoid(float logit) => 1f / (1f + MathF.Exp(-Math.Clamp(logit, -100f, 100f)));
}
