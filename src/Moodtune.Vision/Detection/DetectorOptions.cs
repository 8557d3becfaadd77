namespace Moodtune.Vision.Detection;

/// <summary>How a detection call filters and merges candidates.</summary>
public sealed record DetectorOptions
{
    public static DetectorOptions Default { get; } = new();

    /// <summary>
    /// Lowest sigmoid score kept. 0.5 is MediaPipe's threshold for the short-range model and also works for the
    /// full-range one on our test photos: real faces score 0.75-0.95, the false positives seen stay under 0.4.
    /// </summary>
    public float MinScore { get; init; } = 0.5f;

    /// <summary>Candidates overlapping a better one by more than this IoU are merged into it (MediaPipe and BlazeFaceBarracuda use 0.3).</summary>
    public float IouThreshold { get; init; } = 0.3f;

    /// <summary>At most this many faces are returned, best first.</summary>
    public int MaxFaces { get; init; } = 10;

    /// <summary>
    /// For <see cref="DetectorModel.Auto"/> only: when the biggest face the front model finds is narrower than this
    /// fraction of the image's longer side (or it finds none), the back model runs too and its faces are merged in.
    /// </summary>
    public float AutoSmallFaceFraction { get; init; } = 0.2f;

    internal void Validate()
    {
        if (!(MinScore is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(MinScore), MinScore, "MinScore must be in [0, 1].");
        }

        if (!(IouThreshold is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(IouThreshold), IouThreshold, "IouThreshold must be in [0, 1].");
        }

        if (MaxFaces < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxFaces), MaxFaces, "MaxFaces must be at least 1.");
        }

        if (!(AutoSmallFaceFraction is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(AutoSmallFaceFraction), AutoSmallFaceFraction, "AutoSmallFaceFraction must be in [0, 1].");
        }
    }
}
