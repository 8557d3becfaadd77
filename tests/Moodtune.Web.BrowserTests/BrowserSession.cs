using Microsoft.Playwright;

// Each test class has its own server (with its models) and browser: side by side they would compete for the machine's
// cores, and the camera's timing would not hold.
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerAssembly)]

namespace Moodtune.Web.BrowserTests;

/// <summary>
/// Debian's Chromium driven by Playwright, with a fake camera playing the smiling astronaut (a .y4m clip made from the
/// test photo; <see cref="WithCameraAsync"/> plays another) and the YouTube IFrame API replaced by a local stand-in, since tests have no internet.
/// </summary>
public sealed class BrowserSession : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private string[] _arguments = [];
    private string? _clip;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots of the main pages are saved as test artefacts.</summary>
    public static string ScreenshotsDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async ValueTask InitializeAsync()
    {
        // A clip of its own: another session (another test class, another test run) may be writing or playing one.
        _clip = Path.Combine(Path.GetTempPath(), $"moodtune-astronaut-{Guid.NewGuid():N}.y4m");
        Y4mVideo.Write(TestPaths.TestImage("astronaut.png"), _clip);
        await LaunchAsync(_clip);
    }

    /// <summary>Another browser whose fake camera plays <paramref name="clip"/> (the camera is the browser's, set at launch).</summary>
    public static async Task<BrowserSession> WithCameraAsync(string clip)
    {
        var session = new BrowserSession();
        await session.LaunchAsync(clip);
        return session;
    }

    private async Task LaunchAsync(string camera)
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: ./test.sh installs Debian's chromium package.");
        }

        Directory.CreateDirectory(ScreenshotsDirectory);
        _playwright = await Playwright.CreateAsync();
        _arguments =
        [
            "--no-sandbox",
            "--disable-gpu",
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            $"--use-file-for-fake-video-capture={camera}",
            "--autoplay-policy=no-user-gesture-required",
            "--disable-background-networking",
            "--disable-component-update",
        ];
        Browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true, Args = _arguments });
    }

    /// <summary>
    /// A fresh page (own cookies and storage) whose requests to YouTube are answered by the stand-in. The page's service
    /// worker (sw.js) is blocked unless asked for: once it controls the page, the IFrame API's request passes through
    /// it, where Playwright's routes no longer see it, and would go to the real YouTube.
    /// </summary>
    public Task<IPage> NewPageAsync(int width = 1280, int height = 900, ServiceWorkerPolicy serviceWorkers = ServiceWorkerPolicy.Block) =>
        NewPageAsync(new() { ViewportSize = new() { Width = width, Height = height }, ServiceWorkers = serviceWorkers });

    /// <summary>A fresh page on a phone-sized touch screen (an iPhone 14's 390x844 CSS pixels unless told otherwise).</summary>
    public Task<IPage> NewPhonePageAsync(int width = 390, int height = 844, ServiceWorkerPolicy serviceWorkers = ServiceWorkerPolicy.Block) =>
        NewPageAsync(new()
        {
            ViewportSize = new() { Width = width, Height = height }, IsMobile = true, HasTouch = true, DeviceScaleFactor = 3, ServiceWorkers = serviceWorkers,
        });

    private async Task<IPage> NewPageAsync(BrowserNewContextOptions options)
    {
        options.Permissions = ["camera"];
        var context = await Browser.NewContextAsync(options);
        await RouteYouTubeAsync(context);
        return await context.NewPageAsync();
    }

    /// <summary>
    /// A phone-sized page in a second browser whose profile lies in <paramref name="profile"/>: Chromium offers to install
    /// no app from an incognito profile, which every context of <see cref="Browser"/> is. Closing its context closes it.
    /// </summary>
    public async Task<IPage> NewPhonePageWithProfileAsync(string profile)
    {
        var context = await _playwright!.Chromium.LaunchPersistentContextAsync(profile, new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = _arguments,
            ViewportSize = new() { Width = 390, Height = 844 },
            IsMobile = true,
            HasTouch = true,
            DeviceScaleFactor = 3,
        });
        await RouteYouTubeAsync(context);
        return context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
    }

    private static async Task RouteYouTubeAsync(IBrowserContext context)
    {
        var standIn = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "YouTubeStandIn.js"));
        // Playwright tries the routes registered last first: nothing leaves the machine, except that the IFrame API is answered.
        await context.RouteAsync("https://**/*", route => route.AbortAsync());
        await context.RouteAsync("**/iframe_api*", route => route.FulfillAsync(new() { ContentType = "text/javascript", Body = standIn }));
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_clip is not null)
        {
            File.Delete(_clip);
        }
    }
}
