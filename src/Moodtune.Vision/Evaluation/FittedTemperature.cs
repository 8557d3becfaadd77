namespace Moodtune.Vision.Evaluation;

/// <summary>A temperature fitted on evaluated images, and their calibration once scaled by it.</summary>
public sealed record FittedTemperature(TemperatureScaling Scaling, CalibrationReport After)
{
    /// <exception cref="ArgumentException">The report is empty.</exception>
    public static FittedTemperature Fit(CalibrationReport before)
    {
        var scaling = TemperatureScaling.Fit(before);
        return new FittedTemperature(scaling, before.Scaled(scaling));
    }
}
