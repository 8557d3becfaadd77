using System.Globalization;
using SkiaSharp;

namespace Moodtune.Vision.Evaluation.Perturbations;

/// <summary>
/// A tilted head: the face rotated by <see cref="Degrees"/> about the image's centre, clockwise or anticlockwise as the
/// seed decides (half each over a data set). The corners the rotation uncovers repeat the nearest edge pixel (Skia's
/// clamp mode): the crop has no pixels beyond its edge, and repeating the edge is closer to a real frame's surroundings
/// than black corners would be.
/// </summary>
public sealed class Roll(float degrees) : Perturbation("roll", string.Create(CultureInfo.InvariantCulture, $"rotated {degrees} deg about the centre (either way), edges repeated"))
{
    public float Degrees { get; } = degrees;

    /// <summary>The signed angle the seed picks: positive is clockwise on screen (y points down).</summary>
    public float AngleFor(int seed) => new Random(seed).Next(2) == 0 ? Degrees : -Degrees;

    public override PerturbedImage Apply(SKImage face, int seed)
    {
        var angle = AngleFor(seed);
        float cx = face.Width / 2f, cy = face.Height / 2f;

        // The shader's local matrix maps the face into place: rotated about the centre, every pixel sampled bilinearly.
        using var shader = face.ToShader(
            SKShaderTileMode.Clamp, SKShaderTileMode.Clamp, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None), SKMatrix.CreateRotationDegrees(angle, cx, cy));
        using var paint = new SKPaint { Shader = shader };
        return new(Render(face.Width, face.Height, canvas => canvas.DrawRect(0, 0, face.Width, face.Height, paint)), null);
    }
}
