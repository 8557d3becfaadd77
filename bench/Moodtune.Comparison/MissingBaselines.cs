namespace Moodtune.Comparison;

/// <summary>
/// The baselines a run was asked for and lacks. A comparison without its baseline prints nulls that read like a result,
/// so a missing one fails the run unless the caller allows it (--allow-missing-baselines).
/// </summary>
public static class MissingBaselines
{
    public const string AllowOption = "--allow-missing-baselines";

    /// <summary>One line per missing baseline, naming it and why; the face-api.js peer counts only when it was asked for.</summary>
    public static IReadOnlyList<string> In(ComparisonReport report, bool faceApiAsked)
    {
        ArgumentNullException.ThrowIfNull(report);
        var missing = new List<string>();
        if (report.HaarAbsentReason is { } haar)
        {
            missing.Add($"the Haar baseline is missing: {haar}");
        }

        if (faceApiAsked && !report.FaceApi.Available)
        {
            missing.Add($"the face-api.js peer is missing: {report.FaceApi.Reason} (--no-faceapi leaves it out)");
        }

        return missing;
    }

    public static int ExitCode(IReadOnlyList<string> missing, bool allowMissing)
    {
        ArgumentNullException.ThrowIfNull(missing);
        return missing.Count == 0 || allowMissing ? 0 : 1;
    }
}
