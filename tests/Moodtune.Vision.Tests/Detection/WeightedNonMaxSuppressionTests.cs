using Moodtune.Vision.Detection;

namespace Moodtune.Vision.Tests.Detection;

public class WeightedNonMaxSuppressionTests
{
    private static FaceCandidate Candidate(float x, float y, float size, float score)
    {
        var keypoints = default(CandidateKeypoints);
        for (var k = 0; k < CandidateKeypoints.Count; k++)
        {
            keypoints[k] = new Point2(x + k, y + (2 * k));
        }

        return new FaceCandidate(new FaceBox(x, y, size, size), score, keypoints);
    }

    [Fact]
    public void Overlapping_candidates_merge_into_their_score_weighted_average_and_separate_ones_stay()
    {
        // IoU of the first two: 18x18 / (2 * 400 - 324) = 0.68.
        FaceCandidate[] candidates = [Candidate(12, 12, 20, 0.6f), Candidate(100, 100, 30, 0.8f), Candidate(10, 10, 20, 0.9f)];
        var output = new List<FaceCandidate>();

        WeightedNonMaxSuppression.Apply(candidates, 0.3f, 10, output);

        Assert.Equal(2, output.Count);
        var merged = output[0];
        Assert.Equal(0.9f, merged.Score);
        var expected = ((10 * 0.9f) + (12 * 0.6f)) / 1.5f;
        Assert.Equal(expected, merged.Box.X, 4);
        Assert.Equal(expected, merged.Box.Y, 4);
        Assert.Equal(20, merged.Box.Width, 4);
        for (var k = 0; k < CandidateKeypoints.Count; k++)
        {
            Assert.Equal(expected + k, merged.Keypoints[k].X, 4);
            Assert.Equal(expected + (2 * k), merged.Keypoints[k].Y, 4);
        }

        Assert.Equal(Candidate(100, 100, 30, 0.8f).Box, output[1].Box);
        Assert.Equal(0.8f, output[1].Score);
    }

    [Fact]
    public void Candidates_overlapping_less_than_the_threshold_are_kept_apart()
    {
        // IoU: 10x20 / (2 * 400 - 200) = 0.33.
        FaceCandidate[] candidates = [Candidate(0, 0, 20, 0.9f), Candidate(10, 0, 20, 0.7f)];
        var output = new List<FaceCandidate>();

        WeightedNonMaxSuppression.Apply(candidates, 0.5f, 10, output);

        Assert.Equal(2, output.Count);
        Assert.Equal(new FaceBox(0, 0, 20, 20), output[0].Box);
        Assert.Equal(new FaceBox(10, 0, 20, 20), output[1].Box);
    }

    [Fact]
    public void Results_stop_at_the_maximum_and_come_best_first()
    {
        FaceCandidate[] candidates = [Candidate(0, 0, 10, 0.6f), Candidate(50, 0, 10, 0.95f), Candidate(100, 0, 10, 0.7f)];
        var output = new List<FaceCandidate>();

        WeightedNonMaxSuppression.Apply(candidates, 0.3f, 2, output);

        Assert.Equal([0.95f, 0.7f], output.Select(c => c.Score));
    }

    [Fact]
    public void No_candidates_give_no_faces()
    {
        var output = new List<FaceCandidate>();
        WeightedNonMaxSuppression.Apply([], 0.3f, 10, output);
        Assert.Empty(output);
    }
}
