using System.Globalization;
using Moodtune.Vision.Imaging;
using SkiaSharp;

namespace Moodtune.Vision.Evaluation.Perturbations;

/// <summary>
/// A small, far face: shrunk so its longer side is <see cref="Side"/> pixels, then scaled back to its size, so the
/// model sees the same input size with the detail of a face that small.
/// </summary>
public sealed class Downscale(int side) : Perturbation("lowres", string.Create(CultureInfo.InvariantCulture, $"resized to {side} px and back"))
{
    private static readonly SKSamplingOptions Bilinear = new(SKFilterMode.Linear, SKMipmapMode.None);

    public int Side { get; } = side >= 1 ? side : throw new ArgumentOutOfRangeException(nameof(side), side, "must be at least 1");

    public override PerturbedImage Apply(SKImage face, int seed)
    {
        var scale = (float)Side / Math.Max(face.Width, face.Height);
        int width = Math.Max(1, (int)MathF.Round(face.Width * scale)), height = Math.Max(1, (int)MathF.Round(face.Height * scale));

        // Shrunk as the engine shrinks faces into model inputs, enlarged bilinearly as a browser or camera scaler would.
        using var small = Render(width, height, canvas => canvas.DrawImage(face, new SKRect(0, 0, width, height), Resampling.ForScale(scale)));
        return new(Render(face.Width, face.Height, canvas => canvas.DrawImage(small, new SKRect(0, 0, face.Width, face.Height), Bilinear)), null);
    }
}
