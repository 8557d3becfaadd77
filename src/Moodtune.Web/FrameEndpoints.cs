using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Threading.RateLimiting;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Moodtune.Mood;
using Moodtune.Storage;
using Moodtune.Vision;
using Moodtune.Vision.Imaging;
using Moodtune.Vision.Serialization;
using Moodtune.Vision.Tracking;

namespace Moodtune.Web;

/// <summary>The camera's smoothed mood after a frame; <c>Sure</c> says whether its confidence reaches Moodtune:MinConfidence.</summary>
internal sealed record FrameMood(
    Emotion Stable, bool Changed, IReadOnlyDictionary<string, float> Probabilities, float Valence, float Arousal, float Confidence, bool Sure);

// Every message on the socket has a type, since the page receives playlist messages between frame answers.
// NextFrameWidth: the width to send the next frame at (wider while the face is small: CameraFeed.NextFrameWidth).
internal sealed record FrameResponse(
    int Width, int Height, IReadOnlyList<FaceDocument> Faces, int? Primary, bool Tracked, FrameMood? Mood, int NextFrameWidth, string Type = "frame");

internal sealed record FrameError(string Error, string Type = "error");

/// <summary>The mood a camera playlist is planned for.</summary>
internal sealed record PlannedMood(Emotion Emotion, float Valence, float Arousal, float Confidence)
{
    public static PlannedMood From(MoodEstimate estimate) =>
        new(estimate.Dominant, estimate.Point.Valence, estimate.Point.Arousal, estimate.Confidence);
}

/// <summary>
/// Pushed after a frame's answer when the server decides the playlist should follow the camera: the page fetches
/// /api/recommendations?camera=CAMERA. Reason: "first" (the stream's first sure mood) or "mood" (a lasting change).
/// </summary>
internal sealed record PlaylistReady(string Camera, string Reason, PlannedMood Mood, string Type = "playlist");

/// <summary>GET /ws/frames: the live camera. One binary JPEG frame in, one JSON text message out, and now and then a playlist message.</summary>
internal static class FrameEndpoints
{
    public static IServiceCollection AddFrames(this IServiceCollection services)
    {
        services.AddSingleton<FrameSession.Factory>();
        services.AddSingleton<AnalysisSlots>();
        services.AddSingleton<CameraPlans>();
        return services;
    }

    public static IEndpointRouteBuilder MapFrames(this IEndpointRouteBuilder app)
    {
        app.MapGet("/ws/frames", HandleAsync)
            .RequireAuthorization(Listener.ListenerPolicy)
            .WithTags("Camera")
            .WithSummary("WebSocket for camera frames")
            .WithDescription("Binary messages, one JPEG frame each; answers one JSON text message per frame with the faces and the smoothed, stable mood, "
                + "followed by a {\"type\":\"playlist\"} message when the mood should change the playlist. Frames are never stored.");
        return app;
    }

    private static async Task HandleAsync(
        HttpContext context, FrameSession.Factory sessions, VisionEngine vision, IHostApplicationLifetime lifetime)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await Problems.BadRequest("Open this address as a WebSocket.").ExecuteAsync(context);
            return;
        }

        // Refused before the upgrade, so the page sees a failed socket and offers the photo upload and the mood picker.
        if (!vision.TryGet(out var analyzer, out var failure))
        {
            await Problems.Unavailable(failure).ExecuteAsync(context);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var session = sessions.Create(analyzer, Listener.Of(context.User));
        await session.RunAsync(socket, context.RequestAborted, lifetime.ApplicationStopping);
    }
}

