using System.Globalization;
using SkiaSharp;

namespace Moodtune.Vision.Evaluation.Perturbations;

/// <summary>
/// Darker or brighter exposure: every stored 8-bit value (red, green, blue) times <see cref="Factor"/>, clipped at 255,
/// as a camera's gain acts on the values it writes. Above 1, the bright parts saturate and their detail is lost.
/// </summary>
public sealed class Exposure(string name, float factor)
    : Perturbation(name, string.Create(CultureInfo.InvariantCulture, $"pixel values x{factor}{(factor > 1 ? ", clipped at 255" : "")}"))
{
    public float Factor { get; } = factor > 0 ? factor : throw new ArgumentOutOfRangeException(nameof(factor), factor, "must be positive");

    public override PerturbedImage Apply(SKImage face, int seed)
    {
        var f = Factor;
        using var paint = new SKPaint
        {
            // Skia clamps each channel to [0, 1] after the matrix: the clipping of an over-exposed sensor.
            ColorFilter = SKColorFilter.CreateColorMatrix(
            [
                f, 0, 0, 0, 0,
                0, f, 0, 0, 0,
                0, 0, f, 0, 0,
                0, 0, 0, 1, 0,
            ]),
        };
        return new(Render(face.Width, face.Height, canvas => canvas.DrawImage(face, 0, 0, Exact, paint)), null);
    }
}
