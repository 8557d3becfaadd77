using SkiaSharp;

namespace Moodtune.Load;

internal static class Frames
{
    /// <summary>What the page sends: a 320x240 JPEG (quality 80) with the astronaut's face in it, over a dim room.</summary>
    public static byte[] Face320()
    {
        using var astronaut = SKImage.FromEncodedData(Path.Combine(AppContext.BaseDirectory, "images", "astronaut.png"));
        using var frame = new SKBitmap(320, 240);
        using (var canvas = new SKCanvas(frame))
        {
            canvas.Clear(SKColors.DimGray);
            canvas.DrawImage(astronaut, SKRect.Create(60, 0, 240, 240), new SKSamplingOptions(SKCubicResampler.Mitchell));
        }

        using var data = frame.Encode(SKEncodedImageFormat.Jpeg, 80);
        return data.ToArray();
    }
}
