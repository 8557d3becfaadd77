using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Moodtune.Web.Tests;

public sealed class FrameTests(MoodtuneAppFactory app) : IClassFixture<MoodtuneAppFactory>
{
    [Fact]
    public async Task Camera_frames_get_faces_and_a_stable_happy_mood_and_a_bad_frame_gets_an_error()
    {
        var before = await CameraReadingsAsync();
        using var socket = await ConnectAsync();
        var frame = Images.AstronautJpeg(320);

        JsonElement answer = default;
        for (var i = 0; i < 3; i++)
        {
            answer = await socket.SendAsync(frame, WebSocketMessageType.Binary);
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

        var garbage = await socket.SendAsync(Encoding.UTF8.GetBytes("not a jpeg at all"), WebSocketMessageType.Binary);
        Assert.False(string.IsNullOrEmpty(garbage.GetProperty("error").GetString()));
        var text = await socket.SendAsync(Encoding.UTF8.GetBytes("hello"), WebSocketMessageType.Text);
        Assert.True(text.TryGetProperty("error", out _));

        // Still open and working after the errors.
        var after = await socket.SendAsync(frame, WebSocketMessageType.Binary);
        Assert.Equal("happy", after.GetProperty("mood").GetProperty("stable").GetString());

        await socket.CloseAsync();

        // The first stable mood was stored as a camera reading (not one per frame: the interval is 10 s).
        var reading = Assert.Single((await CameraReadingsAsync()).Skip(before.Count));
        Assert.Equal("happy", reading.GetProperty("emotion").GetString());
    }

    [Fact]
    public async Task A_far_face_asks_for_wide_frames_a_near_one_for_narrow_ones_and_no_face_for_both_in_turn()
    {
        using var socket = await ConnectAsync();
        int NextWidth(JsonElement answer) => answer.GetProperty("next_frame_width").GetInt32();

        // About 20 pixels of face in a 320-pixel frame: a user a metre or two away.
        var far = await socket.SendAsync(Images.RoomJpeg(320, 240, size: 120, x: 100, y: 60), WebSocketMessageType.Binary);
        Assert.Single(far.GetProperty("faces").EnumerateArray());
        Assert.Equal(640, NextWidth(far));

        // The page sends the next frame that wide; the face is still small there, so wide frames go on.
        var wide = await socket.SendAsync(Images.RoomJpeg(640, 480, size: 240, x: 200, y: 120), WebSocketMessageType.Binary);
        Assert.Equal(640, wide.GetProperty("width").GetInt32());
        Assert.Single(wide.GetProperty("faces").EnumerateArray());
        Assert.Equal(640, NextWidth(wide));

        // Close to the camera: the face is a quarter of the frame, and narrow frames are enough.
        var near = await socket.SendAsync(Images.RoomJpeg(640, 480, size: 960, x: -160, y: -120), WebSocketMessageType.Binary);
        Assert.Single(near.GetProperty("faces").EnumerateArray());
        Assert.Equal(320, NextWidth(near));

        var empty = Images.RoomJpeg(320, 240);
        Assert.Equal(640, NextWidth(await socket.SendAsync(empty, WebSocketMessageType.Binary)));
        Assert.Equal(320, NextWidth(await socket.SendAsync(empty, WebSocketMessageType.Binary)));
        await socket.CloseAsync();
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
        using var socket = await ConnectAsync();

        var huge = await socket.SendAsync(new byte[(2 * 1024 * 1024) + 10], WebSocketMessageType.Binary);
        Assert.Contains("larger", huge.GetProperty("error").GetString(), StringComparison.Ordinal);

        var answer = await socket.SendAsync(Images.AstronautJpeg(320), WebSocketMessageType.Binary);
        Assert.Single(answer.GetProperty("faces").EnumerateArray());
        await socket.CloseAsync();
    }

    [Fact]
    public async Task A_washed_out_face_is_unsure_so_nothing_is_stored_and_no_playlist_is_pushed()
    {
        var before = await CameraReadingsAsync();
        using var socket = await ConnectAsync();
        using var paint = WashedOut.Paint();
        var frame = Images.AstronautJpeg(320, paint);

        for (var i = 0; i < 4; i++)
        {
            var answer = await socket.SendAsync(frame, WebSocketMessageType.Binary);
            Assert.Single(answer.GetProperty("faces").EnumerateArray());
            var mood = answer.GetProperty("mood");
            Assert.False(mood.GetProperty("sure").GetBoolean(), mood.ToString());
            Assert.InRange(mood.GetProperty("confidence").GetSingle(), 0, 0.4f);
        }

        await socket.CloseAsync();
        Assert.Empty(socket.Pushed);
        Assert.Equal(before.Count, (await CameraReadingsAsync()).Count);
    }

    [Fact]
    public async Task The_first_sure_mood_pushes_a_playlist_message_and_its_camera_names_the_smoothed_mood_until_the_stream_ends()
    {
        var client = app.CreateClient();
        using var socket = await ConnectAsync();
        var frame = Images.AstronautJpeg(320);

        var first = (await socket.SendAsync(frame, WebSocketMessageType.Binary)).GetProperty("mood");
        await socket.SendAsync(frame, WebSocketMessageType.Binary);

        var pushed = Assert.Single(socket.Pushed);
        Assert.Equal("first", pushed.GetProperty("reason").GetString());
        Assert.Equal("happy", pushed.GetProperty("mood").GetProperty("emotion").GetString());
        var camera = pushed.GetProperty("camera").GetString();
        var playlist = await client.GetJsonAsync($"/api/recommendations?camera={camera}&count=5");
        Assert.Equal("happy", playlist.GetProperty("emotion").GetString());
        Assert.Equal(first.GetProperty("confidence").GetSingle(), playlist.GetProperty("mood").GetProperty("confidence").GetSingle(), 4);
        Assert.Equal(first.GetProperty("valence").GetSingle(), playlist.GetProperty("mood").GetProperty("valence").GetSingle(), 4);

        // The value is the plan itself, signed: it serves after the socket closed (and on any node), but not altered.
        await socket.CloseAsync();
        Assert.Equal("happy", (await client.GetJsonAsync($"/api/recommendations?camera={camera}&count=5")).GetProperty("emotion").GetString());
        var altered = camera![..^2] + (camera[^2] == 'A' ? 'B' : 'A') + camera[^1];
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetUrlAsync($"/api/recommendations?camera={altered}")).StatusCode);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        // The server forgets the stream when its handler ends, just after the close handshake.
        for (var i = 0; i < 50 && !await condition(); i++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.True(await condition());
    }

