using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Moodtune.Storage;

/// <summary>
/// The database's metrics, on the BCL's <see cref="Meter"/> named <see cref="Name"/> (the web app exports it through
/// OpenTelemetry): <c>moodtune.db.operation.duration</c> (seconds per unit of work on one connection, tagged
/// <c>outcome</c>: ok, unavailable or error) and <c>moodtune.db.operation.failures</c> (the failed ones, tagged
/// <c>reason</c>: unavailable, the database went away or is locked; error, anything else, such as a constraint).
/// </summary>
public static class StorageMetrics
{
    /// <summary>The meter's name.</summary>
    public const string Name = "Moodtune.Storage";

    private static readonly Meter Meter = new(Name);
    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        "moodtune.db.operation.duration", "s", "Time of one unit of database work: open a connection, run the queries, close it.");
    private static readonly Counter<long> Failures = Meter.CreateCounter<long>(
        "moodtune.db.operation.failures", "{operation}", "Units of database work that failed.");

    /// <summary>Runs <paramref name="work"/>, recording how long it took and whether it failed; a cancelled one is not recorded.</summary>
    public static async Task<T> MeasureAsync<T>(Func<Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await work().ConfigureAwait(false);
            Record(started, null);
            return result;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Record(started, e);
            throw;
        }
    }

    private static void Record(long started, Exception? failure)
    {
        var outcome = failure switch
        {
            null => "ok",
            StorageUnavailableException => "unavailable",
            _ => "error",
        };
        Duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));
        if (failure is not null)
        {
            Failures.Add(1, new KeyValuePair<string, object?>("reason", outcome));
        }
    }
}
