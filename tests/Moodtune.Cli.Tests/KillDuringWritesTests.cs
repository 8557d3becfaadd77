using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Moodtune.Tests;

namespace Moodtune.Cli.Tests;

/// <summary>
/// The real `moodtune serve` process killed (SIGKILL) while listeners' readings, plays and likes are being written, then
/// started again on the same data folder: every write the server acknowledged is there, and the database is intact.
/// </summary>
public sealed class KillDuringWritesTests : IDisposable
{
    private const int WritersPerKind = 2;

    // Enough acknowledged writes of each kind that the kill lands among them, not before or after.
    private const int AcksBeforeKill = 60;

    private readonly string _data = Directory.CreateTempSubdirectory("moodtune-kill-").FullName;
    private readonly ConcurrentBag<long> _readings = [];
    private readonly ConcurrentDictionary<string, int> _plays = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _feedback = new(StringComparer.Ordinal);
    private int _acks;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task Every_acknowledged_write_survives_two_kills_and_the_database_stays_intact()
    {
        var clock = Stopwatch.StartNew();
        var server = await ServeProcess.StartAsync(_data);
        var figures = new List<string>();
        var stored = 0;
        try
        {
            var songs = await SongIdsAsync(server);
            for (var round = 1; round <= 2; round++)
            {
                var before = _acks;
                await WriteUntilKilledAsync(server, songs);
                figures.Add($"kill {round} after {_acks - before} acknowledged writes");
                server.Dispose();

                server = await ServeProcess.StartAsync(_data);
                stored = AssertEveryAcknowledgedWriteIsStored();
            }
        }
        finally
        {
            server.Dispose();
        }
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{string.Join("; ", figures)}; {_readings.Count} acknowledged readings ({stored} stored), {_plays.Values.Sum()} plays, {_feedback.Count} likes/dislikes found after restart; {clock.Elapsed.TotalSeconds:F1} s");
    }

    // Writers for each kind run until the server dies under them; the kill comes once each kind has acknowledged writes.
    private async Task WriteUntilKilledAsync(ServeProcess server, IReadOnlyList<string> songs)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var readings = _readings.Count;
        var plays = _plays.Values.Sum();
        var before = _acks;
        var writers = Enumerable.Range(0, WritersPerKind).SelectMany(w => new[]
        {
            WriteAsync(server, () => PostReadingAsync(server.Http), stop.Token),
            WriteAsync(server, () => PostPlayAsync(server.Http, songs[Random.Shared.Next(songs.Count)]), stop.Token),
            WriteAsync(server, () => PostFeedbackAsync(server.Http, songs, w), stop.Token),
        }).ToList();

        var started = Stopwatch.StartNew();
        while (_readings.Count == readings || _plays.Values.Sum() == plays || Volatile.Read(ref _acks) - before < AcksBeforeKill)
        {
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(30), $"the writers got too few answers in 30 s:\n{server.OutputTail()}");
            if (writers.FirstOrDefault(w => w.IsFaulted) is { } failed)
            {
                Assert.Fail($"a writer failed before the kill: {failed.Exception}");
            }

