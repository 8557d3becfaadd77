using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Moodtune.Web.BrowserTests;

/// <summary>Moodtune as an app a phone installs: the manifest Chromium accepts, the service worker, the page offline.</summary>
public sealed class InstallableAppTests(MoodtuneServer server, BrowserSession browser) : IClassFixture<MoodtuneServer>, IClassFixture<BrowserSession>
{
    // The state the page's worker reaches once it stops activating, or "none": without a worker navigator.serviceWorker.ready never settles.
    private const string ActiveWorker =
        """
        () => Promise.race([
          navigator.serviceWorker.ready.then(r => r.active.state !== 'activating' ? r.active.state
            : new Promise(resolve => r.active.addEventListener('statechange', e => resolve(e.target.state)))),
          new Promise(resolve => setTimeout(() => resolve('none'), 15000)),
        ])
        """;

    [Fact]
    public async Task Chromium_finds_the_app_installable_from_every_page()
    {
        var profile = Directory.CreateTempSubdirectory("moodtune-profile-");
        using var cleanUp = new DeleteOnDispose(profile);
        var page = await browser.NewPhonePageWithProfileAsync(profile.FullName);
        await using var context = page.Context;
        var cdp = await context.NewCDPSessionAsync(page);

        foreach (var path in new[] { "/", "/history.html", "/catalog.html" })
        {
            await page.GotoAsync(new Uri(server.Address, path).ToString());
            Assert.Equal("activated", await page.EvaluateAsync<string>(ActiveWorker));

            var manifest = (await cdp.SendAsync("Page.getAppManifest"))!.Value;
            Assert.EndsWith("/manifest.webmanifest", manifest.GetProperty("url").GetString(), StringComparison.Ordinal);
            Assert.Empty(Messages(manifest.GetProperty("errors"), "message"));
            var installability = (await cdp.SendAsync("Page.getInstallabilityErrors"))!.Value;
            Assert.Empty(Messages(installability.GetProperty("installabilityErrors"), "errorId"));
        }

        var served = await context.APIRequest.GetAsync(new Uri(server.Address, "/manifest.webmanifest").ToString());
        Assert.StartsWith("application/manifest+json", served.Headers["content-type"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_service_worker_controls_the_page_after_a_reload_and_holds_the_shell_but_no_api_answer()
    {
        await using var now = new NowPage(await browser.NewPageAsync(serviceWorkers: ServiceWorkerPolicy.Allow));
        await now.GotoAsync(server.Address);
        Assert.Equal("activated", await now.Page.EvaluateAsync<string>(ActiveWorker));
        await now.PickMoodAsync("happy");

        await now.Page.ReloadAsync();

        var controller = await now.Page.EvaluateAsync<string?>("() => navigator.serviceWorker.controller && navigator.serviceWorker.controller.scriptURL");
        Assert.Equal(new Uri(server.Address, "/sw.js").ToString(), controller);
        var cached = await now.Page.EvaluateAsync<string[]>(
            "async () => (await Promise.all((await caches.keys()).map(async name => (await (await caches.open(name)).keys()).map(r => new URL(r.url).pathname)))).flat()");
        var wwwroot = Path.Combine(TestPaths.RepoRoot, "src", "Moodtune.Web", "wwwroot");
        // Every file of the page but sw.js itself and npm's copies (lib/, absent from a build without npm) opens offline.
        var shellFiles = Directory.GetFiles(wwwroot, "*", SearchOption.AllDirectories)
            .Select(file => "/" + Path.GetRelativePath(wwwroot, file).Replace('\\', '/'))
            .Where(file => !file.StartsWith("/lib/", StringComparison.Ordinal) && file != "/sw.js");
        Assert.All(shellFiles, file => Assert.Contains(file, cached));
        Assert.Contains("/", cached);
        Assert.DoesNotContain(cached, path => path.StartsWith("/api/", StringComparison.Ordinal) || path.StartsWith("/ws/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Offline_a_reload_still_shows_the_page_and_says_music_and_analysis_need_the_network()
    {
        await using var now = new NowPage(await browser.NewPhonePageAsync(serviceWorkers: ServiceWorkerPolicy.Allow));
        await now.GotoAsync(server.Address);
        Assert.Equal("activated", await now.Page.EvaluateAsync<string>(ActiveWorker));
        var notice = now.Page.Locator("#offline-notice");
        await Expect(notice).ToBeHiddenAsync();

        await now.Page.Context.SetOfflineAsync(true);
        await now.Page.ReloadAsync();

        await Expect(notice).ToBeVisibleAsync();
        await Expect(notice).ToContainTextAsync("network");
        await Expect(now.Start).ToBeVisibleAsync();
        // The modules ran (they draw the icons) and the stylesheet applies (the dark background).
        await Expect(now.Page.Locator("#picker button svg")).ToHaveCountAsync(7);
        Assert.Equal("rgb(15, 18, 32)", await now.Page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor"));
        await now.ScreenshotAsync("offline");

        // A page not opened before comes from what the worker kept at install.
        await now.Page.GotoAsync(new Uri(server.Address, "/history.html").ToString());
        await Expect(notice).ToBeVisibleAsync();

        await now.Page.Context.SetOfflineAsync(false);
        await now.Page.GotoAsync(new Uri(server.Address, "/").ToString());
        await Expect(notice).ToBeHiddenAsync();
    }

    private static List<string> Messages(JsonElement errors, string property) =>
        [.. errors.EnumerateArray().Select(e => e.GetProperty(property).ToString())];

    private sealed class DeleteOnDispose(DirectoryInfo folder) : IDisposable
    {
        public void Dispose() => folder.Delete(recursive: true);
    }
}
