using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;

namespace Moodtune.Web.Tests;

/// <summary>
/// Two app nodes on one database behind Debian's nginx (deploy/nginx.conf, round robin): a listener signed in
/// through the proxy is served by both, sees everything either node stored, and keeps being served, camera included,
/// when one node stops.
/// </summary>
public sealed class TwoNodeTests : IAsyncLifetime
{
    private const string Password = "two nodes, one listener";

    private static readonly string[] Settings =
    [
        "--Moodtune:Mode", "accounts",
        "--Moodtune:CatalogRefreshInterval", "00:00:00.200",
        "--Vision:EmotionModel", "minixception",
        "--Logging:LogLevel:Default", "Warning",
    ];

    private KestrelApp? _first;
    private KestrelApp? _second;
    private NginxProxy? _proxy;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        NginxProxy.Require();
        _first = await KestrelApp.StartAsync(Settings);
        _second = await KestrelApp.StartAsync(Settings, sharedData: _first.DataDirectory);
        _proxy = await NginxProxy.StartAsync([_first.Address, _second.Address]);
    }

    public async ValueTask DisposeAsync()
    {
        if (_proxy is not null)
        {
            await _proxy.DisposeAsync();
        }

        if (_second is not null)
        {
            await _second.DisposeAsync();
        }

        if (_first is not null)
        {
            await _first.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_listener_is_served_by_both_nodes_and_by_the_one_left_when_the_other_stops()
    {
        var (first, second, proxy) = (_first!, _second!, _proxy!);
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = proxy.Address };
        var nodes = new Dictionary<string, int>(StringComparer.Ordinal);

        // Signed in on one node; every later request, on either node, carries that node's cookie.
        await SendAsync(browser.PostAsJsonAsync("/api/account/register", new { email = "traveller@example.com", password = Password }, Ct), HttpStatusCode.Created);
        var song = (await JsonAsync(browser.GetAsync(new Uri("/api/catalog?page_size=1", UriKind.Relative), Ct))).GetProperty("songs")[0].GetProperty("id").GetString()!;
        foreach (var emotion in new[] { "sad", "angry", "fear", "happy" })
        {
            await SendAsync(browser.PostAsJsonAsync("/api/mood", new { emotion }, Ct), HttpStatusCode.Created);
        }

        await SendAsync(browser.PostAsJsonAsync("/api/feedback", new { song_id = song, feedback = "like" }, Ct), HttpStatusCode.NoContent);
        await SendAsync(browser.PostAsJsonAsync("/api/plays", new { song_id = song, @event = "completed" }, Ct), HttpStatusCode.NoContent);
        Assert.True(nodes.Count == 2, $"every write landed on one node: {string.Join(", ", nodes)}");

        // Either node, asked directly with the cookie the other may have issued, sees all of it.
        var cookie = cookies.GetCookieHeader(proxy.Address);
        foreach (var node in new[] { first, second })
        {
            using var direct = new HttpClient { BaseAddress = node.Address };
            direct.DefaultRequestHeaders.Add("Cookie", cookie);
            var history = await JsonAsync(direct.GetAsync(new Uri("/api/history", UriKind.Relative), Ct));
            Assert.Equal(4, history.GetProperty("readings").GetArrayLength());
            Assert.Single(history.GetProperty("plays").EnumerateArray());
            Assert.Equal(song, history.GetProperty("liked")[0].GetProperty("id").GetString());
            Assert.Equal("happy", (await JsonAsync(direct.GetAsync(new Uri("/api/recommendations?count=3", UriKind.Relative), Ct))).GetProperty("emotion").GetString());
        }

        // The camera through the proxy plans a playlist on the node holding its socket; the page's playlist request may
        // land on either node, and both serve it.
        using (var planning = await CameraAsync(proxy, cookies))
        {
            var plan = await planning.Socket.PlanAsync(Ct);
            foreach (var node in new[] { first, second })
            {
                using var direct = new HttpClient { BaseAddress = node.Address };
                direct.DefaultRequestHeaders.Add("Cookie", cookie);
                var playlist = await JsonAsync(direct.GetAsync(new Uri($"/api/recommendations?camera={Uri.EscapeDataString(plan)}&count=3", UriKind.Relative), Ct));
                Assert.Equal("happy", playlist.GetProperty("emotion").GetString());
            }
        }

        // The camera through the proxy; the node holding it stops (as in a deploy): the socket is closed with "going
        // away", and the page's reconnect lands on the node left.
        using (var camera = await CameraAsync(proxy, cookies))
        {
            await FrameAsync(camera.Socket);
            var holder = camera.Node == Endpoint(first) ? first : second;
            Assert.Equal(camera.Node, Endpoint(holder));

            // As a browser does, the page reads on while the node stops (a playlist message may still come first).
            var closed = Task.Run(async () =>
            {
                var buffer = new byte[256 * 1024];
                while ((await camera.Socket.ReceiveAsync(buffer, Ct)).MessageType != WebSocketMessageType.Close)
                {
                }
            }, Ct);
            var stopped = System.Diagnostics.Stopwatch.StartNew();
            await holder.StopAsync();
            await closed;
            Assert.True(stopped.Elapsed < TimeSpan.FromSeconds(10), $"the node took {stopped.Elapsed} to stop: the camera socket held it");
            Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, camera.Socket.CloseStatus);
        }

        nodes.Clear();
        using (var again = await CameraAsync(proxy, cookies))
        {
            await FrameAsync(again.Socket);
        }

        // Every request now goes to the node left, and finds everything stored before.
        for (var i = 0; i < 4; i++)
        {
            Assert.True((await JsonAsync(browser.GetAsync(new Uri("/api/history", UriKind.Relative), Ct))).GetProperty("readings").GetArrayLength() >= 4);
        }

        Assert.Single(nodes);

        async Task<HttpResponseMessage> SendAsync(Task<HttpResponseMessage> call, HttpStatusCode expected)
        {
            var response = await call;
            // "A, B" when nginx tried A (gone) and B answered: the node is the last.
            var node = response.Headers.TryGetValues(NginxProxy.NodeHeader, out var values) ? values.Last().Split(", ")[^1] : "none";
            nodes[node] = nodes.GetValueOrDefault(node) + 1;
            Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} from {node}: {await response.Content.ReadAsStringAsync(Ct)} {proxy.ErrorLog}");
            return response;
        }

        async Task<JsonElement> JsonAsync(Task<HttpResponseMessage> call)
        {
            using var response = await SendAsync(call, HttpStatusCode.OK);
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();
        }
    }

    private static string Endpoint(KestrelApp node) => $"{node.Address.Host}:{node.Address.Port}";

    private static async Task<Camera> CameraAsync(NginxProxy proxy, CookieContainer cookies)
    {
        var socket = new ClientWebSocket();
        socket.Options.Cookies = cookies;
        socket.Options.CollectHttpResponseDetails = true;
        await socket.ConnectAsync(new Uri($"ws://{proxy.Address.Authority}/ws/frames"), Ct);
        var node = socket.HttpResponseHeaders?.TryGetValue(NginxProxy.NodeHeader, out var values) == true ? values.Last().Split(", ")[^1] : "";
        return new Camera(socket, node);
    }

    private static async Task FrameAsync(WebSocket socket)
    {
        await socket.SendAsync(Images.AstronautJpeg(320), WebSocketMessageType.Binary, endOfMessage: true, Ct);
        var answer = await socket.ReceiveJsonAsync(Ct);
        Assert.Equal("frame", answer.GetProperty("type").GetString());
        Assert.Equal(1, answer.GetProperty("faces").GetArrayLength());
    }

    private sealed record Camera(ClientWebSocket Socket, string Node) : IDisposable
    {
        public void Dispose() => Socket.Dispose();
    }
}
