using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moodtune.Mood;
using Moodtune.Storage;
using Moodtune.Vision;
using SkiaSharp;

namespace Moodtune.Web.Tests;

/// <summary>
/// The whole app in memory (TestServer) over a real SQLite file in its own temporary data folder (or, in a PostgreSQL
/// run, a database of its own: <see cref="TestStorage"/>), one per test class, with the settings every test app shares;
/// subclasses add theirs in <see cref="Configure"/>.
/// </summary>
public abstract class TempDataApp : WebApplicationFactory<Program>
{
    protected TempDataApp(string name) => DataDirectory = Directory.CreateTempSubdirectory($"moodtune-{name}-").FullName;

    public string DataDirectory { get; }

    public string DatabasePath => Path.Combine(DataDirectory, "moodtune.db");

    protected sealed override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Moodtune:DataDirectory", DataDirectory);
        foreach (var (name, value) in TestStorage.AppSettings(DataDirectory))
        {
            builder.UseSetting(name, value);
        }

        // One model keeps the tests fast; the default ensemble is the engine's business, tested there.
        builder.UseSetting("Vision:EmotionModel", "minixception");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        Configure(builder);
    }

    protected abstract void Configure(IWebHostBuilder builder);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        TestStorage.Drop(DataDirectory);
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A connection of a parallel test class may still hold the pool: the temp folder is cleaned by the OS.
        }

        GC.SuppressFinalize(this);
    }
}

/// <summary>The app in single mode with room for many photos and imports a minute.</summary>
public sealed class MoodtuneAppFactory() : TempDataApp("web-tests")
{
    /// <summary>Small enough that the over-size test sends little.</summary>
    public const int MaxUploadBytes = 2 * 1024 * 1024;

    protected override void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting("Moodtune:MaxUploadBytes", MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // A test class sends more photos and imports a minute than a person: the limits have their own test (RateLimitTests).
        builder.UseSetting("Moodtune:AnalysesPerMinute", "10000");
        builder.UseSetting("Moodtune:ImportsPerMinute", "10000");
    }
}

internal static class Http
{
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(url, body, TestContext.Current.CancellationToken);

    public static Task<HttpResponseMessage> GetUrlAsync(this HttpClient client, string url) =>
        client.GetAsync(new Uri(url, UriKind.Relative), TestContext.Current.CancellationToken);

    public static Task<JsonElement> GetJsonAsync(this HttpClient client, string url) =>
        client.GetUrlAsync(url).ContinueWith(t => t.Result.JsonAsync()).Unwrap();

    public static ByteArrayContent Image(byte[] bytes, string contentType = "image/png")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return content;
    }

    public static MultipartFormDataContent Form(string field, byte[] bytes, string fileName, string contentType)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, field, fileName);
        return form;
    }
}

internal static class Images
{
    public static byte[] Astronaut => File.ReadAllBytes(TestPaths.TestImage("astronaut.png"));

    /// <summary>The astronaut as a camera frame: a JPEG about <paramref name="width"/> pixels wide, drawn with <paramref name="paint"/> if given.</summary>
    public static byte[] AstronautJpeg(int width = 320, SKPaint? paint = null)
    {
        using var original = SKImage.FromEncodedData(Astronaut);
        var height = original.Height * width / original.Width;
        using var scaled = new SKBitmap(new SKImageInfo(width, height));
        using (var canvas = new SKCanvas(scaled))
        {
            canvas.DrawImage(original, SKRect.Create(width, height), new SKSamplingOptions(SKFilterMode.Linear), paint);
        }

        using var data = scaled.Encode(SKEncodedImageFormat.Jpeg, 85);
        return data.ToArray();
    }

    /// <summary>A <paramref name="width"/> x <paramref name="height"/> camera frame of a gray room, the astronaut photo drawn <paramref name="size"/> pixels wide at (x, y); none when size is 0.</summary>
    public static byte[] RoomJpeg(int width, int height, float size = 0, float x = 0, float y = 0)
    {
        using var frame = new SKBitmap(new SKImageInfo(width, height));
        using (var canvas = new SKCanvas(frame))
        {
            canvas.Clear(new SKColor(90, 90, 96));
            if (size > 0)
            {
                using var original = SKImage.FromEncodedData(Astronaut);
                canvas.DrawImage(original, SKRect.Create(x, y, size, size), new SKSamplingOptions(SKCubicResampler.Mitchell));
            }
        }

        using var data = frame.Encode(SKEncodedImageFormat.Jpeg, 85);
        return data.ToArray();
    }
}

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

internal static class Camera
{
    /// <summary>A camera session of the app, on <paramref name="time"/>, not connected to a socket.</summary>
    public static FrameSession Session(MoodtuneAppFactory app, TimeProvider time)
    {
        var services = app.Services;
        Assert.True(services.GetRequiredService<VisionEngine>().TryGet(out var analyzer, out var failure), failure);
        return new FrameSession(
            analyzer, MoodtuneDatabase.LocalListener, services.GetRequiredService<ReadingStore>(), time,
            services.GetRequiredService<IOptions<WebOptions>>().Value, services.GetRequiredService<IOptions<SmoothingOptions>>().Value,
            services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions, NullLogger.Instance,
            services.GetRequiredService<CameraPlans>());
    }

    /// <summary>Seven probabilities from name=value pairs (the rest 0).</summary>
    public static EmotionProbabilities Mix(params (Emotion Emotion, float P)[] parts)
    {
        var scores = new float[EmotionProbabilities.Count];
        foreach (var (emotion, p) in parts)
        {
            scores[(int)emotion] = p;
        }

        return EmotionProbabilities.FromScores(scores);
    }
}

/// <summary>The camera socket's messages, as the page reads them.</summary>
internal static class Sockets
{
    /// <summary>The next whole message as JSON; an undefined element when the server closed the socket.</summary>
    public static async Task<JsonElement> ReceiveJsonAsync(this WebSocket socket, CancellationToken cancel)
    {
        using var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, cancel);
            received.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);

        if (result.MessageType == WebSocketMessageType.Close)
        {
            return default;
        }

        Assert.Equal(WebSocketMessageType.Text, result.MessageType);
        return JsonDocument.Parse(received.ToArray()).RootElement.Clone();
    }

    /// <summary>Frames of the smiling astronaut (a sure mood within a few) until the stream plans a playlist: its "camera" value.</summary>
    public static async Task<string> PlanAsync(this WebSocket socket, CancellationToken cancel)
    {
        var frame = Images.AstronautJpeg(320);
        for (var i = 0; i < 20; i++)
        {
            await socket.SendAsync(frame, WebSocketMessageType.Binary, endOfMessage: true, cancel);

            // The frame's answer, and after it the playlist message when this frame decided one (read with the next frame's).
            for (var answers = 0; answers < 2; answers++)
            {
                var message = await socket.ReceiveJsonAsync(cancel);
                if (message.GetProperty("type").GetString() == "playlist")
                {
                    return message.GetProperty("camera").GetString()!;
                }

                if (message.GetProperty("type").GetString() == "frame")
                {
                    break;
                }
            }
        }

        throw new Xunit.Sdk.XunitException("The camera stream planned no playlist in 20 frames.");
    }
}
