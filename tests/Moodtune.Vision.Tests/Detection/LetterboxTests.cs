using Moodtune.Vision.Detection;

namespace Moodtune.Vision.Tests.Detection;

public class LetterboxTests
{
    [Theory]
    [InlineData(640, 480, 128)]
    [InlineData(480, 640, 128)]
    [InlineData(512, 512, 128)]
    [InlineData(1920, 1080, 256)]
    [InlineData(7, 1000, 256)]
    public void Points_and_boxes_round_trip_between_image_and_model_input(int width, int height, int size)
    {
        var letterbox = Letterbox.Fit(width, height, size);
        Point2[] points = [new(0, 0), new(width, height), new(width * 0.3f, height * 0.8f)];

        foreach (var point in points)
        {
            var target = letterbox.ToTarget(point);
            Assert.InRange(target.X, -0.01f, size + 0.01f);
            Assert.InRange(target.Y, -0.01f, size + 0.01f);
            var back = letterbox.ToSource(target);
            Assert.Equal(point.X, back.X, 2);
            Assert.Equal(point.Y, back.Y, 2);
        }

        var box = new FaceBox(width * 0.25f, height * 0.1f, width * 0.5f, height * 0.3f);
        var roundTrip = letterbox.ToSource(letterbox.ToTarget(box));
        Assert.Equal(box.X, roundTrip.X, 2);
        Assert.Equal(box.Y, roundTrip.Y, 2);
        Assert.Equal(box.Width, roundTrip.Width, 2);
        Assert.Equal(box.Height, roundTrip.Height, 2);
    }

    [Fact]
    public void A_landscape_image_fills_the_width_and_is_centred_vertically()
    {
        var letterbox = Letterbox.Fit(640, 480, 128);

        Assert.Equal(0.2f, letterbox.Scale, 5);
        Assert.Equal(new FaceBox(0, 16, 128, 96), letterbox.ContentRect);
        Assert.Equal(new Point2(64, 64), letterbox.ToTarget(new Point2(320, 240)));
    }

    [Fact]
    public void A_portrait_image_fills_the_height_and_is_centred_horizontally()
    {
        var letterbox = Letterbox.Fit(480, 640, 128);

        Assert.Equal(new FaceBox(16, 0, 96, 128), letterbox.ContentRect);
        Assert.Equal(new Point2(320, 0), letterbox.ToSource(new Point2(80, 0)));
    }

    [Fact]
    public void A_square_image_is_only_scaled()
    {
        var letterbox = Letterbox.Fit(512, 512, 256);

        Assert.Equal(new FaceBox(0, 0, 256, 256), letterbox.ContentRect);
        Assert.Equal(new FaceBox(100, 50, 40, 40), letterbox.ToSource(new FaceBox(50, 25, 20, 20)));
    }

    [Fact]
    public void Boxes_clamp_to_the_image()
    {
        Assert.Equal(new FaceBox(0, 5, 15, 95), new FaceBox(-5, 5, 20, 200).ClampTo(50, 100));
        Assert.Equal(0, new FaceBox(60, 0, 10, 10).ClampTo(50, 100).Area);
    }
}
