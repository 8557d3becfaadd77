using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Moodtune.Music.Recommendation;

/// <summary>
/// The recommender's metrics and traces, on the BCL's <see cref="Meter"/> and <see cref="ActivitySource"/> named
/// <see cref="Name"/>: <c>moodtune.recommendation.duration</c> (seconds to build one playlist, tagged with its
/// <c>strategy</c>), and one span per playlist. Whoever listens collects them (the web app, through OpenTelemetry).
/// </summary>
public static class MusicTelemetry
{
    /// <summary>The meter's and the activity source's name.</summary>
    public const string Name = "Moodtune.Music";

    private static readonly ActivitySource Source = new(Name);
    private static readonly Meter Meter = new(Name);
    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        "moodtune.recommendation.duration", "s", "Time to build one playlist from the catalog.");

    internal static Activity? StartRecommendation() => Source.StartActivity("moodtune.music.recommend");

    internal static Playlist Record(Playlist playlist, long started, Activity? activity)
    {
        var strategy = new KeyValuePair<string, object?>("strategy", playlist.Strategy.ToString().ToLowerInvariant());
        Duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, strategy);
        activity?.SetTag(strategy.Key, strategy.Value);
        activity?.SetTag("moodtune.songs", playlist.Songs.Count);
        return playlist;
    }
}
