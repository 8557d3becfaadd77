using Microsoft.Playwright;

namespace Moodtune.Web.BrowserTests;

/// <summary>
/// Debian's Chromium driven by Playwright, with a fake camera playing the smiling astronaut (a .y4m clip made from the
/// test photo; <see cref="WithCameraAsync"/> plays another) and the YouTube IFrame API replaced by a local stand-in, since tests have no internet.
/// </summary>
public sealed class BrowserSession : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots of the main pages are saved as test artefacts.</summary>
    public static string ScreenshotsDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async ValueTask InitializeAsync()
    {
        var camera = Path.Combine(Path.GetTempPath(), "moodtune-astronaut.y4m");
        Y4mVideo.Write(TestPaths.TestImage("astronaut.png"), camera);
        await LaunchAsync(camera);
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
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox",
                "--disable-gpu",
                "--use-fake-ui-for-media-stream",
                "--use-fake-device-for-media-stream",
                $"--use-file-for-fake-video-capture={camera}",
                "--autoplay-policy=no-user-gesture-required",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        });
    }

    /// <summary>A fresh page (own cookies and storage) whose requests to YouTube are answered by the stand-in.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height }, Permissions = ["camera"] });
        var standIn = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "YouTubeStandIn.js"));
        // Playwright tries the routes registered last first: nothing leaves the machine, except that the IFrame API is answered.
        await context.RouteAsync("https://**/*", route => route.AbortAsync());
        await context.RouteAsync("**/iframe_api*", route => route.FulfillAsync(new() { ContentType = "text/javascript", Body = standIn }));
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
