using Microsoft.Playwright;
using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace Moodtune.Web.BrowserTests;

/// <summary>The flows a user goes through on the main page, in Debian's Chromium with a fake camera.</summary>
public sealed class NowPageTests(MoodtuneServer server, ServerNeverSure neverSure, BrowserSession browser)
    : IClassFixture<MoodtuneServer>, IClassFixture<ServerNeverSure>, IClassFixture<BrowserSession>
{
    private static readonly LocatorAssertionsToHaveAttributeOptions Slow = new() { Timeout = 30_000 };

    [Fact]
    public async Task Camera_shows_happy_then_the_playlist_plays_and_next_moves_on()
    {
        await using var now = new NowPage(await browser.NewPageAsync());
        await now.GotoAsync(server.Address);

        await now.Start.ClickAsync();

        await Expect(now.EmotionLabel).ToHaveAttributeAsync("data-emotion", "happy", Slow);
        await Expect(now.PlayableSongs.First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var ids = await now.VideoIdsAsync();
        Assert.True(ids.Length >= 2, "at least two playable songs");
        await WaitForVideoAsync(now, ids[0]);
        await now.ScreenshotAsync("now");

        await now.Next.ClickAsync();

        await WaitForVideoAsync(now, ids[1]);
    }

    [Fact]
    public async Task Camera_denied_offers_the_picker_which_leads_to_a_playlist()
    {
        await using var now = await NowPage.OpenAsync(browser, server.Address, "navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));");

        await now.Start.ClickAsync();

        await Expect(now.CameraStatus).ToContainTextAsync(new System.Text.RegularExpressions.Regex("denied|not allowed|permission", System.Text.RegularExpressions.RegexOptions.IgnoreCase));
        await Expect(now.Picker("sad")).ToBeVisibleAsync();
        await now.Picker("sad").ClickAsync();
        await Expect(now.Songs.First).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await now.ScreenshotAsync("picker");
    }

    [Fact]
    public async Task A_photo_upload_gives_the_mood()
    {
        await using var now = new NowPage(await browser.NewPageAsync());
        await now.GotoAsync(server.Address);

        await now.PhotoInput.SetInputFilesAsync(TestPaths.TestImage("astronaut.png"));

        await Expect(now.EmotionLabel).ToHaveAttributeAsync("data-emotion", "happy", Slow);
        await Expect(now.Songs.First).ToBeVisibleAsync(new() { Timeout = 20_000 });

        // The bars are drawn as long as their numbers say (they once measured 0x0 beside "Happy 100%"); the fill
        // slides for a quarter of a second, so the check polls.
        DrawnBar[] bars = [];
        for (var wait = System.Diagnostics.Stopwatch.StartNew(); wait.Elapsed < TimeSpan.FromSeconds(5); await Task.Delay(100, TestContext.Current.CancellationToken))
        {
            bars = await now.DrawnBarsAsync();
            if (bars.All(b => Math.Abs(b.Filled - (b.Value / 100)) <= 0.02))
            {
                break;
            }
        }

        Assert.Equal(7, bars.Length);
        Assert.All(bars, b => Assert.True(Math.Abs(b.Filled - (b.Value / 100)) <= 0.02, $"{b.Emotion}: {b.Value}% drawn as {b.Filled:P0} of its track"));
        var happy = Assert.Single(bars, b => b.Emotion == "happy");
        Assert.True(happy.Value >= 50 && happy.Filled >= 0.48 && happy.Height > 0, $"happy bar {happy}");
    }

    [Fact]
    public async Task A_video_that_cannot_play_is_skipped_and_marked_until_a_link_to_another_video_is_pasted()
    {
        await using var now = new NowPage(await browser.NewPageAsync());
        await now.GotoAsync(server.Address);
        await now.Picker("happy").ClickAsync();
        await Expect(now.PlayableSongs.Nth(1)).ToBeAttachedAsync(new() { Timeout = 20_000 });
        var ids = await now.VideoIdsAsync();
        var broken = await now.PlayableSongs.First.GetAttributeAsync("data-song-id");
        await WaitForVideoAsync(now, ids[0]);

        await now.RaiseVideoErrorAsync(150);

        await WaitForVideoAsync(now, ids[1]);
        await Expect(now.Song(broken!)).ToHaveClassAsync(new Regex("unplayable"));

        // The link is to another video: the song plays here again in this session, without interrupting the song playing.
        await now.PasteVideoLinkAsync(broken!, "https://youtu.be/Fx1Ed2Cc3Bb");
        await Expect(now.Song(broken!)).ToHaveAttributeAsync("data-video-id", "Fx1Ed2Cc3Bb");
        await Expect(now.Song(broken!)).Not.ToHaveClassAsync(new Regex("unplayable"));
        Assert.Equal(ids[1], await now.CurrentVideoAsync());
        await now.Song(broken!).Locator(".song-play").ClickAsync();
        await WaitForVideoAsync(now, "Fx1Ed2Cc3Bb");
    }

    [Fact]
    public async Task A_pasted_YouTube_link_makes_a_song_play_here_for_every_listener()
    {
        await using var now = new NowPage(await browser.NewPageAsync());
        await now.GotoAsync(server.Address);
        // English only: the default catalog has no video for any English song, so nothing plays until a link is given.
        var songs = await PlaylistAfterUntickingHindiAsync(now, "neutral");
        var song = songs.First(s => s.YoutubeId is null);

        await now.PasteVideoLinkAsync(song.Id, "https://vimeo.com/76979871");

        await Expect(now.VideoLinkError(song.Id)).ToContainTextAsync("not a link to a YouTube video");
        await Expect(now.VideoLinkInput(song.Id)).ToHaveValueAsync("https://vimeo.com/76979871");
        await Expect(now.Song(song.Id)).Not.ToHaveAttributeAsync("data-video-id", new Regex("."));
        await now.Song(song.Id).ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.ScreenshotsDirectory, "paste-link.png") });

        await now.PasteVideoLinkAsync(song.Id, "https://youtu.be/dQw4w9WgXcQ?si=shared");

        await Expect(now.Song(song.Id)).ToHaveAttributeAsync("data-video-id", "dQw4w9WgXcQ");
        await Expect(now.Song(song.Id).Locator(".song-link-form")).ToHaveCountAsync(0);
        await WaitForVideoAsync(now, "dQw4w9WgXcQ");

        // Another listener's page (a fresh context) gets the song with its video.
        await using var other = new NowPage(await browser.NewPageAsync());
        await other.GotoAsync(server.Address);
        var listed = await other.Page.EvaluateAsync<string?>(
            "async id => (await (await fetch('/api/catalog?page_size=500&lang=en')).json()).songs.find(s => s.id === id)?.youtube_id ?? null", song.Id);
        Assert.Equal("dQw4w9WgXcQ", listed);
    }

    [Fact]
    public async Task A_language_unticked_before_the_server_settings_arrive_stays_unticked()
    {
        var page = await browser.NewPageAsync();
        await using var now = new NowPage(page);
        var release = new TaskCompletionSource();
        await page.RouteAsync("**/api/config", async route =>
        {
            await release.Task;
            await route.ContinueAsync();
        });
        await now.GotoAsync(server.Address, new() { WaitUntil = WaitUntilState.DOMContentLoaded });

        await now.UntickLanguageAsync("hi");
        var answered = page.WaitForResponseAsync("**/api/config");
        release.SetResult();
        await answered;
        var songs = await now.PickMoodAsync("happy");

        Assert.All(songs, s => Assert.Equal("en", s.Language));
    }

    [Fact]
    public async Task The_history_page_shows_the_readings()
    {
        var page = await browser.NewPageAsync();
        await using var now = new NowPage(page);
        await now.GotoAsync(server.Address);
        await now.Picker("sad").ClickAsync();
        await Expect(now.Songs.First).ToBeVisibleAsync(new() { Timeout = 20_000 });

        await page.GotoAsync(new Uri(server.Address, "/history.html").ToString());

        await Expect(page.Locator("#history-content")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(page.Locator("#reading-count")).Not.ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^\\s*0\\b"));
        await Expect(page.Locator("#chart-emotions")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.ScreenshotsDirectory, "history.png"), FullPage = true });
    }

    [Fact]
    public async Task The_catalog_page_lists_songs()
    {
        var page = await browser.NewPageAsync();
        await using var context = page.Context;

        await page.GotoAsync(new Uri(server.Address, "/catalog.html").ToString());

        await Expect(page.Locator("table tbody tr").First).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.ScreenshotsDirectory, "catalog.png"), FullPage = true });
    }

    [Fact]
    public async Task An_import_report_names_the_skipped_row_and_one_match_is_one_song()
    {
        var page = await browser.NewPageAsync();
        await using var context = page.Context;
        await page.GotoAsync(new Uri(server.Address, "/catalog.html").ToString());
        await Expect(page.Locator("table tbody tr").First).ToBeVisibleAsync(new() { Timeout = 20_000 });

        await page.Locator("#import-file").SetInputFilesAsync(new FilePayload
        {
            Name = "browser-test-songs.csv",
            MimeType = "text/csv",
            Buffer = System.Text.Encoding.UTF8.GetBytes("title,artist,language,valence,energy\nZebra Quartz Lullaby,Browser Test Band,en,0.3,0.2\nBroken Row,,en,nope,0.5\n"),
        });
        await page.Locator("#import-submit").ClickAsync();

        // Which row was skipped, not "reason: 1" (the bad row is the file's third line).
        await Expect(page.Locator("#report-skips li")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(": 1 row \\(line 3\\)$"), new() { Timeout = 20_000 });
        await page.Locator("#q").FillAsync("Zebra Quartz Lullaby");
        await Expect(page.Locator("#catalog-status")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^1 song matching"), new() { Timeout = 10_000 });
    }

    [Fact]
    public async Task An_empty_history_list_is_a_note_not_a_numbered_item()
    {
        var page = await browser.NewPageAsync();
        await using var now = new NowPage(page);
        await now.GotoAsync(server.Address);
        await now.Picker("sad").ClickAsync();
        await Expect(now.Songs.First).ToBeVisibleAsync(new() { Timeout = 20_000 });
        // Whatever other tests played, this page sees a history with readings and no plays.
        await page.RouteAsync("**/api/history?*", async route =>
        {
            var response = await route.FetchAsync();
            var history = System.Text.Json.Nodes.JsonNode.Parse(await response.TextAsync())!;
            history["plays"] = new System.Text.Json.Nodes.JsonArray();
            await route.FulfillAsync(new() { Response = response, Body = history.ToJsonString() });
        });

        await page.GotoAsync(new Uri(server.Address, "/history.html").ToString());

        await Expect(page.Locator("#history-content")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(page.Locator("#plays-list")).ToBeHiddenAsync();
        await Expect(page.Locator("#plays-list + p.empty-note")).ToHaveTextAsync("No songs played yet.");
        Assert.Equal(0, await page.Locator("ol li").CountAsync());
    }

    [Fact]
    public async Task Without_the_YouTube_player_every_song_opens_in_YouTube_and_none_claims_to_play()
    {
        var page = await browser.NewPageAsync();
        await using var now = new NowPage(page);
        // A content blocker or a firewall that refuses the connection: the IFrame API script fails.
        await page.RouteAsync("**/iframe_api*", route => route.AbortAsync());
        await now.GotoAsync(server.Address);
        await Expect(now.PlayerMessage).ToContainTextAsync("could not load", new() { Timeout = 10_000 });

        var songs = await now.PickMoodAsync("happy");

        await ExpectOnlyYouTubeLinksAsync(now, songs, timeout: 5_000);
    }

    [Fact]
    public async Task A_YouTube_script_that_never_answers_holds_neither_the_load_event_nor_a_false_Now_playing()
    {
        var page = await browser.NewPageAsync();
        await using var now = new NowPage(page);
        var requested = new TaskCompletionSource();
        // A firewall that drops packets: the request for the IFrame API is never answered.
        await page.RouteAsync("**/iframe_api*", _ =>
        {
            requested.TrySetResult();
            return Task.CompletedTask;
        });

        await now.GotoAsync(server.Address, new() { WaitUntil = WaitUntilState.Load, Timeout = 5_000 });
        await requested.Task.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        var songs = await now.PickMoodAsync("happy");

        // While the player is still loading, nothing is said to play.
        await Expect(now.Songs).ToHaveCountAsync(songs.Length);
        await Expect(now.NowPlaying).Not.ToContainTextAsync(NowPlayingWords);
        await Expect(now.Page.Locator("#playlist .song-play", new() { HasText = "Playing" })).ToHaveCountAsync(0);
        await ExpectOnlyYouTubeLinksAsync(now, songs, timeout: 25_000);
    }

    [Fact]
    public async Task Unticking_Hindi_while_a_Hindi_song_plays_leaves_no_Hindi_song_in_the_list()
    {
        await using var now = new NowPage(await browser.NewPageAsync());
        await now.GotoAsync(server.Address);
        var songs = await now.PickMoodAsync("sad");
        var hindi = songs.FirstOrDefault(s => s.Language == "hi" && s.YoutubeId is not null);
        Assert.True(hindi is not null, $"a playable Hindi song to start with, in: {string.Join("; ", songs.Select(s => s.ToString()))}");
        await now.Song(hindi.Id).Locator(".song-play").ClickAsync();
        await WaitForVideoAsync(now, hindi.YoutubeId);

        var replanned = await now.PlaylistAfterAsync(() => now.UntickLanguageAsync("hi"));

        Assert.DoesNotContain(replanned, s => s.Language == "hi");
        await Expect(now.Song(hindi.Id)).ToHaveCountAsync(0);
        await Expect(now.Page.Locator("#playlist .song-tag", new() { HasText = "Hindi" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_song_that_never_played_cannot_be_liked()
    {
        await using var now = await NowPage.OpenAsync(browser, server.Address, "window.__ytAutoplayBlocked = true;");
        var songs = await now.PickMoodAsync("surprise");
        // The browser refused autoplay: the first song is loaded and waits for a press of Play.
        await Expect(now.PlayOverlay).ToBeVisibleAsync(new() { Timeout = 10_000 });
        var waiting = await now.NowPlaying.GetAttributeAsync("data-song-id");
        var title = Assert.Single(songs, s => s.Id == waiting).Title;

        await Expect(now.Like).ToBeDisabledAsync();
        await Expect(now.Like).ToHaveAttributeAsync("title", new Regex("play", RegexOptions.IgnoreCase));
        await now.Like.ClickAsync(new() { Force = true });
        await now.PlayOverlay.ClickAsync();
        await Expect(now.Like).ToBeEnabledAsync();

        await now.Page.GotoAsync(new Uri(server.Address, "/history.html").ToString());
        await Expect(now.Page.Locator("#history-content")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(now.Page.Locator("#liked-list")).Not.ToContainTextAsync(title);
    }

    [Fact]
    public async Task Every_control_draws_its_icon_without_an_emoji_font()
    {
        await using var now = new NowPage(await browser.NewPageAsync());
        await now.GotoAsync(server.Address);
        await now.PickMoodAsync("disgust");
        await Expect(now.PlayableSongs.First).ToBeVisibleAsync(new() { Timeout = 20_000 });
        var controls = now.Page.Locator("#stage-placeholder, #picker button, .player-controls button, #emotion-label, #playlist li:first-child .song-action > *");

        var icons = await NowPage.IconsAsync(controls);

        Assert.True(icons.Length >= 15, $"{icons.Length} controls found");
        Assert.All(icons, icon => Assert.True(icon.Name.Length > 0 && !icon.Emoji && icon.Width > 0 && icon.Height > 0 && icon.Shapes > 0, icon.ToString()));
        for (var i = 0; i < icons.Length; i++)
        {
            var ink = await NowPage.IconInkAsync(controls.Nth(i));
            Assert.True(ink >= 12, $"{icons[i]}: only {ink} pixels drawn");
        }

        await now.ScreenshotAsync("icons");
    }

    [Fact]
    public async Task The_face_label_the_bar_and_the_confidence_show_one_number()
    {
        await using var now = await NowPage.OpenAsync(browser, server.Address, NowPage.OverlayTextRecorder);

        await now.Start.ClickAsync();
        await Expect(now.EmotionLabel).ToHaveAttributeAsync("data-emotion", "happy", Slow);
        await now.Page.WaitForFunctionAsync("() => (window.__overlayText || '').startsWith('happy')", null, new() { Timeout = 10_000 });

        // One snapshot: the label and the bars are drawn from the same frame's answer.
        var shown = await now.ShownMoodAsync();
        var number = Regex.Match(shown.FaceLabel, "^happy (\\d+)%$");
        Assert.True(number.Success, shown.ToString());
        Assert.Equal(double.Parse(number.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), shown.Bars["happy"]);
        Assert.Contains($"confidence {number.Groups[1].Value}%", shown.Confidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mood_below_the_confidence_bar_gets_no_mood_no_playlist_and_nothing_stored()
    {
        var clip = Path.Combine(Path.GetTempPath(), "moodtune-never-sure.y4m");
        Y4mVideo.Write(TestPaths.TestImage("astronaut.png"), clip);

        await using var camera = await BrowserSession.WithCameraAsync(clip);
        await using var now = await NowPage.OpenAsync(camera, neverSure.Address, NowPage.OverlayTextRecorder);
        var stored = await now.CameraReadingCountAsync();
        var traffic = now.WatchCamera();

        await now.Start.ClickAsync();
        // Three seconds of answers: the first would have made a playlist, the first sure mood a stored reading.
        await WaitUntilAsync(() => traffic.FaceAnswers >= 15, traffic.ToString);

        var shown = await now.ShownMoodAsync();
        Assert.True(shown.Emotion.Length == 0 && shown.Label == "Not sure", shown.ToString());
        Assert.StartsWith("Not sure of your expression", shown.Confidence, StringComparison.Ordinal);
        Assert.StartsWith("not sure ", shown.FaceLabel, StringComparison.Ordinal);
        await Expect(now.Fallback).ToHaveClassAsync(new Regex("prominent"));
        Assert.Equal((0, 0), (traffic.PlaylistMessages, traffic.PlaylistRequests));
        await Expect(now.Songs).ToHaveCountAsync(0);
        Assert.Equal(stored, await now.CameraReadingCountAsync());
    }

    [Fact]
    public async Task When_the_face_leaves_the_last_mood_is_not_shown_as_current()
    {
        var clip = Path.Combine(Path.GetTempPath(), "moodtune-face-then-empty-room.y4m");
        // 3 s of the face, 8 s of an empty room, looped: "No face in view" comes 2 s into the room and holds for 6.
        Y4mVideo.Write(clip, [new Y4mScene(TestPaths.TestImage("astronaut.png"), 3 * Y4mVideo.FramesPerSecond), new Y4mScene(null, 8 * Y4mVideo.FramesPerSecond)]);
        await using var camera = await BrowserSession.WithCameraAsync(clip);
        await using var now = new NowPage(await camera.NewPageAsync());
        await now.GotoAsync(server.Address);

        await now.Start.ClickAsync();
        await Expect(now.EmotionLabel).ToHaveAttributeAsync("data-emotion", "happy", Slow);
        await Expect(now.CameraStatus).ToContainTextAsync("No face in view", new() { Timeout = 20_000 });

        var gone = await now.ShownMoodAsync();
        Assert.False(gone.Current, gone.ToString());
        Assert.DoesNotContain("from the camera", gone.Confidence, StringComparison.Ordinal);
        Assert.Contains("No face in view now", gone.Confidence, StringComparison.Ordinal);
        Assert.True(gone.Bars.Values.All(v => v == 0), gone.ToString());

        // The face comes back: its mood is current again.
        await Expect(now.EmotionLabel).ToHaveAttributeAsync("data-current", "true", new() { Timeout = 20_000 });
        Assert.Contains("from the camera", (await now.ShownMoodAsync()).Confidence, StringComparison.Ordinal);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, Func<string> state)
    {
        for (var wait = System.Diagnostics.Stopwatch.StartNew(); !condition(); await Task.Delay(100, TestContext.Current.CancellationToken))
        {
            Assert.True(wait.Elapsed < TimeSpan.FromSeconds(45), $"still waiting: {state()}");
        }
    }

    private static readonly Regex NowPlayingWords = new("now playing", RegexOptions.IgnoreCase);

    /// <summary>The page with no in-page player: each song links out, none is marked playing, and the player area says why.</summary>
    private static async Task ExpectOnlyYouTubeLinksAsync(NowPage now, PlaylistSong[] songs, float timeout)
    {
        Assert.Contains(songs, s => s.YoutubeId is not null);
        await Expect(now.PlayerMessage).ToBeVisibleAsync(new() { Timeout = timeout });
        await Expect(now.PlayerMessage).ToContainTextAsync(new Regex("could not load.*Open in YouTube", RegexOptions.IgnoreCase | RegexOptions.Singleline), new() { Timeout = timeout });
        foreach (var song in songs)
        {
            var link = now.Song(song.Id).Locator("a.song-open");
            if (song.YoutubeId is { } video)
            {
                await Expect(link).ToHaveAttributeAsync("href", $"https://www.youtube.com/watch?v={video}");
            }
            else
            {
                await Expect(link).ToHaveAttributeAsync("href", new Regex("^https://www\\.youtube\\.com/results\\?search_query="));
            }
        }

        await Expect(now.Page.Locator("#playlist .song-play")).ToHaveCountAsync(0);
        await Expect(now.CurrentSong).ToHaveCountAsync(0);
        await Expect(now.NowPlaying).Not.ToContainTextAsync(NowPlayingWords);
    }

    /// <summary>Unticks Hindi, then picks a mood: the English-only playlist that pick brought.</summary>
    private static async Task<PlaylistSong[]> PlaylistAfterUntickingHindiAsync(NowPage now, string emotion)
    {
        await now.UntickLanguageAsync("hi");
        var songs = await now.PickMoodAsync(emotion);
        Assert.All(songs, s => Assert.Equal("en", s.Language));
        return songs;
    }

    private static async Task WaitForVideoAsync(NowPage now, string? videoId) =>
        await now.Page.WaitForFunctionAsync("id => window.__yt && window.__yt.current() === id", videoId, new() { Timeout = 15_000 });
}
