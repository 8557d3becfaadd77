using Moodtune.Vision.Imaging;
using SkiaSharp;

namespace Moodtune.Vision.Tests.Tracking;

/// <summary>Webcam-like 640x480 JPEG frames: the astronaut photo placed at a chosen spot, as a moving user would be.</summary>
internal static class CameraFrames
{
    private static readonly Lazy<SKImage> Astronaut = new(() => SKImage.FromEncodedData(TestPaths.TestImage("astronaut.png")));

    /// <summary>The photo drawn 400 pixels wide with its left top corner at (x, y), over a plain gray room.</summary>
    public static byte[] At(float x, float y, int width = 640, int height = 480, float size = 400) => Encode(canvas =>
    {
        canvas.DrawImage(Astronaut.Value, SKRect.Create(x, y, size, size), new SKSamplingOptions(SKCubicResampler.Mitchell));
    }, width, height);

    /// <summary>Two people side by side in a 960x480 frame, 300 pixels apart, the first at (x, y), 300 pixels tall each.</summary>
    public static byte[] Pair(float x, float y) => Encode(canvas =>
    {
        var sampling = new SKSamplingOptions(SKCubicResampler.Mitchell);
        canvas.DrawImage(Astronaut.Value, SKRect.Create(x, y, 300, 300), sampling);
        canvas.DrawImage(Astronaut.Value, SKRect.Create(x + 450, y + 20, 300, 300), sampling);
    }, 960, 480);

    /// <summary>The room with nobody in it.</summary>
    public static byte[] Empty(int width = 640, int height = 480) => Encode(_ => { }, width, height);

    public static SKImage Decode(byte[] jpeg) => ImageDecoder.Decode(jpeg);

    private static byte[] Encode(Action<SKCanvas> draw, int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor(90, 90, 96));
            draw(canvas);
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 85);
        return data.ToArray();
    }
}
