using Microsoft.Extensions.DependencyInjection;
using Moodtune.Mood;
using Moodtune.Storage;

namespace Moodtune.Web.Tests;

public sealed class CameraReadingTests(MoodtuneAppFactory app) : IClassFixture<MoodtuneAppFactory>
{
    [Fact]
    public async Task The_stable_mood_is_stored_at_first_then_at_most_once_per_interval_while_it_holds()
    {
        var cancel = TestContext.Current.CancellationToken;
        var readings = app.Services.GetRequiredService<ReadingStore>();
        var time = new ManualTime(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));
        var session = Camera.Session(app, time);
        var frame = Images.AstronautJpeg(320);

        // Frames at 0, 0.2, 5 and 9.9 s store one reading; 10 s after the last one the next frame stores another.
        foreach (var seconds in new[] { 0, 0.2, 5, 9.9, 10, 10.2 })
        {
            time.Now = new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero).AddSeconds(seconds);
            Assert.IsType<FrameResponse>((await session.AnalyzeAsync(frame, cancel)).Answer);
        }

        var stored = await readings.ListAsync(MoodtuneDatabase.LocalListener, cancellationToken: cancel);
        Assert.Equal([0, 10], stored.Select(r => (r.Time - new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero)).TotalSeconds));
        Assert.All(stored, r => Assert.Equal((Emotion.Happy, ReadingSource.Camera), (r.Emotion, r.Source)));
    }

}
