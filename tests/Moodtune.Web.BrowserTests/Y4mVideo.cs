using SkiaSharp;

namespace Moodtune.Web.BrowserTests;

/// <summary>
/// Writes stills as a short YUV4MPEG2 clip, the format Chromium's fake camera plays (and loops)
/// (--use-file-for-fake-video-capture). Written by hand: it is a one-line header plus raw I420 planes, and ffmpeg
/// would be one more system package for the tests.
/// </summary>
internal static class Y4mVideo
{
    /// <summary>5 frames a second, as the header says.</summary>
    public const int FramesPerSecond = 5;

    public static void Write(string imagePath, string outputPath, int width = 640, int height = 480, int frames = 10) =>
        Write(outputPath, [new Y4mScene(imagePath, frames)], width, height);

    public static void Write(string outputPath, IReadOnlyList<Y4mScene> scenes, int width = 640, int height = 480)
    {
        using var output = File.Create(outputPath);
        output.Write(System.Text.Encoding.ASCII.GetBytes($"YUV4MPEG2 W{width} H{height} F{FramesPerSecond}:1 Ip A1:1 C420jpeg\n"));
        foreach (var scene in scenes)
        {
            var i420 = Draw(scene, width, height);
            for (var i = 0; i < scene.Frames; i++)
            {
                output.Write("FRAME\n"u8);
                output.Write(i420);
            }
        }
    }

    private static byte[] Draw(Y4mScene scene, int width, int height)
    {
        using var frame = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(frame))
        {
            canvas.Clear(new SKColor(40, 40, 40));
            if (scene.ImagePath is { } path)
            {
                using var source = SKImage.FromEncodedData(path) ?? throw new InvalidDataException($"Cannot read {path}");
                var scale = Math.Min((float)width / source.Width, (float)height / source.Height);
                var w = source.Width * scale;
                var h = source.Height * scale;
                canvas.DrawImage(source, SKRect.Create((width - w) / 2, (height - h) / 2, w, h), new SKSamplingOptions(SKCubicResampler.Mitchell));
            }
        }

        return ToI420(frame.GetPixelSpan(), width, height);
    }

    // BT.601 full-range RGB to YCbCr, chroma averaged over 2x2 blocks (JPEG's 4:2:0).
    private static byte[] ToI420(ReadOnlySpan<byte> rgba, int width, int height)
    {
        var ySize = width * height;
        var cWidth = width / 2;
        var cSize = cWidth * (height / 2);
        var planes = new byte[ySize + (2 * cSize)];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var p = ((y * width) + x) * 4;
                planes[(y * width) + x] = Clamp((0.299 * rgba[p]) + (0.587 * rgba[p + 1]) + (0.114 * rgba[p + 2]));
            }
        }

        for (var y = 0; y < height / 2; y++)
        {
            for (var x = 0; x < cWidth; x++)
            {
                double r = 0, g = 0, b = 0;
                for (var dy = 0; dy < 2; dy++)
                {
                    for (var dx = 0; dx < 2; dx++)
                    {
                        var p = ((((2 * y) + dy) * width) + (2 * x) + dx) * 4;
                        r += rgba[p];
                        g += rgba[p + 1];
                        b += rgba[p + 2];
                    }
                }

                (r, g, b) = (r / 4, g / 4, b / 4);
                planes[ySize + (y * cWidth) + x] = Clamp(128 - (0.168736 * r) - (0.331264 * g) + (0.5 * b));
                planes[ySize + cSize + (y * cWidth) + x] = Clamp(128 + (0.5 * r) - (0.418688 * g) - (0.081312 * b));
            }
        }

        return planes;
    }

    private static byte Clamp(double value) => (byte)Math.Clamp(Math.Round(value), 0, 255);
}

/// <summary>A still shown for some frames: a photo, or (no image) an empty grey room.</summary>
internal sealed record Y4mScene(string? ImagePath, int Frames);
