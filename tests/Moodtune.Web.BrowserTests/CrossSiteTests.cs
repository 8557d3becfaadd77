using System.Text.Json;

namespace Moodtune.Web.BrowserTests;

/// <summary>
/// Issue 19's first probe, replayed in Chromium: a page on another site (here http://localhost:PORT, another site than
/// the app's http://127.0.0.1:PORT) posts a catalog as a no-cors form and opens the camera socket. The same script from
/// the app's own origin must still work, or the test proves nothing.
/// </summary>
public sealed class CrossSiteTests(MoodtuneServer server, BrowserSession browser) : IClassFixture<MoodtuneServer>, IClassFixture<BrowserSession>
{
    private const string Attack = """
        async ({ target, artist }) => {
          const form = new FormData();
          form.append('file', new Blob([`title,artist,language,valence,energy\nForged Song,${artist},en,0.5,0.5\n`], { type: 'text/csv' }), 'x.csv');
          try { await fetch(`${target}/api/catalog/import`, { method: 'POST', mode: 'no-cors', body: form }); } catch (e) { return 'import ' + e; }
          try { await fetch(`${target}/api/mood`, { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body: '{"emotion":"sad"}' }); } catch (e) { return 'mood ' + e; }
          return await new Promise(resolve => {
            const socket = new WebSocket(`${target.replace('http', 'ws')}/ws/frames`);
            socket.onopen = () => { socket.close(); resolve('open'); };
            socket.onerror = () => resolve('refused');
          });
        }
        """;

    [Fact]
    public async Task A_page_on_another_site_cannot_import_songs_or_open_the_camera_socket()
    {
        var target = server.Address.GetLeftPart(UriPartial.Authority);
        var elsewhere = new UriBuilder(server.Address) { Host = "localhost" }.Uri;

        // The other site's page stands for the attacker's own, whose script no Content-Security-Policy of ours restrains.
        // (A page Playwright made up would not do: Chromium keeps pages of unknown address from reaching loopback.)
        await using var context = await browser.Browser.NewContextAsync(new() { BypassCSP = true });
        var page = await context.NewPageAsync();
        await page.GotoAsync(elsewhere.ToString());
        var socket = await page.EvaluateAsync<string>(Attack, new { target, artist = "Forger Elsewhere" });

        Assert.Equal("refused", socket);
        Assert.Equal(0, await FoundAsync("Forger Elsewhere"));

        var own = await browser.NewPageAsync();
        await own.GotoAsync(server.Address.ToString());
        Assert.Equal("open", await own.EvaluateAsync<string>(Attack, new { target, artist = "Forger At Home" }));
        Assert.Equal(1, await FoundAsync("Forger At Home"));
    }

    private async Task<int> FoundAsync(string artist)
    {
        using var http = new HttpClient { BaseAddress = server.Address };
        var json = JsonDocument.Parse(await http.GetStringAsync(new Uri($"/api/catalog?q={Uri.EscapeDataString(artist)}", UriKind.Relative), TestContext.Current.CancellationToken));
        return json.RootElement.GetProperty("total").GetInt32();
    }
}
