using Moodtune.Vision.Detection;

namespace Moodtune.Vision.Tests.Detection;

public class BlazeFaceDecoderTests
{
    // Cell (column 6, row 4) of the 16x16 head, its second anchor: centre (6.5/16, 4.5/16).
    private const int StrongAnchor = (((4 * 16) + 6) * 2) + 1;

    private static (float[] Logits, float[] Regressors) RawHead(float strongLogit)
    {
        var logits = new float[BlazeFaceAnchors.FirstLayerCount];
        Array.Fill(logits, -8f);
        logits[StrongAnchor] = strongLogit;

        var regressors = new float[BlazeFaceAnchors.FirstLayerCount * BlazeFaceDecoder.ValuesPerAnchor];
        float[] strong = [2, -3, 20, 24, -5, -4, 5, -4, 0, 1, 0, 6, -10, -2, 10, -2];
        strong.CopyTo(regressors, StrongAnchor * BlazeFaceDecoder.ValuesPerAnchor);
        return (logits, regressors);
    }

    [Theory]
    [InlineData(128)]
    [InlineData(256)]
    public void One_strong_anchor_decodes_to_its_box_and_keypoints_in_input_pixels(int inputSize)
    {
        var (logits, regressors) = RawHead(3f);
        var output = new List<FaceCandidate>();

        BlazeFaceDecoder.Decode(logits, regressors, BlazeFaceAnchors.FirstLayer, inputSize, 0.5f, output);

        var face = Assert.Single(output);
        var centerX = (6.5f / 16 * inputSize) + 2;
        var centerY = (4.5f / 16 * inputSize) - 3;
        Assert.Equal(1 / (1 + MathF.Exp(-3)), face.Score, 5);
        Assert.Equal(centerX - 10, face.Box.X, 3);
        Assert.Equal(centerY - 12, face.Box.Y, 3);
        Assert.Equal(20, face.Box.Width, 3);
        Assert.Equal(24, face.Box.Height, 3);
        Assert.Equal(centerX, face.Box.CenterX, 3);
        Assert.Equal(centerY, face.Box.CenterY, 3);

        float[] expectedOffsets = [-5, -4, 5, -4, 0, 1, 0, 6, -10, -2, 10, -2];
        var anchorX = 6.5f / 16 * inputSize;
        var anchorY = 4.5f / 16 * inputSize;
        for (var k = 0; k < CandidateKeypoints.Count; k++)
        {
            Assert.Equal(anchorX + expectedOffsets[2 * k], face.Keypoints[k].X, 3);
            Assert.Equal(anchorY + expectedOffsets[(2 * k) + 1], face.Keypoints[k].Y, 3);
        }
    }

    [Fact]
    public void Anchors_below_the_minimum_score_are_skipped()
    {
        var (logits, regressors) = RawHead(0f);
        var output = new List<FaceCandidate>();

        BlazeFaceDecoder.Decode(logits, regressors, BlazeFaceAnchors.FirstLayer, 128, 0.6f, output);
        Assert.Empty(output);

        BlazeFaceDecoder.Decode(logits, regressors, BlazeFaceAnchors.FirstLayer, 128, 0.5f, output);
        Assert.Single(output);
    }

    [Fact]
    public void Mismatched_head_lengths_are_rejected()
    {
        var output = new List<FaceCandidate>();
        Assert.Throws<ArgumentException>(() =>
            BlazeFaceDecoder.Decode(new float[384], new float[512 * 16], BlazeFaceAnchors.FirstLayer, 128, 0.5f, output));
    }

    [Theory]
    [InlineData(0f, 0.5f)]
    [InlineData(1000f, 1f)]
    [InlineData(-1000f, 0f)]
    public void Sigmoid_stays_finite_for_extreme_logits(float logit, float expected) =>
        Assert.Equal(expected, BlazeFaceDecoder.Sigmoid(logit), 5);
}
