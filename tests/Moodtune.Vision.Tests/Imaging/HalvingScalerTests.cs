using Moodtune.Vision.Imaging;
using SkiaSharp;

namespace Moodtune.Vision.Tests.Imaging;

public class HalvingScalerTests
{
    [Theory]
    [InlineData(8, 6)]
    [InlineData(7, 5)]
    [InlineData(1, 1)]
    [InlineData(3, 1)]
    [InlineData(33, 17)]
    public void Halving_gives_every_channel_the_rounded_mean_of_its_two_by_two_block(int width, int height)
    {
        // Random bytes in every channel, alpha included: the packed arithmetic must never carry from one channel into
        // the next, whatever the values. An odd last row or column is averaged with itself.
        var random = new Random(width * 100 + height);
        using var source = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        random.NextBytes(source.GetPixelSpan());
        using var target = new SKBitmap(new SKImageInfo((width + 1) / 2, (height + 1) / 2, SKColorType.Rgba8888, SKAlphaType.Unpremul));

        HalvingScaler.Halve(source.PeekPixels(), target);

        var from = source.GetPixelSpan().ToArray();
        var to = target.GetPixelSpan().ToArray();
        int At(int x, int y, int c) => from[(((Math.Min(y, height - 1) * width) + Math.Min(x, width - 1)) * 4) + c];
        for (var y = 0; y < target.Height; y++)
        {
            for (var x = 0; x < target.Width; x++)
            {
                for (var c = 0; c < 4; c++)
                {
                    var sum = At(2 * x, 2 * y, c) + At((2 * x) + 1, 2 * y, c) + At(2 * x, (2 * y) + 1, c) + At((2 * x) + 1, (2 * y) + 1, c);
                    Assert.Equal((sum + 2) / 4, to[(((y * target.Width) + x) * 4) + c]);
                }
            }
        }
    }

    [Fact]
    public void Shrinking_by_less_than_half_averages_fine_detail_instead_of_aliasing_it()
    {
        // One-pixel black and white columns drawn at 0.4: plain bilinear reads 2x2 pixels of every 2.5 and draws false
        // stripes; halving first reads them all, an even gray.
        using var stripes = new SKBitmap(new SKImageInfo(640, 480, SKColorType.Rgba8888, SKAlphaType.Premul));
        for (var x = 0; x < stripes.Width; x++)
        {
            for (var y = 0; y < stripes.Height; y++)
            {
                stripes.SetPixel(x, y, x % 2 == 0 ? SKColors.Black : SKColors.White);
            }
        }

        using var image = SKImage.FromBitmap(stripes);
        using var halved = Draw(image, new HalvingScaler());
        using var plain = Draw(image, scaler: null);

        Assert.InRange(Spread(halved), 0, 4);
        Assert.True(Spread(plain) > 60, $"plain bilinear spread {Spread(plain)}");
    }

    private static SKBitmap Draw(SKImage image, HalvingScaler? scaler)
    {
        var target = new SKBitmap(new SKImageInfo(256, 192, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(target);
        var destination = new SKRect(0, 0, 256, 192);
        if (scaler is null)
        {
            canvas.DrawImage(image, destination, Resampling.ForScale(0.4f));
        }
        else
        {
            scaler.Draw(canvas, image, destination, 0.4f);
            scaler.Dispose();
        }

        return target;
    }

    // Largest minus smallest red level away from the edges.
    private static int Spread(SKBitmap bitmap)
    {
        var levels = Enumerable.Range(4, bitmap.Height - 8).SelectMany(y => Enumerable.Range(4, bitmap.Width - 8).Select(x => (int)bitmap.GetPixel(x, y).Red)).ToArray();
        return levels.Max() - levels.Min();
    }
}
