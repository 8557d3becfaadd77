using System.Diagnostics;
using System.Text.Json;

namespace Moodtune.Cli.Tests;

/// <summary>The command line and `serve` share one catalog: the songs table of the data folder's database.</summary>
public sealed class CatalogSharedWithServeTests : IAsyncLifetime
{
    private KestrelApp? _app;
    private HttpClient? _http;

    private string Data => _app!.DataDirectory;

    public async ValueTask InitializeAsync()
    {
        _app = await KestrelApp.StartAsync(["--Moodtune:CatalogRefreshInterval", "00:00:00.200", "--Logging:LogLevel:Default", "Warning"]);
        _http = new HttpClient { BaseAddress = _app.Address };
    }

    [Fact]
    public async Task Songs_imported_while_serve_runs_appear_in_its_catalog_without_a_restart()
    {
        var ct = TestContext.Current.CancellationToken;
        var file = Path.Combine(Data, "mine.csv");
        await File.WriteAllTextAsync(file, "title,artist,language,valence,energy,moods\nQuiet Harbour,Lantern Coast,en,0.7,0.2,calm\n", ct);
        Assert.Equal(0, await FoundAsync("Lantern Coast", ct));

        var (exitCode, _, error) = await CliRunner.RunAsync("catalog", "import", file, "--data", Data);
        Assert.True(exitCode == 0, error);

        var clock = Stopwatch.StartNew();
        while (await FoundAsync("Lantern Coast", ct) == 0)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), "the imported song never reached the running server's catalog");
            await Task.Delay(100, ct);
        }

        // And the other way: what the server stores (a pasted video link) is what the command line sees next.
        var id = Music.Catalog.Song.MakeId("Lantern Coast", "Quiet Harbour");
        using var put = await _http!.PutAsync(
            new Uri($"/api/catalog/songs/{id}/video", UriKind.Relative),
            new StringContent("""{"link":"https://youtu.be/dQw4w9WgXcQ"}""", System.Text.Encoding.UTF8, "application/json"),
            ct);
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync(ct));
        var exported = Path.Combine(Data, "out.csv");
        Assert.Equal(0, (await CliRunner.RunAsync("catalog", "export", exported, "--data", Data)).ExitCode);
        Assert.Contains("dQw4w9WgXcQ", (await File.ReadAllLinesAsync(exported, ct)).Single(l => l.Contains("Lantern Coast", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    private async Task<int> FoundAsync(string text, CancellationToken ct)
    {
        var json = JsonDocument.Parse(await _http!.GetStringAsync(new Uri($"/api/catalog?q={Uri.EscapeDataString(text)}", UriKind.Relative), ct));
        return json.RootElement.GetProperty("total").GetInt32();
    }

    public async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
