using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Moodtune.Web;

namespace Moodtune.Tests;

/// <summary>
/// The real app on Kestrel (real ports) over its own temporary data folder, for what the in-memory test server cannot
/// show: client addresses, TLS, a browser, another process's writes.
/// </summary>
internal sealed class KestrelApp : IAsyncDisposable
{
    private readonly bool _ownsData;

    private KestrelApp(WebApplication app, string dataDirectory, bool ownsData) => (App, DataDirectory, _ownsData) = (app, dataDirectory, ownsData);

    public WebApplication App { get; }

    public string DataDirectory { get; }

    /// <summary>Where it listens, as Kestrel reports it (a wildcard address as written, e.g. http://0.0.0.0:PORT).</summary>
    public IReadOnlyList<Uri> Addresses => [.. App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a))];

    public Uri Address => Addresses[0];

    /// <summary>Builds, prepares and starts the app; <paramref name="settings"/> are command-line pairs (--urls defaults to a free loopback port).</summary>
    /// <param name="beforeStart">Runs on the built app before it starts (e.g. to add a logger provider).</param>
    /// <param name="sharedData">Another node's data folder, to serve the same database (left in place at the end); else a new one.</param>
    public static async Task<KestrelApp> StartAsync(IEnumerable<string> settings, Action<WebApplication>? beforeStart = null, string? sharedData = null)
    {
        var data = sharedData ?? Directory.CreateTempSubdirectory("moodtune-kestrel-").FullName;
        List<string> args = [.. settings];
        if (!args.Contains("--urls"))
        {
            args.AddRange(["--urls", "http://127.0.0.1:0"]);
        }

        List<string> storage = [.. TestStorage.AppSettings(data).SelectMany(s => new[] { $"--{s.Key}", s.Value })];
        var app = WebApp.Build(["--data", data, "--contentRoot", Path.Combine(TestPaths.RepoRoot, "src", "Moodtune.Web"), .. storage, .. args]);
        beforeStart?.Invoke(app);
        await WebApp.StartupAsync(app.Services);
        await app.StartAsync();
        return new KestrelApp(app, data, ownsData: sharedData is null);
    }

    /// <summary>Stops the node (a graceful stop, as a deploy would) and keeps the object for <see cref="DisposeAsync"/>.</summary>
    public Task StopAsync() => App.StopAsync();

    public async ValueTask DisposeAsync()
    {
        // A graceful stop first: camera frames still in flight finish before the models are released.
        await App.StopAsync();
        await App.DisposeAsync();
        if (!_ownsData)
        {
            return;
        }

        SqliteConnection.ClearAllPools();
        TestStorage.Drop(DataDirectory);
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held: the OS cleans temp folders.
        }
    }
}
