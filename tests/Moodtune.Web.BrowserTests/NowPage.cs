using Microsoft.Playwright;
using SkiaSharp;

namespace Moodtune.Web.BrowserTests;

/// <summary>The main page, by the hooks listed at the top of index.html.</summary>
public sealed class NowPage(IPage page) : IAsyncDisposable
{
    private static readonly System.Text.Json.JsonSerializerOptions SnakeCase = new() { PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower };

    public IPage Page { get; } = page;

    public ILocator Start => Page.Locator("#start");

    public ILocator EmotionLabel => Page.Locator("#emotion-label");

    /// <summary>The mood's confidence and where it came from, or why there is no current mood.</summary>
    public ILocator Confidence => Page.Locator("#confidence");

    public ILocator CameraStatus => Page.Locator("#camera-status");

    public ILocator Fallback => Page.Locator("#fallback");

    public ILocator Songs => Page.Locator("#playlist li[data-song-id]");

    public ILocator PlayableSongs => Page.Locator("#playlist li[data-video-id]");

    public ILocator Next => Page.Locator("#btn-next");

    public ILocator Like => Page.Locator("#btn-like");

    public ILocator PlayOverlay => Page.Locator("#play-button");

    public ILocator NowPlaying => Page.Locator("#now-playing");

    /// <summary>What the player area says while no video shows in it.</summary>
    public ILocator PlayerMessage => Page.Locator("#player-empty");

    public ILocator CurrentSong => Page.Locator("#playlist li[aria-current='true']");

    public ILocator MusicStatus => Page.Locator("#music-status");

    public ILocator PhotoInput => Page.Locator("#photo-input");

    /// <summary>What the page says of an uploaded photo.</summary>
    public ILocator PhotoSummary => Page.Locator("#photo-summary");

    public ILocator Picker(string emotion) => Page.Locator($"#picker button[data-emotion={emotion}]");

    /// <summary>Opens the page in a fresh context where a script runs before the page's own (a browser that behaves otherwise).</summary>
    public static async Task<NowPage> OpenAsync(BrowserSession browser, Uri server, string initScript)
    {
        var page = await browser.NewPageAsync();
        await page.AddInitScriptAsync(initScript);
        var now = new NowPage(page);
        await now.GotoAsync(server);
        return now;
    }

    public async Task GotoAsync(Uri server, PageGotoOptions? options = null) => await Page.GotoAsync(new Uri(server, "/").ToString(), options);

    /// <summary>Picks a mood and returns the playlist the server sent for it.</summary>
    public async Task<PlaylistSong[]> PickMoodAsync(string emotion) => await PlaylistAfterAsync(() => Picker(emotion).ClickAsync());

    /// <summary>Runs an action and returns the songs of the playlist it made the page fetch.</summary>
    public async Task<PlaylistSong[]> PlaylistAfterAsync(Func<Task> action)
    {
        var response = await Page.RunAndWaitForResponseAsync(action, r => r.Url.Contains("/api/recommendations", StringComparison.Ordinal));
        var playlist = System.Text.Json.JsonSerializer.Deserialize<Playlist>(await response.BodyAsync(), SnakeCase);
        return playlist?.Songs ?? [];
    }

    /// <summary>Unticks a language box (the input is visually hidden: its label is what a user presses).</summary>
    public async Task UntickLanguageAsync(string code) => await Page.Locator($"label:has(#lang-{code})").ClickAsync();

    public ILocator Song(string id) => Page.Locator($"#playlist li[data-song-id='{id}']");

    /// <summary>The step "Connect YouTube" (hidden when the key comes from the server's configuration, and from listeners who do not administer it).</summary>
    public ILocator ConnectYouTube => Page.Locator("#youtube-connect");

    /// <summary>What the step says of the key: to connect one, or that one from the page is connected.</summary>
    public ILocator ConnectYouTubeSummary => Page.Locator("#youtube-connect-summary");

    /// <summary>What came of connecting YouTube.</summary>
    public ILocator YouTubeStatus => Page.Locator("#youtube-status");

    /// <summary>The setup code's field, which single mode asks for and accounts mode does not.</summary>
    public ILocator SetupCodeField => Page.Locator("#youtube-setup-code-field");

    /// <summary>Opens "Connect YouTube" if it is closed, fills the setup code and the key, and submits them (connect or replace).</summary>
    public async Task ConnectYouTubeAsync(string setupCode, string apiKey)
    {
        await OpenConnectYouTubeAsync();
        await Page.Locator("#youtube-setup-code").FillAsync(setupCode);
        await ConnectYouTubeAsync(apiKey);
    }

    /// <summary>Opens "Connect YouTube" if it is closed, fills the key alone (an administrator, in accounts mode), and submits it.</summary>
    public async Task ConnectYouTubeAsync(string apiKey)
    {
        await OpenConnectYouTubeAsync();
        await Page.Locator("#youtube-api-key").FillAsync(apiKey);
        var answered = Page.WaitForResponseAsync(r => r.Url.EndsWith("/api/youtube", StringComparison.Ordinal) && r.Request.Method == "POST");
        await Page.Locator("#youtube-connect-submit").ClickAsync();
        await answered;
    }

