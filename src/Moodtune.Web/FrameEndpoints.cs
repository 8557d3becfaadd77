using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Moodtune.Mood;
using Moodtune.Storage;
using Moodtune.Vision;
using Moodtune.Vision.Imaging;
using Moodtune.Vision.Serialization;
using Moodtune.Vision.Tracking;

namespace Moodtune.Web;

internal sealed record FrameMood(string Stable, bool Changed, IReadOnlyDictionary<string, float> Probabilities, float Valence, float Arousal, float Confidence);

internal sealed record FrameResponse(int Width, int Height, IReadOnlyList<FaceDocument> Faces, int? Primary, bool Tracked, FrameMood? Mood);

internal sealed record FrameError(string Error);

/// <summary>GET /ws/frames: the live camera. One binary JPEG frame in, one JSON text message out.</summary>
internal static class FrameEndpoints
{
    public static IServiceCollection AddFrames(this IServiceCollection services)
    {
        services.AddSingleton<FrameSession.Factory>();
        return services;
    }

    public static IEndpointRouteBuilder MapFrames(this IEndpointRouteBuilder app)
    {
        app.MapGet("/ws/frames", HandleAsync)
            .WithTags("Camera")
            .WithSummary("WebSocket for camera frames")
            .WithDescription("Binary messages, one JPEG frame each; answers one JSON text message per frame with the faces and the smoothed, stable mood. Frames are never stored.");
        return app;
    }

    private static async Task HandleAsync(HttpContext context, FrameSession.Factory sessions)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await Problems.BadRequest("Open this address as a WebSocket.").ExecuteAsync(context);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        await sessions.Create().RunAsync(socket, context.RequestAborted);
    }
}

/// <summary>
/// One camera connection: its own mood smoother; frames are analysed in memory and dropped. The stable mood is stored
/// as a camera reading when it changes, and otherwise at most once per interval while a face is seen.
/// </summary>
internal sealed partial class FrameSession(
    FaceAnalyzer analyzer, ReadingStore readings, TimeProvider time, WebOptions options, SmoothingOptions smoothing, JsonSerializerOptions json, ILogger logger)
{
    private readonly MoodSmoother _smoother = new(smoothing);
    // Faces are tracked between detector runs within this connection's frames.
    private readonly CameraFeed _feed = analyzer.OpenFeed(analyzer.Options.Feed with { DecodeLongSideAtLeast = options.FrameWidth });
    private DateTimeOffset? _lastStored;

    public async Task RunAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(options.MaxFrameBytes + 1);
        try
        {
            while (socket.State == WebSocketState.Open && !cancellationToken.IsCancellationRequested)
            {
                var (type, length, tooLarge) = await ReceiveAsync(socket, buffer, cancellationToken);
                if (type == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
                    break;
                }

                object answer = type == WebSocketMessageType.Text
                    ? new FrameError("Send each frame as one binary message (a JPEG image).")
                    : tooLarge
                        ? new FrameError($"The frame is larger than {options.MaxFrameBytes:N0} bytes.")
                        : await AnalyzeAsync(buffer.AsMemory(0, length), cancellationToken);
                var bytes = JsonSerializer.SerializeToUtf8Bytes(answer, answer.GetType(), json);
                await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The page went away, or the app is shutting down (the analyzer is gone): nothing to answer.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    internal async Task<object> AnalyzeAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        FaceAnalysis analysis;
        try
        {
            analysis = _feed.Analyze(frame.Span);
        }
        catch (ImageDecodeException e)
        {
            return new FrameError(e.Message);
        }

        int? primary = null;
        FrameMood? mood = null;
        if (analysis.PrimaryFace is { } face)
        {
            for (var i = 0; i < analysis.Faces.Count; i++)
            {
                primary = ReferenceEquals(analysis.Faces[i], face) ? i : primary;
            }

            var now = time.GetUtcNow();
            var smoothed = _smoother.Update(face.Emotions, now);
            mood = new FrameMood(
                EmotionProbabilities.Name(smoothed.Stable), smoothed.StableChanged, smoothed.Probabilities.ToDictionary(),
                smoothed.Estimate.Point.Valence, smoothed.Estimate.Point.Arousal, smoothed.Estimate.Confidence);
            if (smoothed.StableChanged || _lastStored is not { } last || now - last >= options.CameraReadingInterval)
            {
                await StoreAsync(MoodReading.FromCamera(smoothed, now), cancellationToken);
            }
        }

        var document = FaceAnalysisDocument.From(analysis);
        return new FrameResponse(document.Width, document.Height, document.Faces, primary, analysis.Tracked, mood);
    }

    private async Task StoreAsync(MoodReading reading, CancellationToken cancellationToken)
    {
        try
        {
            await readings.AddAsync(Listener.Current, reading, cancellationToken);
            _lastStored = reading.Time;
        }
        catch (StorageUnavailableException e)
        {
            // The camera keeps working without a database; the reading is lost, not the session.
            LogNotStored(logger, e.Message);
        }
    }

    private async Task<(WebSocketMessageType Type, int Length, bool TooLarge)> ReceiveAsync(WebSocket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        var limit = options.MaxFrameBytes;
        var length = 0;
        var tooLarge = false;
        while (true)
        {
            // One byte more than the limit tells a frame that is too large; the rest of it is read into the buffer and dropped.
            var target = tooLarge ? buffer.AsMemory(0, limit + 1) : buffer.AsMemory(length, limit + 1 - length);
            var result = await socket.ReceiveAsync(target, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return (WebSocketMessageType.Close, 0, false);
            }

            if (!tooLarge)
            {
                length += result.Count;
                tooLarge = length > limit;
            }

            if (result.EndOfMessage)
            {
                return (result.MessageType, length, tooLarge);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A camera reading was not stored: {Reason}")]
    private static partial void LogNotStored(ILogger logger, string reason);

    /// <summary>Makes a session per connection from the app's singletons.</summary>
    internal sealed class Factory(
        FaceAnalyzer analyzer, ReadingStore readings, TimeProvider time, IOptions<WebOptions> options, IOptions<SmoothingOptions> smoothing,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, ILogger<FrameSession> logger)
    {
        public FrameSession Create() => new(analyzer, readings, time, options.Value, smoothing.Value, json.Value.SerializerOptions, logger);
    }
}
