using Moodtune.Comparison;
using Moodtune.Vision.Detection;

namespace Moodtune.Comparison.Tests;

public class RecallScorerTests
{
    private static readonly FaceBox Left = new(0, 0, 100, 100);
    private static readonly FaceBox Right = new(200, 0, 100, 100);

    [Fact]
    public void A_detection_whose_centre_lies_in_the_true_box_finds_the_face()
    {
        // A larger, offset box (as Haar draws) still centres on the face.
        var score = RecallScorer.Score([Left], [new FaceBox(-20, -10, 150, 140)]);

        Assert.Equal(new ImageScore(1, 1, 0), score);
    }

    [Fact]
    public void A_detection_centred_outside_every_true_box_is_a_false_detection()
    {
        var score = RecallScorer.Score([Left], [new FaceBox(90, 90, 100, 100)]);

        Assert.Equal(new ImageScore(1, 0, 1), score);
    }

    [Fact]
    public void One_detection_finds_at_most_one_face_and_extra_detections_of_a_face_are_false()
    {
        var spanning = new FaceBox(50, 0, 60, 100);
        Assert.Equal(new ImageScore(2, 1, 0), RecallScorer.Score([Left, Right], [spanning]));

        var twice = RecallScorer.Score([Left], [new FaceBox(10, 10, 80, 80), new FaceBox(20, 20, 60, 60)]);
        Assert.Equal(new ImageScore(1, 1, 1), twice);
    }

    [Fact]
    public void Each_face_is_claimed_by_the_detection_nearest_its_centre()
    {
        // Both centres lie in both (overlapping) true boxes; nearest-first matching finds both faces.
        FaceBox[] truths = [new(0, 0, 100, 100), new(40, 0, 100, 100)];
        FaceBox[] detections = [new(70, 40, 20, 20), new(20, 40, 20, 20)];

        Assert.Equal(new ImageScore(2, 2, 0), RecallScorer.Score(truths, detections));
    }

    [Fact]
    public void No_detections_find_nothing_and_no_faces_make_every_detection_false()
    {
        Assert.Equal(new ImageScore(2, 0, 0), RecallScorer.Score([Left, Right], []));
        Assert.Equal(new ImageScore(0, 0, 1), RecallScorer.Score([], [Left]));
    }

    [Theory]
    [InlineData(1, 0, 0, 0)]
    [InlineData(1, 1, 1, 0)]
    [InlineData(3, 2, 2, 0)]
    [InlineData(1, 3, 1, 2)]
    public void Counts_only_score_at_most_one_per_true_face(int truths, int detections, int found, int falseDetections)
    {
        Assert.Equal(new ImageScore(truths, found, falseDetections), RecallScorer.ScoreCount(truths, detections));
    }

    [Fact]
    public void A_tally_sums_its_images_and_has_no_recall_before_a_face()
    {
        var tally = new RecallTally();
        Assert.Null(tally.Recall);

        tally.Add(new ImageScore(1, 1, 0));
        tally.Add(new ImageScore(3, 1, 2));

        Assert.Equal((2, 4, 2, 2), (tally.Images, tally.Faces, tally.Found, tally.FalseDetections));
        Assert.Equal(0.5, tally.Recall);
    }
}
