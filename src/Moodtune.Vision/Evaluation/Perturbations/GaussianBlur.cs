using System.Globalization;
using SkiaSharp;

namespace Moodtune.Vision.Evaluation.Perturbations;

/// <summary>Out of focus or moving: a Gaussian blur of <see cref="Sigma"/> pixels (Skia's), the edges extended outwards.</summary>
public sealed class GaussianBlur(float sigma) : Perturbation("blur", string.Create(CultureInfo.InvariantCulture, $"Gaussian blur, sigma {sigma} px"))
{
    public float Sigma { get; } = sigma > 0 ? sigma : throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "must be positive");

    public override PerturbedImage Apply(SKImage face, int seed)
    {
        // Clamp: pixels beyond the edge repeat the edge, so the border does not fade to black.
        using var paint = new SKPaint { ImageFilter = SKImageFilter.CreateBlur(Sigma, Sigma, SKShaderTileMode.Clamp) };
        return new(Render(face.Width, face.Height, canvas => canvas.DrawImage(face, 0, 0, Exact, paint)), null);
    }
}
