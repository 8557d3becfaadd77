using Moodtune.Vision.Detection;

namespace Moodtune.Vision.Tests.Detection;

public class BlazeFaceAnchorsTests
{
    [Theory]
    [InlineData(BlazeFaceVariant.Front128, 128)]
    [InlineData(BlazeFaceVariant.Back256, 256)]
    public void Both_variants_have_896_anchors_in_two_heads(BlazeFaceVariant variant, int inputSize)
    {
        Assert.Equal(inputSize, variant.InputSize());
        Assert.Equal(896, BlazeFaceAnchors.For(variant).Length);
        Assert.Equal(512, BlazeFaceAnchors.FirstLayer.Length);
        Assert.Equal(384, BlazeFaceAnchors.SecondLayer.Length);
    }

    [Fact]
    public void First_head_has_two_anchors_per_cell_of_a_16x16_grid_row_by_row()
    {
        var anchors = BlazeFaceAnchors.FirstLayer;

        Assert.Equal(new Point2(1 / 32f, 1 / 32f), anchors[0]);
        Assert.Equal(anchors[0], anchors[1]);
        Assert.Equal(new Point2(3 / 32f, 1 / 32f), anchors[2]);
        Assert.Equal(new Point2(1 / 32f, 3 / 32f), anchors[16 * 2]);
        Assert.Equal(new Point2(13 / 32f, 9 / 32f), anchors[((4 * 16) + 6) * 2]);
        Assert.Equal(new Point2(31 / 32f, 31 / 32f), anchors[511]);
    }

    [Fact]
    public void Second_head_has_six_anchors_per_cell_of_an_8x8_grid_row_by_row()
    {
        var anchors = BlazeFaceAnchors.SecondLayer;

        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(new Point2(1 / 16f, 1 / 16f), anchors[i]);
        }

        Assert.Equal(new Point2(3 / 16f, 1 / 16f), anchors[6]);
        Assert.Equal(new Point2(1 / 16f, 3 / 16f), anchors[8 * 6]);
        Assert.Equal(new Point2(15 / 16f, 15 / 16f), anchors[383]);
    }

    [Fact]
    public void Anchor_centres_lie_inside_the_unit_square()
    {
        foreach (var anchor in BlazeFaceAnchors.Centers)
        {
            Assert.InRange(anchor.X, 0f, 1f);
            Assert.InRange(anchor.Y, 0f, 1f);
        }
    }
}
