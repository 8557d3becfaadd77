using SkiaSharp;

namespace Moodtune.Vision.Tests.TestData;

/// <summary>Loads the test photos and composes new test images from them in code.</summary>
public static class TestImages
{
    public const string Astronaut = "astronaut.png";
    public const string Camera = "camera.png";

    private static readonly SKSamplingOptions s_sampling = new(SKFilterMode.Linear, SKMipmapMode.Linear);

    public static SKImage Load(string fileName)
    {
        var path = TestPaths.TestImage(fileName);
        return SKImage.FromEncodedData(path) ?? throw new InvalidDataException($"Cannot decode {path}.");
    }

    /// <summary>A raster image of one plain colour with each (image, destination) pair drawn on it.</summary>
    public static SKImage Compose(int width, int height, SKColor background, params (SKImage Image, SKRect Destination)[] parts)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        surface.Canvas.Clear(background);
        foreach (var (image, destination) in parts)
        {
            surface.Canvas.DrawImage(image, destination, s_sampling);
        }

        return surface.Snapshot();
    }

    /// <summary>The part of <paramref name="image"/> inside <paramref name="area"/>, as a new raster image.</summary>
    public static SKImage Crop(SKImage image, SKRectI area) =>
        image.Subset(area)?.ToRasterImage() ?? throw new ArgumentException($"{area} is not inside the image.", nameof(area));

    /// <summary>The astronaut's face cut as FER2013 cuts faces (tight, square), at FER's 48 px.</summary>
    public static SKImage AstronautFace()
    {
        using var photo = Load(Astronaut);
        using var face = Crop(photo, new SKRectI(170, 75, 280, 185));
        return Compose(48, 48, SKColors.Black, (face, new SKRect(0, 0, 48, 48)));
    }
}
