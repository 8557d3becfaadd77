using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Moodtune.Web.BrowserTests;

/// <summary>The real app on a real Kestrel port, with its own data folder: what a browser talks to.</summary>
public sealed class MoodtuneServer : IAsyncLifetime
{
    private WebApplication? _app;

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("moodtune-browser-").FullName;

    public Uri Address { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var webProject = Path.Combine(TestPaths.RepoRoot, "src", "Moodtune.Web");
        _app = WebApp.Build(["--urls", "http://127.0.0.1:0", "--data", DataDirectory, "--contentRoot", webProject, "--environment", "Development"]);
        await WebApp.StartupAsync(_app.Services);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Address = new Uri(address);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            // A graceful stop first: camera frames still in flight finish before the models are released.
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Directory.Delete(DataDirectory, recursive: true);
    }
}
