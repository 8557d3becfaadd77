using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Moodtune.Vision;

/// <summary>
/// The engine's metrics and traces, on the BCL's <see cref="Meter"/> and <see cref="ActivitySource"/> named
/// <see cref="Name"/>: whoever listens (the web app, through OpenTelemetry) collects them; nobody listening costs nothing.
/// Instruments: <c>moodtune.frames.analysed</c> (images analysed, camera frames and photos), <c>moodtune.faces.analysed</c>
/// (faces whose expression was classified) and <c>moodtune.inference.duration</c> (seconds of detection or tracking plus
/// classification per image), each tagged <c>pass</c>: <c>detect</c> when the detector ran, <c>track</c> when the faces
/// were followed from the previous camera frame.
/// </summary>
public static class VisionTelemetry
{
    /// <summary>The meter's and the activity source's name.</summary>
    public const string Name = "Moodtune.Vision";

    internal static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);
    private static readonly Counter<long> Frames = Meter.CreateCounter<long>("moodtune.frames.analysed", "{frame}", "Images analysed (camera frames and photos).");
    private static readonly Counter<long> Faces = Meter.CreateCounter<long>("moodtune.faces.analysed", "{face}", "Faces whose expression was classified.");
    private static readonly Histogram<double> Inference = Meter.CreateHistogram<double>(
        "moodtune.inference.duration", "s", "Time to find the faces of one image (detector or tracker) and classify their expressions.");

    /// <summary>Starts the trace of one image's analysis, when someone listens.</summary>
    internal static Activity? StartAnalysis() => Source.StartActivity("moodtune.vision.analyze");

    /// <summary>Counts one analysed image and its faces, and how long it took since <paramref name="started"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    internal static FaceAnalysis Record(FaceAnalysis analysis, long started, Activity? activity)
    {
        var pass = new KeyValuePair<string, object?>("pass", analysis.Tracked ? "track" : "detect");
        Inference.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, pass);
        Frames.Add(1, pass);
        if (analysis.Faces.Count > 0)
        {
            Faces.Add(analysis.Faces.Count, pass);
        }

        activity?.SetTag("pass", pass.Value);
        activity?.SetTag("moodtune.faces", analysis.Faces.Count);
        return analysis;
    }
}