/// <summary>
/// One camera connection: its own mood smoother; frames are analysed in memory and dropped. A mood below
/// Moodtune:MinConfidence is shown as unsure and acted on in no way. A sure mood is stored as a camera reading when it
/// changes, and otherwise at most once per interval; the playlist is planned at the first sure mood, then re-planned
/// when the stable mood lastingly differs from the planned one, at most once per Moodtune:ReplanInterval.
/// </summary>
internal sealed class FrameSession(
    FaceAnalyzer analyzer, long listenerId, ReadingStore readings, TimeProvider time, WebOptions options, SmoothingOptions smoothing, JsonSerializerOptions json, ILogger logger,
    CameraPlans plans, AnalysisSlots? slots = null) : IDisposable
{
    // A well-behaved page sends FrameRate frames a second, one in flight; twice that (and a burst of as many) is
    // plenty of slack. Frames beyond it are answered unanalysed, so one flooding client cannot take the cores.
    private readonly TokenBucketRateLimiter _rate = new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = 2 * options.FrameRate,
        TokensPerPeriod = 2 * options.FrameRate,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    });

    private static readonly TimeSpan GoAwayWait = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly MoodSmoother _smoother = new(smoothing);
    // Faces are tracked between detector runs within this connection's frames.
    private readonly CameraFeed _feed = analyzer.OpenFeed(analyzer.Options.Feed with
    {
        FrameWidth = options.FrameWidth,
        WideFrameWidth = options.WideFrameWidth > options.FrameWidth ? options.WideFrameWidth : null,
    });
    private DateTimeOffset? _lastStored;
    private Emotion? _lastStoredEmotion;
    private Plan? _plan;

    /// <summary>The mood the current playlist was planned for; null until the first sure mood.</summary>
    public MoodEstimate? Planned => _plan?.Mood;

    /// <summary>The last playlist message's "camera" value: the plan, readable by any node (<see cref="CameraPlans"/>).</summary>
    public string? PlanValue => _plan?.Value;

    /// <summary>Answers frames until the page closes the socket, the connection drops or <paramref name="stopping"/> fires.</summary>
    /// <param name="stopping">
    /// The node is shutting down (a restart, a deploy): the socket is closed with 1001 "going away" at once, so that the
    /// page reconnects, through the proxy to another node, instead of waiting out the host's shutdown timeout.
    /// </param>
    public async Task RunAsync(WebSocket socket, CancellationToken cancellationToken, CancellationToken stopping = default)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(options.MaxFrameBytes + 1);

        // Not by cancelling the pending receive: that aborts the socket without a close frame. The close goes out
        // between two sends, the page answers it, and the receive below ends the loop.
        using var goingAway = stopping.Register(() => _ = GoAwayAsync(socket));
        try
        {
            while (socket.State == WebSocketState.Open && !cancellationToken.IsCancellationRequested)
            {
                var (type, length, tooLarge) = await ReceiveAsync(socket, buffer, cancellationToken);
                if (type == WebSocketMessageType.Close)
                {
                    if (socket.State == WebSocketState.CloseReceived)
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
                    }

                    break;
                }

                using var lease = type == WebSocketMessageType.Binary && !tooLarge ? _rate.AttemptAcquire() : null;
                var (answer, replan) = type == WebSocketMessageType.Text
                    ? (new FrameError("Send each frame as one binary message (a JPEG image)."), null)
                    : tooLarge
                        ? (new FrameError($"The frame is larger than {options.MaxFrameBytes:N0} bytes."), null)
                        : lease is { IsAcquired: false }
                            ? (new FrameError($"Too many frames: at most {2 * options.FrameRate} a second are analysed; this one was not."), null)
                            : await AnalyzeInTurnAsync(buffer.AsMemory(0, length), cancellationToken);
                await SendAsync(socket, answer, cancellationToken);
                if (replan is not null)
                {
                    await SendAsync(socket, replan, cancellationToken);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException or IOException
            || (e is InvalidOperationException && stopping.IsCancellationRequested))
        {
            // The page went away (closed without the close handshake: a lost network, a killed tab), or the app is
            // shutting down (the analyzer is gone, the close is sent): nothing to answer.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task GoAwayAsync(WebSocket socket)
    {
        try
        {
            await _sending.WaitAsync();
            try
            {
                using var timeout = new CancellationTokenSource(GoAwayWait);
                await socket.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, "The server is restarting: reconnect.", timeout.Token);
            }
            finally
            {
                _sending.Release();
            }

            // The page answers the close at once; one that does not would hold the node's shutdown until its timeout.
            await Task.Delay(GoAwayWait);
            if (socket.State != WebSocketState.Closed)
            {
                socket.Abort();
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException or IOException or InvalidOperationException)
        {
            // Closed or gone already (the session too): the page sees the connection end and reconnects all the same.
        }
    }

    // A WebSocket allows one send at a time: the frame loop's answers and the close of a node going away.
    private async Task SendAsync(WebSocket socket, object message, CancellationToken cancellationToken)
    {
        await _sending.WaitAsync(cancellationToken);
        try
        {
            await socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message, message.GetType(), json), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _sending.Release();
        }
    }

    private async Task<(object Answer, PlaylistReady? Replan)> AnalyzeInTurnAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        if (slots is null)
        {
            return await AnalyzeAsync(frame, cancellationToken);
        }

        using var slot = await slots.TakeAsync(options.FrameWait, cancellationToken);
        return slot is null
            ? (new FrameError("The server is busy: this frame was dropped; the next one is analysed when a turn is free."), null)
            : await AnalyzeAsync(frame, cancellationToken);
    }

    public void Dispose()
    {
        _rate.Dispose();
        _sending.Dispose();
    }

    /// <summary>The frame's answer, and the playlist message when this frame decided one.</summary>
    internal async Task<(object Answer, PlaylistReady? Replan)> AnalyzeAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        FaceAnalysis analysis;
        try
        {
            analysis = _feed.Analyze(frame.Span);
        }
        catch (ImageDecodeException e)
        {
            return (new FrameError(e.Message), null);
        }

        var (mood, replan) = analysis.PrimaryFace is { } face ? await ObserveAsync(face.Emotions, cancellationToken) : (null, null);
        var document = FaceAnalysisDocument.From(analysis);
        return (new FrameResponse(document.Width, document.Height, document.Faces, analysis.PrimaryIndex, analysis.Tracked, mood, _feed.NextFrameWidth), replan);
    }

    /// <summary>Smooths the primary face's expression, then stores and plans from it only when the smoothed mood is sure.</summary>
    internal async Task<(FrameMood Mood, PlaylistReady? Replan)> ObserveAsync(EmotionProbabilities emotions, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var smoothed = _smoother.Update(emotions, now);
        var estimate = smoothed.Estimate;
        var sure = estimate.Confidence >= options.MinConfidence;
        var mood = new FrameMood(
            smoothed.Stable, smoothed.StableChanged, smoothed.Probabilities.ToDictionary(),
            estimate.Point.Valence, estimate.Point.Arousal, estimate.Confidence, sure);
        if (!sure)
        {
            return (mood, null);
        }

        // Compared with the last stored emotion, not StableChanged: a change made while unsure is still stored once sure.
        if (smoothed.Stable != _lastStoredEmotion || _lastStored is not { } last || now - last >= options.CameraReadingInterval)
        {
            await StoreAsync(MoodReading.FromCamera(smoothed, now), cancellationToken);
        }

        var reason = _plan is not { } plan ? "first"
            : smoothed.Stable != plan.Mood.Dominant && now - plan.At >= options.ReplanInterval ? "mood"
            : null;
        if (reason is null)
        {
            return (mood, null);
        }

        _plan = new Plan(estimate, now, plans.Issue(listenerId, estimate));
        return (mood, new PlaylistReady(_plan.Value, reason, PlannedMood.From(estimate)));
    }

    // The camera keeps working without a database; the reading is lost, not the session.
    private async Task StoreAsync(MoodReading reading, CancellationToken cancellationToken)
    {
        if (await readings.TryAddAsync(listenerId, reading, logger, cancellationToken))
        {
            (_lastStored, _lastStoredEmotion) = (reading.Time, reading.Emotion);
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

    private sealed record Plan(MoodEstimate Mood, DateTimeOffset At, string Value);

    /// <summary>Makes a session per connection from the app's singletons.</summary>
    internal sealed class Factory(
        ReadingStore readings, TimeProvider time, IOptions<WebOptions> options, IOptions<SmoothingOptions> smoothing,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, ILogger<FrameSession> logger, CameraPlans plans, AnalysisSlots slots)
    {
        public FrameSession Create(FaceAnalyzer analyzer, long listenerId) =>
            new(analyzer, listenerId, readings, time, options.Value, smoothing.Value, json.Value.SerializerOptions, logger, plans, slots);
    }
}
