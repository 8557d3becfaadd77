using SkiaSharp;

namespace Moodtune.Tests;

/// <summary>
/// A face in bad light, for the web app's tests: the detector still boxes the astronaut at 15% contrast (score about
/// 0.85), and mini-Xception, the web tests' model, is unsure of it (top class about 0.2-0.25). Our own networks are not:
/// they get each face's contrast back before reading it (Vision:Crop:ContrastPercent) and read it as happy.
/// </summary>
internal static class WashedOut
{
    public const float UnsureContrast = 0.15f;

    /// <summary>Draws with this to scale every colour's distance from mid-grey by <paramref name="contrast"/>.</summary>
    public static SKPaint Paint(float contrast = UnsureContrast)
    {
        var offset = (1 - contrast) * 0.5f;
        return new SKPaint
        {
            ColorFilter = SKColorFilter.CreateColorMatrix(
            [
                contrast, 0, 0, 0, offset,
                0, contrast, 0, 0, offset,
                0, 0, contrast, 0, offset,
                0, 0, 0, 1, 0,
            ]),
        };
    }
}
