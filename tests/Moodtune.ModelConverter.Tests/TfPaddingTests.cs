using Moodtune.ModelConverter.Building;

namespace Moodtune.ModelConverter.Tests;

public class TfPaddingTests
{
    [Theory]
    [InlineData(64, 3, 2, 0, 1, 32)]
    [InlineData(63, 3, 2, 1, 1, 32)]
    [InlineData(112, 3, 2, 0, 1, 56)]
    [InlineData(8, 1, 2, 0, 0, 4)]
    [InlineData(7, 7, 1, 3, 3, 7)]
    public void Same_padding_gives_ceil_of_input_over_stride_and_puts_the_odd_pixel_last(int input, int kernel, int stride, int before, int after, int output)
    {
        Assert.Equal((before, after, output), TfPadding.Same.Resolve(input, kernel, stride, dilation: 1, vertical: true));
    }

    [Fact]
    public void Valid_padding_drops_the_incomplete_last_window()
    {
        Assert.Equal((0, 0, 31), TfPadding.Valid.Resolve(64, 3, 2, dilation: 1, vertical: true));
    }

    [Fact]
    public void Explicit_padding_reads_height_and_width_pairs_of_the_NHWC_list()
    {
        var padding = TfPadding.Parse("EXPLICIT", [0, 0, 1, 2, 3, 4, 0, 0]);

        Assert.Equal((1, 2, 6), padding.Resolve(5, 3, 1, 1, vertical: true));
        Assert.Equal((3, 4, 10), padding.Resolve(5, 3, 1, 1, vertical: false));
    }
}
