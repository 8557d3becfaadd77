using System.Collections.Concurrent;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Moodtune.Storage;

namespace Moodtune.Web.Tests;

/// <summary>The app with every log message captured at its most talkative, over its own data folder.</summary>
public sealed class TalkativeApp() : TempDataApp("privacy"), ILoggerProvider
{
    private readonly ConcurrentQueue<string> _log = new();

    public IEnumerable<string> Log => _log;

    public ILogger CreateLogger(string categoryName) => new Capture(_log);

    protected override void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting("Logging:LogLevel:Default", "Trace");
        builder.ConfigureLogging(logging => logging.AddProvider(this));
    }

    private sealed class Capture(ConcurrentQueue<string> log) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            log.Enqueue($"{logLevel} {formatter(state, exception)} {exception}");
    }
}

/// <summary>Issue 19's privacy rules: camera frames are analysed in memory only, and history is kept for a bounded time.</summary>
public sealed class PrivacyTests(TalkativeApp app) : IClassFixture<TalkativeApp>
{
    [Fact]
    public async Task Camera_frames_never_reach_the_data_folder_or_the_log()
    {
        var ct = TestContext.Current.CancellationToken;
        var frame = Images.AstronautJpeg(320);
        using (var socket = await app.Server.CreateWebSocketClient().ConnectAsync(new Uri(app.Server.BaseAddress, "/ws/frames"), ct))
        {
            var answer = new byte[64 * 1024];
            for (var i = 0; i < 5; i++)
            {
                await socket.SendAsync(frame, WebSocketMessageType.Binary, endOfMessage: true, ct);
                WebSocketReceiveResult received;
                do
                {
                    received = await socket.ReceiveAsync(answer, ct);
                }
                while (!received.EndOfMessage);
            }

            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", ct);
        }

        // A frame stored anywhere would carry its JPEG bytes (or their Base64 in a text file or log line).
        var chunk = frame.AsSpan(frame.Length / 2, 64).ToArray();
        var base64 = Convert.ToBase64String(frame.AsSpan(frame.Length / 2, 96));
        foreach (var file in Directory.EnumerateFiles(app.DataDirectory, "*", SearchOption.AllDirectories))
        {
            byte[] bytes;
            try
            {
                bytes = await File.ReadAllBytesAsync(file, ct);
            }
            catch (FileNotFoundException)
            {
                // SQLite deletes its -wal and -shm files when the last connection closes (another test class clearing
                // the connection pools): a file gone holds nothing.
                continue;
            }

            Assert.True(bytes.AsSpan().IndexOf(chunk) < 0, $"{file} holds the frame's bytes");
            Assert.DoesNotContain(base64[8..40], System.Text.Encoding.Latin1.GetString(bytes), StringComparison.Ordinal);
        }

        Assert.NotEmpty(app.Log);
        Assert.DoesNotContain(app.Log, line => line.Contains(base64[8..40], StringComparison.Ordinal) || line.Contains("\u00FF\u00D8\u00FF", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Readings_and_plays_older_than_the_retention_are_purged_and_newer_ones_stay()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = app.CreateClient();
        (await client.PostJsonAsync("/api/mood", new { emotion = "sad" })).EnsureSuccessStatusCode();
        var song = (await client.GetJsonAsync("/api/catalog?page_size=1")).GetProperty("songs")[0].GetProperty("id").GetString()!;
        (await client.PostJsonAsync("/api/plays", new { song_id = song, @event = "completed" })).EnsureSuccessStatusCode();
        var services = app.Services;
        var retention = services.GetRequiredService<IOptions<WebOptions>>().Value.HistoryRetention;
        Assert.Equal(TimeSpan.FromDays(365), retention);

        HistoryRetention At(DateTimeOffset now) => new(
            services.GetRequiredService<ListenerStore>(), services.GetRequiredService<IOptions<WebOptions>>(), new ManualTime(now),
            services.GetRequiredService<ILogger<HistoryRetention>>());

        Assert.Equal(0, await At(DateTimeOffset.UtcNow + TimeSpan.FromDays(364)).PurgeAsync(ct));
        Assert.True(await At(DateTimeOffset.UtcNow + TimeSpan.FromDays(366)).PurgeAsync(ct) >= 2);
        var history = await client.GetJsonAsync("/api/history");
        Assert.Empty(history.GetProperty("readings").EnumerateArray());
        Assert.Empty(history.GetProperty("plays").EnumerateArray());
    }
}
