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
}
