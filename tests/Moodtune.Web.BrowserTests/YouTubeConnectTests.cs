using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace Moodtune.Web.BrowserTests;

/// <summary>The first-run step "Connect YouTube", against a local stand-in for the YouTube Data API.</summary>
public sealed partial class YouTubeConnectTests(ServerWithDataApi server, BrowserSession browser) : IClassFixture<ServerWithDataApi>, IClassFixture<BrowserSession>
{
    [Fact]
    public async Task The_owner_connects_YouTube_with_the_setup_code_from_the_log()
    {
        await using var now = new NowPage(await browser.NewPageAsync());
        await now.GotoAsync(server.Address);
        var code = SetupCode().Match(Assert.Single(server.Log, l => l.Contains("setup code", StringComparison.Ordinal))).Value;
        await Expect(now.ConnectYouTube).ToBeVisibleAsync(new() { Timeout = 10_000 });

        // A wrong code: refused before YouTube is asked, the fields keep what was typed.
        await now.ConnectYouTubeAsync("WRNG-CODE-0000", DataApiStandIn.ApiKey);
        await Expect(now.YouTubeStatus).ToContainTextAsync("not this server's setup code");
        await now.ConnectYouTube.ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.ScreenshotsDirectory, "connect-youtube.png") });
        await Expect(now.Page.Locator("#youtube-api-key")).ToHaveValueAsync(DataApiStandIn.ApiKey);
        Assert.Equal(0, server.YouTube.KeyChecks);

        // A key YouTube refuses.
        await now.ConnectYouTubeAsync(code, "AIzaSyNotTheRightKey_abcdefghijklmnopqr");
        await Expect(now.YouTubeStatus).ToContainTextAsync("YouTube refused the key");
        Assert.Equal(1, server.YouTube.KeyChecks);

        await now.ConnectYouTubeAsync(code, DataApiStandIn.ApiKey);

        await Expect(now.YouTubeStatus).ToContainTextAsync("YouTube is connected");
        await Expect(now.ConnectYouTube).ToBeHiddenAsync();
        Assert.Equal(2, server.YouTube.KeyChecks);
        await Expect(now.Page.Locator("#youtube-api-key")).ToHaveValueAsync("");

        // Another browser is not offered the step, and nothing it can read holds the key.
        await using var other = new NowPage(await browser.NewPageAsync());
        await other.GotoAsync(server.Address);
        var status = await other.Page.EvaluateAsync<string>("async () => await (await fetch('/api/youtube')).text()");
        Assert.Contains("\"connected\":true", status, StringComparison.Ordinal);
        Assert.DoesNotContain(DataApiStandIn.ApiKey, status + await other.Page.ContentAsync(), StringComparison.Ordinal);
        await Expect(other.ConnectYouTube).ToBeHiddenAsync();

        // The connected key finds the videos of an English-only list, which now plays in the page.
        server.YouTube.FindsEverySong = true;
        await now.UntickLanguageAsync("hi");
        var songs = await now.PickMoodAsync("neutral");
        await now.Page.WaitForFunctionAsync(
            "id => window.__yt && window.__yt.current() === id", DataApiStandIn.VideoFor($"{songs[0].Artist} {songs[0].Title}"), new() { Timeout = 15_000 });

        // Nor does the server's log hold the key (HttpClient logs each request's address, the key is in its query).
        Assert.DoesNotContain(server.Log, line => line.Contains(DataApiStandIn.ApiKey, StringComparison.Ordinal));
    }

    [GeneratedRegex("[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")]
    private static partial Regex SetupCode();
}
