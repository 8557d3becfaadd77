namespace Moodtune.Vision.Tracking;

/// <summary>How a <see cref="CameraFeed"/> treats the frames of one camera.</summary>
public sealed record CameraFeedOptions
{
    public static CameraFeedOptions Default { get; } = new();

    /// <summary>
    /// Frames are decoded at the smallest JPEG scale (1/2, 1/4, 1/8) whose longer side is still at least this many
    /// pixels: 320 keeps a face at arm's length over 64 pixels wide (the classifiers' inputs are 48-112) and makes a
    /// 640x480 frame several times cheaper to decode (never below the width the frame was asked for,
    /// <see cref="FrameWidth"/> or <see cref="WideFrameWidth"/>). Null decodes at full size.
    /// </summary>
    public int? DecodeLongSideAtLeast { get; init; } = 320;

    /// <summary>The width frames are asked for (<see cref="CameraFeed.NextFrameWidth"/>) while the user's face is not small.</summary>
    public int FrameWidth { get; init; } = 320;

    /// <summary>
    /// The width frames are asked for while the user's face is narrower than <see cref="SmallFaceFraction"/> of the
    /// frame, and every other frame while no face is found; null (the default) never asks for wider frames. The web
    /// server asks for 640 (Moodtune:WideFrameWidth): a face a metre or two away is 24-40 pixels of a 320-pixel frame,
    /// and at 640 the detector finds more of them and the expression is read from twice the pixels (issue 17,
    /// models/README.md "Far faces and the frame width": 48.4% of far faces read right at 320 against 57.0% at 640 on
    /// 1,000 val images), while near faces read as well at 320, which costs a quarter of the pixels.
    /// </summary>
    public int? WideFrameWidth { get; init; }

    /// <summary>A face narrower than this share of the frame's width asks for wide frames (0.15: 48 of 320 pixels).</summary>
    public float SmallFaceFraction { get; init; } = 0.15f;

    /// <summary>A face at least this share of the frame's width asks for narrow frames again; between the two the width stays, so it does not flap.</summary>
    public float LargeFaceFraction { get; init; } = 0.2f;

    /// <summary>Whether faces are tracked between detector runs (false: the detector runs on every frame).</summary>
    public bool Tracking { get; init; } = true;

    /// <summary>The detector runs at least every this many frames, so new faces appear and boxes follow changes of size.</summary>
    public int RedetectEvery { get; init; } = 10;

    /// <summary>A tracked face whose correlation with its template falls below this is detected afresh.</summary>
    public float MinCorrelation { get; init; } = 0.8f;

    /// <summary>How far a face may move between two frames and still be tracked, as a fraction of its size.</summary>
    public float SearchFraction { get; init; } = 0.25f;

    /// <summary>What is wrong with these settings, one line per setting (named as in configuration); empty when nothing is.</summary>
    public IReadOnlyList<string> Problems()
    {
        List<string> problems = [];
        if (DecodeLongSideAtLeast is < 64)
        {
            problems.Add($"DecodeLongSideAtLeast must be at least 64 or unset (is {DecodeLongSideAtLeast}).");
        }

        if (FrameWidth < 64)
        {
            problems.Add($"FrameWidth must be at least 64 (is {FrameWidth}).");
        }

        if (WideFrameWidth is { } wide && wide <= FrameWidth)
        {
            problems.Add($"WideFrameWidth must be wider than FrameWidth ({FrameWidth}) or unset (is {wide}).");
        }

        if (SmallFaceFraction is not (> 0 and < 1) || LargeFaceFraction is not (> 0 and < 1) || LargeFaceFraction < SmallFaceFraction)
        {
            problems.Add($"SmallFaceFraction and LargeFaceFraction must be in (0, 1), the small one not above the large one (are {SmallFaceFraction} and {LargeFaceFraction}).");
        }

        if (RedetectEvery < 1)
        {
            problems.Add($"RedetectEvery must be at least 1 (is {RedetectEvery}).");
        }

        if (MinCorrelation is not (>= 0 and <= 1))
        {
            problems.Add($"MinCorrelation must be in [0, 1] (is {MinCorrelation}).");
        }

        if (SearchFraction is not (> 0 and <= 1))
        {
            problems.Add($"SearchFraction must be in (0, 1] (is {SearchFraction}).");
        }

        return problems;
    }

    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        if (Problems() is [_, ..] problems)
        {
            throw new ArgumentOutOfRangeException(nameof(CameraFeedOptions), string.Join(" ", problems));
        }
    }
}