    /// <summary>Opens "Connect YouTube" if it is closed, fills the setup code and presses Remove key.</summary>
    public async Task RemoveYouTubeKeyAsync(string setupCode)
    {
        await OpenConnectYouTubeAsync();
        await Page.Locator("#youtube-setup-code").FillAsync(setupCode);
        await RemoveYouTubeKeyAsync();
    }

    /// <summary>Opens "Connect YouTube" if it is closed and presses Remove key (an administrator, in accounts mode).</summary>
    public async Task RemoveYouTubeKeyAsync()
    {
        await OpenConnectYouTubeAsync();
        var answered = Page.WaitForResponseAsync(r => r.Url.EndsWith("/api/youtube", StringComparison.Ordinal) && r.Request.Method == "DELETE");
        await Page.Locator("#youtube-remove").ClickAsync();
        await answered;
    }

    private async Task OpenConnectYouTubeAsync()
    {
        if (await ConnectYouTube.GetAttributeAsync("open") is null)
        {
            await ConnectYouTube.Locator("summary").ClickAsync();
        }
    }

    /// <summary>The error the "paste the YouTube link" form of a song shows (the server's reason).</summary>
    public ILocator VideoLinkError(string id) => Song(id).Locator(".song-link-error");

    public ILocator VideoLinkInput(string id) => Song(id).Locator(".song-link-input");

    /// <summary>Opens a song's "Paste link" form if it is closed, types the link and saves it.</summary>
    public async Task PasteVideoLinkAsync(string id, string link)
    {
        if (await VideoLinkInput(id).CountAsync() == 0)
        {
            await Song(id).Locator(".song-link").ClickAsync();
        }

        await VideoLinkInput(id).FillAsync(link);
        await Song(id).Locator(".song-link-form button[type=submit]").ClickAsync();
    }

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

    /// <summary>Records the last text drawn on the camera overlay (the label over the face: a canvas has no text to read) as window.__overlayText.</summary>
    public const string OverlayTextRecorder =
        """
        (() => {
          const fillText = CanvasRenderingContext2D.prototype.fillText;
          CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
            if (this.canvas.id === 'overlay') window.__overlayText = text;
            return fillText.call(this, text, ...rest);
          };
        })();
        """;

    /// <summary>The mood as shown at one instant: the label last drawn over the face, the panel's label and line, and the bars.</summary>
    public async Task<ShownMood> ShownMoodAsync() =>
        await Page.EvaluateAsync<ShownMood>(
            """
            () => {
              const label = document.getElementById('emotion-label');
              return {
                faceLabel: window.__overlayText || '',
                emotion: label.dataset.emotion || '',
                current: label.dataset.current !== 'false',
                label: label.textContent.trim(),
                confidence: document.getElementById('confidence').textContent.trim(),
                status: document.getElementById('camera-status').textContent.trim(),
                bars: Object.fromEntries([...document.querySelectorAll('#bars .bar')].map(b => [b.dataset.emotion, Number(b.getAttribute('aria-valuenow'))])),
              };
            }
            """);

    /// <summary>How many readings of every source the server has stored (as the History page reads them).</summary>
    public async Task<int> ReadingCountAsync() =>
        await Page.EvaluateAsync<int>("async () => (await (await fetch('/api/history')).json()).readings.length");

    /// <summary>How many camera readings the server has stored (all listeners' page, as the History page reads them).</summary>
    public async Task<int> CameraReadingCountAsync() =>
        await Page.EvaluateAsync<int>("async () => (await (await fetch('/api/history')).json()).readings.filter(r => r.source === 'camera').length");

    /// <summary>Counts, from now on, the server's messages on the camera socket and the page's playlist requests.</summary>
    public CameraTraffic WatchCamera()
    {
        var traffic = new CameraTraffic();
        Page.Request += (_, request) =>
        {
            if (request.Url.Contains("/api/recommendations", StringComparison.Ordinal))
            {
                traffic.AddPlaylistRequest();
            }
        };
        Page.WebSocket += (_, socket) => socket.FrameReceived += (_, frame) =>
        {
            using var message = System.Text.Json.JsonDocument.Parse(frame.Text ?? "{}");
            var root = message.RootElement;
            var type = root.TryGetProperty("type", out var t) ? t.GetString() : null;
            if (type == "playlist")
            {
                traffic.AddPlaylistMessage();
            }
            else if (type == "frame")
            {
                traffic.AddFrameWidth(root.GetProperty("width").GetInt32());
                if (root.GetProperty("faces").GetArrayLength() > 0)
                {
                    traffic.AddFaceAnswer();
                }
            }
        };
        return traffic;
    }

