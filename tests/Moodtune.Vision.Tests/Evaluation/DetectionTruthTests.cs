using Moodtune.Vision.Detection;
using Moodtune.Vision.Evaluation;

namespace Moodtune.Vision.Tests.Evaluation;

public class DetectionTruthTests
{
    [Fact]
    public void Rows_with_and_without_boxes_are_read_and_comments_skipped()
    {
        var truth = DetectionTruth.Parse(
            ["# a comment", "file,faces,boxes", "cat.png,0,", "", "group.jpg,2,10 20 30 40; 50.5 60 70 80", "photo.jpg,3"],
            "truth.csv");

        Assert.Equal(3, truth.Count);
        Assert.Equal(new TruthImage("cat.png", 0, null), truth[0]);
        Assert.Equal([new FaceBox(10, 20, 30, 40), new FaceBox(50.5f, 60, 70, 80)], truth[1].Boxes);
        Assert.Null(truth[2].Boxes);
        Assert.Equal(3, truth[2].Faces);
    }

    [Fact]
    public void A_quoted_file_name_may_hold_a_comma_and_comments_may_be_indented()
    {
        var truth = DetectionTruth.Parse(["file,faces,boxes", "  # the crowd", "\"crowd, far.jpg\",1,1 2 3 4"], "truth.csv");

        var image = Assert.Single(truth);
        Assert.Equal(("crowd, far.jpg", 1), (image.File, image.Faces));
        Assert.Equal([new FaceBox(1, 2, 3, 4)], image.Boxes);
    }

    [Fact]
    public void A_malformed_row_names_its_line()
    {
        var error = Assert.Throws<DetectionTruthException>(() => DetectionTruth.Parse(["# set", "file,faces,boxes", "", "cat.png,0,", "dog.png,many,"], "truth.csv"));

        Assert.StartsWith("truth.csv:5: ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("name,count", "header")]
    [InlineData("file,faces,boxes\ncat.png,many,", "got 'many'")]
    [InlineData("file,faces,boxes\ncat.png,-1,", "whole number")]
    [InlineData("file,faces,boxes\ncat.png,1,1 2 3", "'x y w h'")]
    [InlineData("file,faces,boxes\ncat.png,1,1 2 0 4", "positive width")]
    [InlineData("file,faces,boxes\ncat.png,2,1 2 3 4", "2 face(s) but 1 box(es)")]
    [InlineData("file,faces,boxes\ncat.png,0,\ncat.png,0,", "listed twice")]
    [InlineData("file,faces,boxes\n../cat.png,0,", "inside the set's folder")]
    [InlineData("file,faces,boxes\ncat.png,0,,extra", "2 or 3 fields")]
    [InlineData("# only a comment", "no header")]
    public void Malformed_rows_are_refused_with_the_line_and_the_reason(string text, string expected)
    {
        var error = Assert.Throws<DetectionTruthException>(() => DetectionTruth.Parse(text.Split('\n'), "set/truth.csv"));

        Assert.StartsWith("set/truth.csv:", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_without_a_truth_file_names_the_file_it_wanted()
    {
        var folder = Directory.CreateTempSubdirectory("moodtune-truth-").FullName;
        try
        {
            var error = Assert.Throws<FileNotFoundException>(() => DetectionTruth.Load(folder));
            Assert.Contains(DetectionTruth.FileName, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void With_boxes_a_face_is_found_only_by_an_overlapping_detection_and_each_detection_counts_once()
    {
        var score = new DetectionScore();
        var truth = new TruthImage("g.png", 2, [new FaceBox(0, 0, 100, 100), new FaceBox(200, 0, 100, 100)]);

        var image = score.Add(truth, [Face(10, 10, 100, 100), Face(5, 5, 100, 100), Face(600, 0, 50, 50)]);

        Assert.Equal(1, image.Found);
        Assert.Equal(2, image.FalseDetections);
        Assert.Equal(0.5, score.Recall);
    }

    [Fact]
    public void Without_boxes_counts_are_compared_and_a_face_free_set_has_no_recall()
    {
        var score = new DetectionScore();
        score.Add(new TruthImage("cat.png", 0, null), [Face(0, 0, 10, 10)]);
        score.Add(new TruthImage("dog.png", 0, null), []);

        Assert.Null(score.Recall);
        Assert.Equal(1, score.FalseDetections);
        Assert.Equal(0.5, score.FalseDetectionsPerImage);
        Assert.Equal(1, score.ImagesWithFalseDetections);

        var people = new DetectionScore();
        people.Add(new TruthImage("group.png", 3, null), [Face(0, 0, 10, 10), Face(20, 0, 10, 10)]);
        Assert.Equal(2.0 / 3, people.Recall);
        Assert.Equal(0, people.FalseDetections);
    }

    private static DetectedFace Face(float x, float y, float w, float h) => new(new FaceBox(x, y, w, h), 0.9f, new Point2[6]);
}
