using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text.Json;
using Moodtune.Load;

// moodtune-load: N simulated webcams against a Moodtune server on this machine, each sending a 320x240 face JPEG at 5
// frames a second with one frame in flight (as the page does), plus recommendation requests; prints frames answered a
// second, latency percentiles, errors, the server's memory and CPU. Loopback only, bounded in clients and time.
//
//   dotnet run --project bench/Moodtune.Load -c Release -- [--clients 10,20,30] [--seconds 45] [--nodes 1|2] [--json]
//
// It starts `./moodtune serve` on a free port over a fresh data folder for each step (so that each step starts from
// the same state), or uses --url http://127.0.0.1:PORT (then the server's memory and CPU are not measured). With
// --nodes 2 it starts two nodes on that folder's database behind Debian's nginx (deploy/nginx.conf) and loads nginx;
// memory and CPU are the nodes' sums. Storage__Provider and ConnectionStrings__Moodtune in the environment reach the
// nodes, so the same runs measure PostgreSQL.
var clientSteps = Option("--clients", "10,20,30").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray();
var seconds = int.Parse(Option("--seconds", "45"), CultureInfo.InvariantCulture);
var fps = int.Parse(Option("--fps", "5"), CultureInfo.InvariantCulture);
var url = Option("--url", "");
var nodes = int.Parse(Option("--nodes", "1"), CultureInfo.InvariantCulture);
// Listeners asking for playlists back to back (each a new one as soon as the last is answered), instead of one a
// second: what the nodes answer at most.
var playlistClients = int.Parse(Option("--playlist-clients", "0"), CultureInfo.InvariantCulture);
var json = args.Contains("--json");
if (clientSteps.Any(c => c is < 0 or > 200) || seconds is < 5 or > 600 || fps is < 1 or > 30 || nodes is < 1 or > 4 || playlistClients is < 0 or > 100
    || (clientSteps.Contains(0) && playlistClients == 0))
{
    Console.Error.WriteLine("moodtune-load: --clients 0..200 each (0 only with --playlist-clients), --seconds 5..600, --fps 1..30, --nodes 1..4, --playlist-clients 0..100");
    return 2;
}

if (url.Length > 0 && (!Uri.TryCreate(url, UriKind.Absolute, out var given) || !given.IsLoopback))
{
    Console.Error.WriteLine("moodtune-load: --url must be a loopback address (this tool loads the server it measures, not someone else's)");
    return 2;
}

var frame = Frames.Face320();
var results = new List<StepResult>();
foreach (var clients in clientSteps)
{
    await using var server = url.Length > 0 ? Server.Existing(new Uri(url)) : await Server.StartAsync(nodes);
    results.Add(await Step.RunAsync(server, nodes, clients, seconds, fps, frame, playlistClients));
    if (!json)
    {
        Console.WriteLine(results[^1]);
    }
}

if (json)
{
    Console.WriteLine(JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));
}

return 0;

