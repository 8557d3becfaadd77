namespace Moodtune.Vision.Imaging;

/// <summary>Byte layout of a raw pixel buffer handed to the engine (for example a camera frame).</summary>
public enum PixelLayout
{
    Rgba8888,
    Bgra8888,
    Rgb888,
    Bgr888,
    Gray8,
}
