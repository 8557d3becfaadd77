namespace Moodtune.Vision.Alignment;

/// <summary>How a detected face is cut out for the expression classifier.</summary>
public sealed record FaceCropOptions
{
    public static FaceCropOptions Default { get; } = new();

    /// <summary>Side of the square crop relative to the longer side of the detector's box (1.0 = the box itself).</summary>
    public float Scale { get; init; } = 1.25f;

    /// <summary>Moves the crop centre down by this fraction of the crop side: detector boxes sit high on the face.</summary>
    public float ShiftDown { get; init; }

    /// <summary>Rotates the face upright using the line through the eyes.</summary>
    public bool Upright { get; init; } = true;

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
