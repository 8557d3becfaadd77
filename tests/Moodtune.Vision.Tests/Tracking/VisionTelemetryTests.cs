using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Moodtune.Vision.Tests.Tracking;

/// <summary>The engine's metrics (VisionTelemetry): each analysed camera frame counted and timed, as detected or tracked.</summary>
public sealed class VisionTelemetryTests : IClassFixture<CameraFeedTests.Engine>, IDisposable
{
    private readonly FaceAnalyzer _analyzer;
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, string? Pass)> _measured = new();

    public VisionTelemetryTests(CameraFeedTests.Engine engine)
    {
        _analyzer = engine.Analyzer;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == VisionTelemetry.Name)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => _measured.Enqueue((instrument.Name, value, Pass(tags))));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => _measured.Enqueue((instrument.Name, value, Pass(tags))));
        _listener.Start();
    }

    [Fact]
    public void A_camera_feed_counts_its_detected_and_tracked_frames_and_times_each()
    {
        var feed = _analyzer.OpenFeed(new Moodtune.Vision.Tracking.CameraFeedOptions { RedetectEvery = 10 });

        for (var i = 0; i < 4; i++)
        {
            feed.Analyze(CameraFrames.At(80 + (4 * i), 20 + (2 * i)));
        }

        // Other tests of this process analyse at the same time: ours are among what was measured.
        Assert.Equal(1, feed.DetectedFrames);
        Assert.Equal(3, feed.TrackedFrames);
        var frames = _measured.Where(m => m.Instrument == "moodtune.frames.analysed").ToList();
        Assert.True(frames.Count(m => m.Pass == "track") >= 3, string.Join(", ", frames));
        Assert.Contains(frames, m => m.Pass == "detect");
        Assert.True(_measured.Count(m => m is { Instrument: "moodtune.faces.analysed", Pass: "track", Value: 1 }) >= 3);
        var times = _measured.Where(m => m.Instrument == "moodtune.inference.duration").Select(m => m.Value).ToList();
        Assert.True(times.Count >= 4);
        Assert.All(times, t => Assert.InRange(t, 1e-7, 30));
    }

    public void Dispose() => _listener.Dispose();

    private static string? Pass(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "pass")
            {
                return tag.Value as string;
            }
        }

        return null;
    }
}
