using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Moodtune.Storage.Tests;

public sealed class StorageMetricsTests : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, string Tag)> _measured = new();

    public StorageMetricsTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == StorageMetrics.Name)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => _measured.Enqueue((instrument.Name, value, TagText(tags))));
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => _measured.Enqueue((instrument.Name, value, TagText(tags))));
        _listener.Start();
    }

    [Fact]
    public async Task A_unit_of_work_is_timed_and_a_failed_one_counted_by_its_reason()
    {
        var answer = await StorageMetrics.MeasureAsync(async () =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(60), TestContext.Current.CancellationToken);
            return 42;
        });
        await Assert.ThrowsAsync<StorageUnavailableException>(() => StorageMetrics.MeasureAsync<int>(() => throw new StorageUnavailableException("gone")));
        await Assert.ThrowsAsync<InvalidOperationException>(() => StorageMetrics.MeasureAsync<int>(() => throw new InvalidOperationException("a bug")));

        Assert.Equal(42, answer);
        // Other tests of this process may use the database at the same time: ours are among what was measured.
        Assert.Contains(_measured, m => m is { Instrument: "moodtune.db.operation.duration", Tag: "outcome=ok", Value: >= 0.05 and < 30 });
        Assert.Contains(_measured, m => m is { Instrument: "moodtune.db.operation.duration", Tag: "outcome=unavailable" });
        Assert.Contains(_measured, m => m is { Instrument: "moodtune.db.operation.failures", Tag: "reason=unavailable", Value: 1 });
        Assert.Contains(_measured, m => m is { Instrument: "moodtune.db.operation.failures", Tag: "reason=error", Value: 1 });
    }

    public void Dispose() => _listener.Dispose();

    private static string TagText(ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        string.Join(',', tags.ToArray().Select(t => $"{t.Key}={t.Value}"));
}
