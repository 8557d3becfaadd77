using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Moodtune.Web.Tests;

/// <summary>Issue 19's limits on what one client may send: JSON bodies, and camera frames a second.</summary>
public sealed class InputLimitTests(MoodtuneAppFactory app) : IClassFixture<MoodtuneAppFactory>
{
    [Fact]
    public async Task A_json_body_of_megabytes_is_refused_before_it_is_read()
    {
        var client = app.CreateClient();
        var padding = new string(' ', 100 * 1024);

        using var huge = await client.PostAsync(
            new Uri("/api/mood", UriKind.Relative), new StringContent($"{{\"emotion\":\"sad\"{padding}}}", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        using var fine = await client.PostAsync(
            new Uri("/api/mood", UriKind.Relative), new StringContent("""{"emotion":"sad"}""", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Contains("65,536", await huge.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, fine.StatusCode);
    }

    [Fact]
    public async Task A_socket_that_floods_frames_has_the_excess_answered_unanalysed()
    {
        var ct = TestContext.Current.CancellationToken;
        const int Frames = 40;
        var frame = Images.AstronautJpeg(320);
        using var socket = await app.Server.CreateWebSocketClient().ConnectAsync(new Uri(app.Server.BaseAddress, "/ws/frames"), ct);

        // Sent without waiting for answers, as a flooding client would.
        var clock = Stopwatch.StartNew();
        var sending = Task.Run(async () =>
        {
            for (var i = 0; i < Frames; i++)
            {
                await socket.SendAsync(frame, WebSocketMessageType.Binary, endOfMessage: true, ct);
            }
        }, ct);
        var (analysed, refused) = (0, 0);
        var buffer = new byte[256 * 1024];
        while (analysed + refused < Frames)
        {
            var length = 0;
            WebSocketReceiveResult received;
            do
            {
                received = await socket.ReceiveAsync(new ArraySegment<byte>(buffer, length, buffer.Length - length), ct);
                length += received.Count;
            }
            while (!received.EndOfMessage);

            var message = JsonDocument.Parse(buffer.AsMemory(0, length)).RootElement;
            switch (message.GetProperty("type").GetString())
            {
                case "frame":
                    analysed++;
                    break;
                case "error":
                    Assert.Contains("Too many frames", message.GetProperty("error").GetString(), StringComparison.Ordinal);
                    refused++;
                    break;
            }
        }

        await sending;
        var seconds = clock.Elapsed.TotalSeconds;
        // The default 5 frames a second allows 10 a second and a burst of 10.
        Assert.True(refused > 0, $"{analysed} analysed in {seconds:0.00} s, none refused");
        Assert.True(analysed >= 10 && analysed <= 10 + (int)Math.Ceiling(10 * seconds) + 1, $"{analysed} analysed, {refused} refused in {seconds:0.00} s");
    }
}
