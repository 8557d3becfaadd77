using SkiaSharp;

namespace Moodtune.Benchmarks;

/// <summary>Webcam-like 640x480 JPEG frames (quality 85) made from the astronaut photo.</summary>
internal static class WebcamFrames
{
    /// <summary>The astronaut 480 pixels tall, left edge at 80, over a dim gray room.</summary>
    public static byte[] Still() => Clip(1)[0];

    /// <summary>The astronaut 240 pixels tall at (200, 120): a face of about 40 pixels, a user a metre or two away.</summary>
    public static byte[] Far()
    {
        using var astronaut = Astronaut();
        return Frame(astronaut, SKRect.Create(200, 120, 240, 240));
    }

    /// <summary>The astronaut swaying up to 60 pixels left and right (about 9 a frame) and bobbing a little.</summary>
    public static byte[][] Clip(int count)
    {
        using var astronaut = Astronaut();
        var frames = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            var phase = count == 1 ? 0 : 2 * Math.PI * i / count;
            frames[i] = Frame(astronaut, SKRect.Create(80 + (float)(60 * Math.Sin(phase)), (float)(10 * Math.Sin(2 * phase)), 480, 480));
        }

        return frames;
    }

    private static SKImage Astronaut() => SKImage.FromEncodedData(Path.Combine(AppContext.BaseDirectory, "images", "astronaut.png"));

    private static byte[] Frame(SKImage astronaut, SKRect place)
    {
        using var frame = new SKBitmap(640, 480);
        using (var canvas = new SKCanvas(frame))
        {
            canvas.Clear(SKColors.DimGray);
            canvas.DrawImage(astronaut, place, new SKSamplingOptions(SKCubicResampler.Mitchell));
        }

        using var data = frame.Encode(SKEncodedImageFormat.Jpeg, 85);
        return data.ToArray();
    }
}
