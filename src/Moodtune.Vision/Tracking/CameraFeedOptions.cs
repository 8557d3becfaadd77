namespace Moodtune.Vision.Tracking;

/// <summary>How a <see cref="CameraFeed"/> treats the frames of one camera.</summary>
public sealed record CameraFeedOptions
{
    public static CameraFeedOptions Default { get; } = new();

    /// <summary>
    /// Frames are decoded at the smallest JPEG scale (1/2, 1/4, 1/8) whose longer side is still at least this many
    /// pixels: 320 keeps a face at arm's length over 64 pixels wide (the classifiers' inputs are 48-112) and makes a
    /// 640x480 frame several times cheaper to decode. Null decodes at full size.
    /// </summary>
    public int? DecodeLongSideAtLeast { get; init; } = 320;

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