            await Task.Delay(10, stop.Token);
        }

        server.Kill();
        await stop.CancelAsync();
        await Task.WhenAll(writers);
    }

    // Only a 2xx is an acknowledgement: a request cut off by the kill may or may not have been stored.
    private static async Task WriteAsync(ServeProcess server, Func<Task> write, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested && !server.Killed)
        {
            try
            {
                await write();
            }
            catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException && (server.Killed || stop.IsCancellationRequested))
            {
                return;
            }
        }
    }

    private async Task PostReadingAsync(HttpClient http)
    {
        using var response = await http.PostAsJsonAsync("/api/mood", new { emotion = "sad" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        _readings.Add(body.RootElement.GetProperty("id").GetInt64());
        Interlocked.Increment(ref _acks);
    }

    private async Task PostPlayAsync(HttpClient http, string song)
    {
        using var response = await http.PostAsJsonAsync("/api/plays", new { song_id = song, @event = "completed" });
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        _plays.AddOrUpdate(song, 1, (_, n) => n + 1);
        Interlocked.Increment(ref _acks);
    }

    // Each writer owns every WritersPerKind-th song and gives each always the same answer, so the stored value is exact.
    private async Task PostFeedbackAsync(HttpClient http, IReadOnlyList<string> songs, int writer)
    {
        var index = writer + WritersPerKind * Random.Shared.Next(songs.Count / WritersPerKind);
        var value = index % 3 == 0 ? "dislike" : "like";
        using var response = await http.PostAsJsonAsync("/api/feedback", new { song_id = songs[index], feedback = value });
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        _feedback[songs[index]] = value;
        Interlocked.Increment(ref _acks);
    }

    // Returns how many readings are stored: more than were acknowledged when requests cut off by the kill were committed.
    private int AssertEveryAcknowledgedWriteIsStored()
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(_data, "moodtune.db"), Mode = SqliteOpenMode.ReadOnly }.ToString());
        connection.Open();
        Assert.Equal("ok", Scalar(connection, "PRAGMA integrity_check"));

        var readings = Column(connection, "SELECT id FROM mood_readings").Select(long.Parse).ToHashSet();
        var lostReadings = _readings.Where(id => !readings.Contains(id)).ToList();
        Assert.True(lostReadings.Count == 0, $"{lostReadings.Count} of {_readings.Count} acknowledged readings are gone: {string.Join(", ", lostReadings.Take(10))}");

        var plays = Column(connection, "SELECT song_id FROM plays WHERE event = 'completed'").CountBy(id => id).ToDictionary(StringComparer.Ordinal);
        var lostPlays = _plays.Where(p => plays.GetValueOrDefault(p.Key) < p.Value).Select(p => $"{p.Key}: {plays.GetValueOrDefault(p.Key)} of {p.Value}").ToList();
        Assert.True(lostPlays.Count == 0, $"acknowledged plays are gone: {string.Join("; ", lostPlays.Take(10))}");

        var feedback = Column(connection, "SELECT song_id || '=' || value FROM feedback").ToHashSet(StringComparer.Ordinal);
        var lostFeedback = _feedback.Where(f => !feedback.Contains($"{f.Key}={f.Value}")).Select(f => $"{f.Key}={f.Value}").ToList();
        Assert.True(lostFeedback.Count == 0, $"acknowledged likes/dislikes are gone or wrong: {string.Join("; ", lostFeedback.Take(10))}");
        return readings.Count;
    }

    private static string? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static List<string> Column(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        }

        return values;
    }

    private static async Task<IReadOnlyList<string>> SongIdsAsync(ServeProcess server)
    {
        using var page = JsonDocument.Parse(await server.Http.GetStringAsync(new Uri("/api/catalog?page_size=50", UriKind.Relative)));
        var ids = page.RootElement.GetProperty("songs").EnumerateArray().Select(s => s.GetProperty("id").GetString()!).ToList();
        Assert.True(ids.Count >= WritersPerKind * 3, $"the catalog offers only {ids.Count} songs");
        return ids;
    }
}

/// <summary>The built `moodtune serve` as a child process on a free loopback port, answering once /ready says ok.</summary>
internal sealed class ServeProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private bool _disposed;
    private bool _killed;

    private ServeProcess(string data, int port)
    {
        // The host that runs the tests (the SDK names it) runs the server too, whatever PATH holds.
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = data,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "moodtune.dll"), "serve", "--urls", $"http://127.0.0.1:{port}", "--data", data })
        {
            start.ArgumentList.Add(argument);
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Http { get; }

    /// <summary>Whether the kill was sent: from then on a failed request is the kill's doing, even before the exit is seen.</summary>
    public bool Killed => Volatile.Read(ref _killed);

    public static async Task<ServeProcess> StartAsync(string data)
    {
        var server = new ServeProcess(data, FreeLoopbackPort());
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (server._process.HasExited)
            {
                server.Dispose();
                Assert.Fail($"serve exited at start:\n{server.OutputTail()}");
            }

            try
            {
                using var health = await server.Http.GetAsync(new Uri("/ready", UriKind.Relative), TestContext.Current.CancellationToken);
                if (health.StatusCode == HttpStatusCode.OK)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                server.Dispose();
                Assert.Fail($"serve did not answer /ready with 200 within 60 s:\n{server.OutputTail()}");
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>SIGKILL: no shutdown code runs, as when the machine or the OOM killer ends the process.</summary>
    public void Kill()
    {
        Volatile.Write(ref _killed, true);
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.WaitForExit();
    }

    /// <summary>Kills the server if it still runs, and lets go of it.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Kill();
        Http.Dispose();
        _process.Dispose();
    }

    public string OutputTail()
    {
        lock (_output)
        {
            var text = _output.ToString();
            return text.Length > 4000 ? text[^4000..] : text;
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
