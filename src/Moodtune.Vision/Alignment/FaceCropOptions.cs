namespace Moodtune.Vision.Alignment;

/// <summary>
/// How a detected face is cut out for the expression classifier. The defaults are the expression models' framing; a
/// network with a framing of its own (the face verifier, FaceMesh's flag) sets <see cref="Scale"/> and
/// <see cref="ShiftDown"/> itself rather than inherit them.
/// </summary>
public sealed record FaceCropOptions
{
    public static FaceCropOptions Default { get; } = new();

    /// <summary>
    /// Side of the square crop relative to the longer side of the detector's box (1.0 = the box itself). With
    /// <see cref="ShiftDown"/>, the default frames a detected face as FER2013 frames its faces, which is what the
    /// expression models learned from: the medians over FER2013 train as BlazeFace boxes its faces (`moodtune eval
    /// ../shared/data/fer2013/train --framing`: 1.168 and -0.088). On FER2013 faces in camera scenes this took the
    /// default model from 67.9% to 69.6% on 10,000 train faces (1.25 and 0 before; models/README.md, "Robustness").
    /// </summary>
    public float Scale { get; init; } = 1.17f;

    /// <summary>
    /// Moves the crop centre down by this fraction of the crop side, along the face's own vertical axis; negative moves
    /// it up. FER2013's frame sits higher than BlazeFace's box: it keeps the forehead and cuts the chin (<see cref="Scale"/>).
    /// </summary>
    public float ShiftDown { get; init; } = -0.088f;

    /// <summary>Rotates the face upright using the line through the eyes.</summary>
    public bool Upright { get; init; } = true;

    /// <summary>
    /// Each face crop's gray levels are spread so that this percentage of its pixels is black and as many white
    /// (<see cref="Imaging.ContrastStretch"/>); 0 leaves crops as they are. FER2013's faces all span the full range (its
    /// images are contrast-normalized), so the expression models never saw a dim or washed-out face: on 6,000 train
    /// faces darkened x0.4 the default model reads 74.3% right as they are and 78.2% stretched, against 78.4% undarkened
    /// (`moodtune eval ../shared/data/fer2013/train --limit 6000 --perturb [--contrast-percent 0]`; models/README.md,
    /// "Robustness").
    /// </summary>
    public float ContrastPercent { get; init; } = 2f;

    /// <summary>
    /// A face whose crop at <see cref="SharpnessSide"/> px measures less fine detail than this
    /// (<see cref="Imaging.Sharpness.Measure"/>) is sharpened before the networks see it; 0 never sharpens. Sharp
    /// FER2013 train faces measure 2.3 or more (99%), the same blurred with sigma 1.5 px 0.45 or less, shrunk to 24 px
    /// and back 1.11 or less. With 1.2, accuracy on FER2013 val as it is stays the same (68.6%, macro-F1 0.672) and
    /// on val blurred it rises from 40.3% to 54.6% (models/README.md, "Robustness").
    /// </summary>
    public float SharpenBelow { get; init; } = 1.2f;

    /// <summary>The unsharp mask's blur, in pixels of a <see cref="SharpnessSide"/> px crop (scaled to each model's input).</summary>
    public float SharpenSigma { get; init; } = 1f;

    /// <summary>
    /// The unsharp mask's strength: the image plus this many times its difference from its blur. Sigma 1 and 4 were
    /// the best for blurred and 24-px faces together of 1, 1.5 x 1, 2, 4 on 1,400 train faces.
    /// </summary>
    public float SharpenAmount { get; init; } = 4f;

    /// <summary>The crop size at which sharpness is measured and the mask defined: FER2013's faces, our network's input.</summary>
    public const int SharpnessSide = 48;
}
