using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Moodtune.Tests;

// Also compiled into bench/Moodtune.Load: nothing of xunit here (NginxProxy.Tests.cs has that).

/// <summary>
/// Debian's nginx on a free loopback port in front of app nodes (round robin, WebSocket upgrade), running from a
/// temporary prefix folder: the reverse proxy of a deployment with several nodes, for tests and the load tool. Each
/// answer names the node that gave it in the header <see cref="NodeHeader"/>.
/// </summary>
internal sealed partial class NginxProxy : IAsyncDisposable
{
    public const string NodeHeader = "X-Moodtune-Node";

    private static readonly string[] Places = ["/usr/sbin/nginx", "/usr/bin/nginx"];

    private readonly Process _process;
    private readonly string _prefix;

    private NginxProxy(Process process, string prefix, Uri address) => (_process, _prefix, Address) = (process, prefix, address);

    public Uri Address { get; }

    /// <summary>The nginx binary, or null when it is not installed (test.sh installs Debian's nginx-light).</summary>
    public static string? Binary => Places.FirstOrDefault(File.Exists);

    /// <summary>Starts nginx with the repository's deploy/nginx.conf in front of <paramref name="nodes"/>.</summary>
    public static async Task<NginxProxy> StartAsync(string binary, string repositoryRoot, IEnumerable<Uri> nodes)
    {
        var prefix = Directory.CreateTempSubdirectory("moodtune-nginx-").FullName;
        var port = FreePort();
        var upstream = string.Concat(nodes.Select(n => $"server {n.Host}:{n.Port};\n"));

        // deploy/nginx.conf as shipped, but for the throw-away prefix: its own port, pid, logs and temp folders, in the
        // foreground; and each answer names its node.
        var config = Edit(File.ReadAllText(Path.Combine(repositoryRoot, "deploy", "nginx.conf")), [
            ("worker_processes auto;", $"""
                worker_processes 1;
                daemon off;
                pid {prefix}/nginx.pid;
                error_log {prefix}/error.log warn;
                {(Environment.UserName == "root" ? "user root;" : "")}
                """),
            ("http {", $$"""
                http {
                    access_log off;
                    client_body_temp_path {{prefix}}/body;
                    proxy_temp_path {{prefix}}/proxy;
                    fastcgi_temp_path {{prefix}}/fastcgi;
                    uwsgi_temp_path {{prefix}}/uwsgi;
                    scgi_temp_path {{prefix}}/scgi;
                """),
            ("listen 80;", string.Create(CultureInfo.InvariantCulture, $"listen 127.0.0.1:{port};")),
            ("server_tokens off;", $"server_tokens off;\n        add_header {NodeHeader} $upstream_addr always;"),
        ]);
        File.WriteAllText(Path.Combine(prefix, "moodtune-upstream.conf"), upstream);
        File.WriteAllText(Path.Combine(prefix, "nginx.conf"), config);

        var process = Process.Start(new ProcessStartInfo(binary, ["-p", prefix, "-c", Path.Combine(prefix, "nginx.conf")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        var proxy = new NginxProxy(process, prefix, new Uri($"http://127.0.0.1:{port}"));
        for (var waited = 0; ; waited += 50)
        {
            if (process.HasExited)
            {
                var log = File.Exists(Path.Combine(prefix, "error.log")) ? File.ReadAllText(Path.Combine(prefix, "error.log")) : "";
                throw new InvalidOperationException($"nginx stopped at start ({process.ExitCode}): {await process.StandardError.ReadToEndAsync()} {log}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return proxy;
            }
            catch (SocketException) when (waited < 10_000)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>The proxy's error log: why a request failed.</summary>
    public string ErrorLog => File.Exists(Path.Combine(_prefix, "error.log")) ? File.ReadAllText(Path.Combine(_prefix, "error.log")) : "";

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_prefix, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans temp folders.
        }
    }

    private static string Edit(string config, (string Line, string With)[] edits)
    {
        foreach (var (line, with) in edits)
        {
            // The shipped file changed: say which line went, rather than run another configuration.
            if (!config.Contains(line, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"deploy/nginx.conf no longer has the line '{line}' that tests and the load tool adapt.");
            }

            config = config.Replace(line, with, StringComparison.Ordinal);
        }

        return config;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