string Option(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

namespace Moodtune.Load
{
    /// <summary>What one step (N clients for T seconds) measured.</summary>
    internal sealed record StepResult(
        int Nodes, int Clients, int Seconds, int Fps, double FramesAnsweredPerSecond, double P50Ms, double P95Ms, double P99Ms, int Errors, int LateTicks,
        double RecommendationsPerSecond, double RecommendationP95Ms, double? ServerMemoryBeforeMb, double? ServerMemoryAfterMb, double? ServerCpuCores)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{Nodes} node{(Nodes > 1 ? "s" : "")}, {Clients,3} clients x {Fps} fps, {Seconds} s: {FramesAnsweredPerSecond,6:0.0} frames/s answered, latency p50 {P50Ms:0} ms, p95 {P95Ms:0} ms, p99 {P99Ms:0} ms, "
            + $"{Errors} errors, {LateTicks} ticks skipped (answer still awaited); {RecommendationsPerSecond:0.0} recommendations/s p95 {RecommendationP95Ms:0} ms; "
            + $"server memory {ServerMemoryBeforeMb:0} -> {ServerMemoryAfterMb:0} MB, CPU {ServerCpuCores:0.00} cores");
    }

    internal static class Step
    {
        public static async Task<StepResult> RunAsync(Server server, int nodes, int clients, int seconds, int fps, byte[] frame, int playlistClients)
        {
            // Warm the server (models, JIT) with one client for a few seconds before measuring.
            using (var warm = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
            {
                await Webcam.RunAsync(server.Address, fps, frame, new List<double>(), warm.Token);
            }

            var memoryBefore = server.MemoryMb();
            var cpuBefore = server.CpuSeconds();
            var clock = Stopwatch.StartNew();
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
            var latencies = new List<double>[clients];
            var cams = Enumerable.Range(0, clients).Select(i =>
            {
                latencies[i] = [];
                return Webcam.RunAsync(server.Address, fps, frame, latencies[i], stop.Token);
            }).ToList();
            var askers = Math.Max(1, playlistClients);
            var recommendations = Enumerable.Range(0, askers).Select(_ => new List<double>()).ToArray();
            var playlists = Task.WhenAll(recommendations.Select((list, i) => Playlists.RunAsync(server.Address, list, i, paced: playlistClients == 0, stop.Token)));
            var outcomes = await Task.WhenAll(cams);
            await playlists;
            var answered = recommendations.SelectMany(l => l).Order().ToArray();
            var elapsed = clock.Elapsed.TotalSeconds;
            var cpu = server.CpuSeconds() - cpuBefore;
            var all = latencies.SelectMany(l => l).Order().ToArray();
            return new StepResult(
                nodes, clients, seconds, fps, all.Length / elapsed, Percentile(all, 0.50), Percentile(all, 0.95), Percentile(all, 0.99),
                outcomes.Sum(o => o.Errors), outcomes.Sum(o => o.Late), answered.Length / elapsed, Percentile(answered, 0.95),
                memoryBefore, server.MemoryMb(), cpu / elapsed);
        }

        private static double Percentile(double[] sorted, double p) =>
            sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }

    /// <summary>One page's camera: a frame every 1/fps seconds unless the previous one is still unanswered.</summary>
    internal static class Webcam
    {
        public static async Task<(int Errors, int Late)> RunAsync(Uri server, int fps, byte[] frame, List<double> latencies, CancellationToken stop)
        {
            var (errors, late) = (0, 0);
            using var socket = new ClientWebSocket();
            socket.Options.SetRequestHeader("Sec-Fetch-Site", "same-origin");
            try
            {
                await socket.ConnectAsync(new Uri(server, "/ws/frames").ToWebSocket(), stop);
                using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / fps));
                var buffer = new byte[256 * 1024];
                Task<double>? inFlight = null;
                while (await timer.WaitForNextTickAsync(stop))
                {
                    if (inFlight is { IsCompleted: false })
                    {
                        late++;
                        continue;
                    }

                    if (inFlight is not null)
                    {
                        latencies.Add(await inFlight);
                    }

                    inFlight = SendAsync(socket, frame, buffer, stop);
                }
            }
            catch (OperationCanceledException)
            {
                // The step's time is up.
            }
            catch (Exception e) when (e is WebSocketException or SocketException or InvalidDataException)
            {
                errors++;
            }

            return (errors, late);
        }

        private static async Task<double> SendAsync(ClientWebSocket socket, byte[] frame, byte[] buffer, CancellationToken stop)
        {
            var started = Stopwatch.GetTimestamp();
            await socket.SendAsync(frame, WebSocketMessageType.Binary, endOfMessage: true, stop);
            while (true)
            {
                var length = 0;
                ValueWebSocketReceiveResult received;
                do
                {
                    received = await socket.ReceiveAsync(buffer.AsMemory(length), stop);
                    length += received.Count;
                }
                while (!received.EndOfMessage);

                var type = JsonDocument.Parse(buffer.AsMemory(0, length)).RootElement.GetProperty("type").GetString();
                if (type == "frame")
                {
                    return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                }

                if (type == "error")
                {
                    throw new InvalidDataException("the server answered a frame with an error");
                }

                // A playlist message precedes nothing: the frame's answer came just before it. Keep reading.
            }
        }

        private static Uri ToWebSocket(this Uri uri) => new UriBuilder(uri) { Scheme = uri.Scheme == "https" ? "wss" : "ws" }.Uri;
    }

    /// <summary>
    /// Playlist requests beside the cameras: one a second (paced), as listeners opening the page or changing the intent
    /// would, or back to back.
    /// </summary>
    internal static class Playlists
    {
        private static readonly string[] Moods = ["happy", "sad", "angry", "neutral", "fear", "surprise", "disgust"];

        public static async Task RunAsync(Uri server, List<double> latencies, int offset, bool paced, CancellationToken stop)
        {
            using var http = new HttpClient { BaseAddress = server };
            using var timer = paced ? new PeriodicTimer(TimeSpan.FromSeconds(1)) : null;
            var i = offset;
            try
            {
                while (timer is null || await timer.WaitForNextTickAsync(stop))
                {
                    var started = Stopwatch.GetTimestamp();
                    using var response = await http.GetAsync(new Uri($"/api/recommendations?emotion={Moods[i++ % Moods.Length]}&count=20", UriKind.Relative), stop);
                    response.EnsureSuccessStatusCode();
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }
            catch (OperationCanceledException)
            {
                // The step's time is up.
            }
        }
    }
}
