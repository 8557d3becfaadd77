using SkiaSharp;

namespace Moodtune.Vision.Evaluation.Perturbations;

/// <summary>The reference row: the face as it is (a copy, so every row owns its image alike).</summary>
public sealed class Unchanged() : Perturbation("none", "the face as it is")
{
    public override PerturbedImage Apply(SKImage face, int seed) =>
        new(Render(face.Width, face.Height, canvas => canvas.DrawImage(face, 0, 0, Exact)), null);
}
