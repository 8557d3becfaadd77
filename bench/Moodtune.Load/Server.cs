using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Moodtune.Load;

/// <summary>The server under load: started here (./moodtune serve on a free loopback port, a fresh data folder) or given.</summary>
internal sealed class Server : IAsyncDisposable
{
    private readonly Process? _process;
    private readonly string? _data;

    private Server(Uri address, Process? process, string? data) => (Address, _process, _data) = (address, process, data);

    public Uri Address { get; }

    public static Server Existing(Uri address) => new(address, null, null);

    public static async Task<Server> StartAsync()
    {
        var root = RepositoryRoot();
        var port = FreePort();
        var data = Directory.CreateTempSubdirectory("moodtune-load-").FullName;
        var start = new ProcessStartInfo(Path.Combine(root, "moodtune"))
        {
            ArgumentList = { "serve", "--urls", $"http://127.0.0.1:{port}", "--data", data },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start) ?? throw new InvalidOperationException("./moodtune serve did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new Server(new Uri($"http://127.0.0.1:{port}/"), process, data);
        using var http = new HttpClient { BaseAddress = server.Address };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if ((await http.GetAsync(new Uri("/ready", UriKind.Relative))).IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (process.HasExited || clock.Elapsed > TimeSpan.FromMinutes(3))
            {
                throw new InvalidOperationException("./moodtune serve did not become healthy");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>The server process's resident memory (the child `dotnet` of the ./moodtune script), or null when not ours.</summary>
    public double? MemoryMb() => Status("VmRSS:") is { } kb ? kb / 1024.0 : null;

    /// <summary>CPU seconds the server process has used, or null when not ours.</summary>
    public double? CpuSeconds()
    {
        if (ServerPid() is not { } pid)
        {
            return null;
        }

        // /proc/PID/stat fields 14 and 15: user and system time in clock ticks (100 a second on Linux).
        var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            _process.Dispose();
        }

        if (_data is not null)
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    private long? Status(string field)
    {
        if (ServerPid() is not { } pid)
        {
            return null;
        }

        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        return line is null ? null : long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    // ./moodtune execs dotnet, so the script's process is the server's.
    private int? ServerPid() => _process is { HasExited: false } p ? p.Id : null;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Moodtune.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Moodtune.slnx not found above the tool: run it from the repository's build.");
    }
}
