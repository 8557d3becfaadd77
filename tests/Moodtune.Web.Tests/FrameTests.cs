using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Moodtune.Web.Tests;

public sealed class FrameTests(MoodtuneAppFactory app) : IClassFixture<MoodtuneAppFactory>
{
    [Fact]
    public async Task Camera_frames_get_faces_and_a_stable_happy_mood_and_a_bad_frame_gets_an_error()
    {
        var cancel = TestContext.Current.CancellationToken;
        var before = await CameraReadingsAsync();
        var client = app.Server.CreateWebSocketClient();
        using var socket = await client.ConnectAsync(new Uri(app.Server.BaseAddress, "/ws/frames"), cancel);
        var frame = Images.AstronautJpeg(320);

        JsonElement answer = default;
        for (var i = 0; i < 3; i++)
        {
            answer = await SendAsync(socket, frame, WebSocketMessageType.Binary, cancel);
            Assert.Single(answer.GetProperty("faces").EnumerateArray());
            Assert.Equal(0, answer.GetProperty("primary").GetInt32());

            // The first frame runs the detector; the same face in the next frames is tracked.
            Assert.Equal(i > 0, answer.GetProperty("tracked").GetBoolean());
        }

        var mood = answer.GetProperty("mood");
        Assert.Equal("happy", mood.GetProperty("stable").GetString());
        Assert.False(mood.GetProperty("changed").GetBoolean());
        Assert.Equal(7, mood.GetProperty("probabilities").EnumerateObject().Count());
        Assert.True(mood.GetProperty("valence").GetSingle() > 0);

        var garbage = await SendAsync(socket, Encoding.UTF8.GetBytes("not a jpeg at all"), WebSocketMessageType.Binary, cancel);
        Assert.False(string.IsNullOrEmpty(garbage.GetProperty("error").GetString()));
        var text = await SendAsync(socket, Encoding.UTF8.GetBytes("hello"), WebSocketMessageType.Text, cancel);
        Assert.True(text.TryGetProperty("error", out _));

        // Still open and working after the errors.
        var after = await SendAsync(socket, frame, WebSocketMessageType.Binary, cancel);
        Assert.Equal("happy", after.GetProperty("mood").GetProperty("stable").GetString());

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", cancel);

        // The first stable mood was stored as a camera reading (not one per frame: the interval is 10 s).
        var reading = Assert.Single((await CameraReadingsAsync()).Skip(before.Count));
        Assert.Equal("happy", reading.GetProperty("emotion").GetString());
    }

    // Other tests of this class share the app and store readings of their own.
    private async Task<List<JsonElement>> CameraReadingsAsync()
    {
        var history = await app.CreateClient().GetJsonAsync("/api/history");
        return [.. history.GetProperty("readings").EnumerateArray().Where(r => r.GetProperty("source").GetString() == "camera")];
    }

    [Fact]
    public async Task A_frame_over_the_limit_gets_an_error_and_the_socket_stays_usable()
    {
        var cancel = TestContext.Current.CancellationToken;
        using var socket = await app.Server.CreateWebSocketClient().ConnectAsync(new Uri(app.Server.BaseAddress, "/ws/frames"), cancel);

        var huge = await SendAsync(socket, new byte[(2 * 1024 * 1024) + 10], WebSocketMessageType.Binary, cancel);
        Assert.Contains("larger", huge.GetProperty("error").GetString(), StringComparison.Ordinal);

        var answer = await SendAsync(socket, Images.AstronautJpeg(320), WebSocketMessageType.Binary, cancel);
        Assert.Single(answer.GetProperty("faces").EnumerateArray());
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", cancel);
    }

    private static async Task<JsonElement> SendAsync(WebSocket socket, byte[] message, WebSocketMessageType type, CancellationToken cancel)
    {
        await socket.SendAsync(message, type, endOfMessage: true, cancel);
        using var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, cancel);
            received.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);

        Assert.Equal(WebSocketMessageType.Text, result.MessageType);
        return JsonDocument.Parse(received.ToArray()).RootElement.Clone();
    }
}
