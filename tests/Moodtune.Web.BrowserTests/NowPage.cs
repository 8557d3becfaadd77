using Microsoft.Playwright;

namespace Moodtune.Web.BrowserTests;

/// <summary>The main page, by the hooks listed at the top of index.html.</summary>
public sealed class NowPage(IPage page) : IAsyncDisposable
{
    public IPage Page { get; } = page;

    public ILocator Start => Page.Locator("#start");

    public ILocator EmotionLabel => Page.Locator("#emotion-label");

    public ILocator CameraStatus => Page.Locator("#camera-status");

    public ILocator Fallback => Page.Locator("#fallback");

    public ILocator Songs => Page.Locator("#playlist li[data-song-id]");

    public ILocator PlayableSongs => Page.Locator("#playlist li[data-video-id]");

    public ILocator Next => Page.Locator("#btn-next");

    public ILocator PhotoInput => Page.Locator("#photo-input");

    public ILocator Picker(string emotion) => Page.Locator($"#picker button[data-emotion={emotion}]");

    public async Task GotoAsync(Uri server) => await Page.GotoAsync(new Uri(server, "/").ToString());

    /// <summary>The video id the stand-in YouTube player was last asked to play.</summary>
    public async Task<string?> CurrentVideoAsync() => await Page.EvaluateAsync<string?>("() => window.__yt ? window.__yt.current() : null");

    public async Task<string?[]> VideoIdsAsync() =>
        await PlayableSongs.EvaluateAllAsync<string?[]>("items => items.map(li => li.dataset.videoId)");

    /// <summary>Each probability bar as drawn: its value (aria-valuenow, percent) and the share of its track its fill covers.</summary>
    public async Task<DrawnBar[]> DrawnBarsAsync() =>
        await Page.Locator("#bars .bar").EvaluateAllAsync<DrawnBar[]>(
            """
            bars => bars.map(bar => {
              const track = bar.querySelector('.bar-track').getBoundingClientRect();
              const fill = bar.querySelector('.bar-fill').getBoundingClientRect();
              return { emotion: bar.dataset.emotion, value: Number(bar.getAttribute('aria-valuenow')), filled: track.width > 0 ? fill.width / track.width : 0, height: fill.height };
            })
            """);

    public Task RaiseVideoErrorAsync(int code) => Page.EvaluateAsync($"() => window.__yt.error({code})");

    /// <summary>Closes the page's browser context, so the camera stops sending frames before the server goes away.</summary>
    public async ValueTask DisposeAsync() => await Page.Context.CloseAsync();

    public async Task ScreenshotAsync(string name) =>
        await Page.ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.ScreenshotsDirectory, $"{name}.png"), FullPage = true });
}

/// <summary>A probability bar as the browser drew it (settable: Playwright fills it from the page's JSON).</summary>
public sealed class DrawnBar
{
    public string Emotion { get; set; } = "";

    public double Value { get; set; }

    public double Filled { get; set; }

    public double Height { get; set; }

    public override string ToString() => $"{Emotion} {Value}%: {Filled:P0} of its track, {Height} px high";
}
