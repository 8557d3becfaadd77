using static Microsoft.Playwright.Assertions;

namespace Moodtune.Web.BrowserTests;

/// <summary>The main page on a phone (390x844, touch): the music is reachable without scrolling past everything else.</summary>
public sealed class PhoneLayoutTests(MoodtuneServer server, BrowserSession browser) : IClassFixture<MoodtuneServer>, IClassFixture<BrowserSession>
{
    private const int PhoneWidth = 390;
    private const int PhoneHeight = 844;

    [Fact]
    public async Task On_a_phone_the_song_playing_and_its_controls_stay_on_screen_and_the_player_follows_the_mood()
    {
        await using var now = new NowPage(await browser.NewPhonePageAsync(PhoneWidth, PhoneHeight));
        await now.GotoAsync(server.Address);
        await now.Picker("happy").TapAsync();
        await Expect(now.NowPlaying).ToContainTextAsync("Now playing", new() { Timeout = 20_000 });
        await now.ScreenshotAsync("phone");

        var top = await MeasureAsync(now, scrollTo: 0);
        var middle = await MeasureAsync(now, scrollTo: 0.5);
        var context = $"at the top: {top}; half-way down: {middle}";
        TestContext.Current.TestOutputHelper?.WriteLine(context);

        // Whatever part of the page is in view, the song playing and the button to skip it are on the screen.
        Assert.True(top.NowPlaying.Within(PhoneHeight) && top.Next.Within(PhoneHeight), context);
        Assert.True(middle.NowPlaying.Within(PhoneHeight) && middle.Next.Within(PhoneHeight), context);
        // The player comes right after the mood (the next card's top: a gap, the card's padding and its heading), not
        // after the picker and the music options.
        Assert.True(top.Player.Top - top.Mood.Bottom <= 100, context);
        Assert.True(top.Player.Top < 1.5 * PhoneHeight, context);

        await now.Next.TapAsync();
        await Expect(now.CurrentSong).ToHaveAttributeAsync("data-song-id", (await now.PlayableSongs.Nth(1).GetAttributeAsync("data-song-id"))!);
    }

    [Fact]
    public async Task On_a_desktop_the_music_keeps_its_column_and_its_controls_stay_under_the_player()
    {
        await using var now = new NowPage(await browser.NewPageAsync(1280, 900));
        await now.GotoAsync(server.Address);
        await now.Picker("happy").ClickAsync();
        await Expect(now.NowPlaying).ToContainTextAsync("Now playing", new() { Timeout = 20_000 });

        var layout = await MeasureAsync(now, scrollTo: 0);

        Assert.True(layout.Player.Left > layout.Mood.Right && layout.Player.Top < layout.Mood.Top, $"{layout}");
        Assert.True(layout.NowPlaying.Top >= layout.Player.Bottom && layout.NowPlaying.Top - layout.Player.Bottom < 30, $"{layout}");
    }

    /// <summary>Scrolls to a share of the page's height and measures: the mood card and the player in page coordinates, the now-playing line and Next on the screen.</summary>
    private static async Task<PhoneLayout> MeasureAsync(NowPage now, double scrollTo) =>
        await now.Page.EvaluateAsync<PhoneLayout>(
            """
            async (share) => {
              window.scrollTo(0, (document.documentElement.scrollHeight - innerHeight) * share);
              await new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)));
              const onPage = (selector) => {
                const r = document.querySelector(selector).getBoundingClientRect();
                return { top: r.top + scrollY, bottom: r.bottom + scrollY, left: r.left, right: r.right };
              };
              const onScreen = (selector) => {
                const r = document.querySelector(selector).getBoundingClientRect();
                return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
              };
              return {
                scrollY, pageHeight: document.documentElement.scrollHeight,
                mood: onPage('.area-mood'), player: onPage('.player-box'), firstSong: onPage('#playlist li'),
                nowPlaying: onScreen('#now-playing'), next: onScreen('#btn-next'),
              };
            }
            """,
            scrollTo);
}

/// <summary>Where the main page's parts are (settable: Playwright fills it from the page's JSON).</summary>
public sealed class PhoneLayout
{
    public double ScrollY { get; set; }

    public double PageHeight { get; set; }

    public Box Mood { get; set; } = new();

    public Box Player { get; set; } = new();

    public Box FirstSong { get; set; } = new();

    public Box NowPlaying { get; set; } = new();

    public Box Next { get; set; } = new();

    public override string ToString() =>
        $"scrolled {ScrollY:0} of a {PageHeight:0} px page; mood {Mood}, player {Player}, first song {FirstSong} (page px); now playing {NowPlaying}, Next {Next} (screen px)";
}

/// <summary>An element's edges in CSS pixels.</summary>
public sealed class Box
{
    public double Top { get; set; }

    public double Bottom { get; set; }

    public double Left { get; set; }

    public double Right { get; set; }

    public bool Within(double screenHeight) => Top >= 0 && Bottom <= screenHeight && Bottom > Top;

    public override string ToString() => $"{Top:0}-{Bottom:0} x {Left:0}-{Right:0}";
}