    private async Task<CameraSocket> ConnectAsync() =>
        new(await app.Server.CreateWebSocketClient().ConnectAsync(new Uri(app.Server.BaseAddress, "/ws/frames"), TestContext.Current.CancellationToken));

    /// <summary>The page's side of /ws/frames: a frame and its answer; playlist messages pushed between answers are kept aside.</summary>
    private sealed class CameraSocket(WebSocket socket) : IDisposable
    {
        public List<JsonElement> Pushed { get; } = [];

        public async Task<JsonElement> SendAsync(byte[] message, WebSocketMessageType type)
        {
            var cancel = TestContext.Current.CancellationToken;
            await socket.SendAsync(message, type, endOfMessage: true, cancel);
            while (true)
            {
                var received = await ReceiveAsync(cancel);
                if (received.GetProperty("type").GetString() != "playlist")
                {
                    return received;
                }

                Pushed.Add(received);
            }
        }

        /// <summary>Closes the socket, keeping what the server pushed after the last answer.</summary>
        public async Task CloseAsync()
        {
            var cancel = TestContext.Current.CancellationToken;
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", cancel);
            while (socket.State != WebSocketState.Closed && await ReceiveAsync(cancel) is { ValueKind: JsonValueKind.Object } pushed)
            {
                Pushed.Add(pushed);
            }
        }

        public void Dispose() => socket.Dispose();

        private Task<JsonElement> ReceiveAsync(CancellationToken cancel) => socket.ReceiveJsonAsync(cancel);
    }
}