    /// <summary>Each control's name and the svg icon it draws (an emoji in its text needs a font the machine may lack).</summary>
    public static async Task<DrawnIcon[]> IconsAsync(ILocator controls) =>
        await controls.EvaluateAllAsync<DrawnIcon[]>(
            """
            els => els.map(e => {
              const svg = e.querySelector('svg');
              const box = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
              return {
                name: (e.getAttribute('aria-label') || e.textContent).trim(),
                emoji: /\p{Extended_Pictographic}/u.test(e.textContent),
                width: box.width,
                height: box.height,
                shapes: svg ? [...svg.querySelectorAll('path, circle, ellipse, rect, line, polyline, polygon')].filter(s => s.getBBox().width + s.getBBox().height > 0).length : 0,
              };
            })
            """);

    /// <summary>How many pixels of a control's svg icon differ clearly from the most common colour (its background).</summary>
    public static async Task<int> IconInkAsync(ILocator control)
    {
        var png = await control.Locator("svg").First.ScreenshotAsync();
        using var bitmap = SKBitmap.Decode(png);
        var pixels = bitmap.Pixels;
        var background = pixels.GroupBy(p => p).MaxBy(g => g.Count())!.Key;
        return pixels.Count(p => Math.Abs(p.Red - background.Red) + Math.Abs(p.Green - background.Green) + Math.Abs(p.Blue - background.Blue) > 60);
    }

    public Task RaiseVideoErrorAsync(int code) => Page.EvaluateAsync($"() => window.__yt.error({code})");

    /// <summary>Closes the page's browser context, so the camera stops sending frames before the server goes away.</summary>
    public async ValueTask DisposeAsync() => await Page.Context.CloseAsync();

    public async Task ScreenshotAsync(string name) =>
        await Page.ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.ScreenshotsDirectory, $"{name}.png"), FullPage = true });
}

/// <summary>The songs of a /api/recommendations answer.</summary>
public sealed class Playlist
{
    public PlaylistSong[] Songs { get; set; } = [];
}

/// <summary>A song of a playlist as the server sent it.</summary>
public sealed class PlaylistSong
{
    public string Id { get; set; } = "";

    public string Title { get; set; } = "";

    public string Artist { get; set; } = "";

    public string Language { get; set; } = "";

    public string? YoutubeId { get; set; }

    public override string ToString() => $"{Id} {Title} ({Language}, video {YoutubeId ?? "none"})";
}

/// <summary>A control's accessible name and its icon as drawn (settable: Playwright fills it from the page's JSON).</summary>
public sealed class DrawnIcon
{
    public string Name { get; set; } = "";

    public bool Emoji { get; set; }

    public double Width { get; set; }

    public double Height { get; set; }

    public int Shapes { get; set; }

    public override string ToString() => $"'{Name}': {(Emoji ? "emoji in its text, " : "")}svg {Width}x{Height} px with {Shapes} shapes";
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

/// <summary>What the server sent on the camera socket and what the page asked for (Playwright raises the events on its own thread).</summary>
public sealed class CameraTraffic
{
    private int _faceAnswers;
    private int _playlistMessages;
    private int _playlistRequests;
    private readonly List<int> _frameWidths = [];

    public int FaceAnswers => Volatile.Read(ref _faceAnswers);

    public int PlaylistMessages => Volatile.Read(ref _playlistMessages);

    public int PlaylistRequests => Volatile.Read(ref _playlistRequests);

    internal void AddFaceAnswer() => Interlocked.Increment(ref _faceAnswers);

    internal void AddPlaylistMessage() => Interlocked.Increment(ref _playlistMessages);

    internal void AddPlaylistRequest() => Interlocked.Increment(ref _playlistRequests);

    /// <summary>The width of every frame the server answered (the frame as the page sent it), in order.</summary>
    public IReadOnlyList<int> FrameWidths
    {
        get
        {
            lock (_frameWidths)
            {
                return [.. _frameWidths];
            }
        }
    }

    internal void AddFrameWidth(int width)
    {
        lock (_frameWidths)
        {
            _frameWidths.Add(width);
        }
    }

    public override string ToString() => $"{FaceAnswers} answers with a face, {PlaylistMessages} playlist messages, {PlaylistRequests} playlist requests";
}

/// <summary>The mood as the page shows it at one instant (settable: Playwright fills it from the page's JSON).</summary>
public sealed class ShownMood
{
    /// <summary>The label last drawn over the primary face, e.g. "happy 87%" (with <see cref="NowPage.OverlayTextRecorder"/>).</summary>
    public string FaceLabel { get; set; } = "";

    /// <summary>The panel's emotion (empty when there is none, or it is not sure).</summary>
    public string Emotion { get; set; } = "";

    public bool Current { get; set; }

    public string Label { get; set; } = "";

    public string Confidence { get; set; } = "";

    public string Status { get; set; } = "";

    public Dictionary<string, double> Bars { get; set; } = [];

    public override string ToString() =>
        $"face label '{FaceLabel}', panel '{Label}' ({Emotion}, {(Current ? "current" : "not current")}), '{Confidence}', status '{Status}', bars {string.Join(" ", Bars.Select(b => $"{b.Key} {b.Value}"))}";
}
