using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Moodtune.Load;

/// <summary>
/// The server under load: started here (`./moodtune serve` on free loopback ports over a fresh data folder; with
/// several nodes, each one on that folder's database and Debian's nginx in front, deploy/nginx.conf) or given.
/// </summary>
internal sealed class Server : IAsyncDisposable
{
    private readonly List<Process> _processes;
    private readonly string? _data;
    private readonly Tests.NginxProxy? _proxy;

    private Server(Uri address, List<Process> processes, string? data, Tests.NginxProxy? proxy) =>
        (Address, _processes, _data, _proxy) = (address, processes, data, proxy);

    public Uri Address { get; }

    public static Server Existing(Uri address) => new(address, [], null, null);

    public static async Task<Server> StartAsync(int nodes = 1)
    {
        var root = RepositoryRoot();
        var data = Directory.CreateTempSubdirectory("moodtune-load-").FullName;
        var processes = new List<Process>();
        var addresses = new List<Uri>();
        try
        {
            // One after the other: the first creates and migrates the database the others open.
            for (var i = 0; i < nodes; i++)
            {
                var (process, address) = await StartNodeAsync(root, data);
                processes.Add(process);
                addresses.Add(address);
            }

            if (nodes == 1)
            {
                return new Server(addresses[0], processes, data, null);
            }

            var nginx = Tests.NginxProxy.Binary ?? throw new InvalidOperationException("--nodes above 1 needs nginx in front: apt-get install nginx-light");
            var proxy = await Tests.NginxProxy.StartAsync(nginx, root, addresses);
            return new Server(proxy.Address, processes, data, proxy);
        }
        catch
        {
            foreach (var process in processes)
            {
                process.Kill(entireProcessTree: true);
            }

            throw;
        }
    }

    private static async Task<(Process Process, Uri Address)> StartNodeAsync(string root, string data)
    {
        var port = FreePort();
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
        var address = new Uri($"http://127.0.0.1:{port}/");
        using var http = new HttpClient { BaseAddress = address };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if ((await http.GetAsync(new Uri("/ready", UriKind.Relative))).IsSuccessStatusCode)
                {
                    return (process, address);
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (process.HasExited || clock.Elapsed > TimeSpan.FromMinutes(3))
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException("./moodtune serve did not become ready");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>The server processes' resident memory, summed over the nodes, or null when not ours.</summary>
    public double? MemoryMb() => Live().Select(p => Status(p, "VmRSS:")).Sum() is { } kb && _processes.Count > 0 ? kb / 1024.0 : null;

    /// <summary>CPU seconds the server processes have used, summed over the nodes (not nginx), or null when not ours.</summary>
    public double? CpuSeconds()
    {
        if (_processes.Count == 0)
        {
            return null;
        }

        // /proc/PID/stat fields 14 and 15: user and system time in clock ticks (100 a second on Linux).
        return Live().Sum(p =>
        {
            var fields = File.ReadAllText($"/proc/{p.Id}/stat").Split(')')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_proxy is not null)
        {
            await _proxy.DisposeAsync();
        }

        foreach (var process in _processes)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();
        }

        if (_data is not null)
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    private static long? Status(Process process, string field)
    {
        var line = File.ReadLines($"/proc/{process.Id}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        return line is null ? null : long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    // ./moodtune execs dotnet, so the script's process is the server's.
    private IEnumerable<Process> Live() => _processes.Where(p => !p.HasExited);

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
