using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace Moodtune.Web.BrowserTests;

/// <summary>The step "Connect YouTube" (first run, then replacing and removing the key), against a local stand-in for the YouTube Data API.</summary>
public sealed partial class YouTubeConnectTests(ServerWithDataApi server, BrowserSession browser) : IClassFixture<ServerWithDataApi>, IClassFixture<BrowserSession>
{
    [Fact]
    public async Task The_owner_connects_YouTube_then_replaces_and_removes_the_key_with_the_setup_codes_from_the_log()
    {
        // One flow, not three tests: the server is shared, and the limit of five tries a minute counts them all.
        await using var now = new NowPage(await browser.NewPageAsync());
        await now.GotoAsync(server.Address);
        var code = NewestSetupCode();
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
        await Expect(now.ConnectYouTubeSummary).ToContainTextAsync("YouTube is connected");
        Assert.Null(await now.ConnectYouTube.GetAttributeAsync("open"));
        Assert.Equal(2, server.YouTube.KeyChecks);
        await Expect(now.Page.Locator("#youtube-api-key")).ToHaveValueAsync("");

        // Another browser is told YouTube is connected, and nothing it can read holds the key.
        await using var other = new NowPage(await browser.NewPageAsync());
        await other.GotoAsync(server.Address);
        var status = await other.Page.EvaluateAsync<string>("async () => await (await fetch('/api/youtube')).text()");
        Assert.Contains("\"connected\":true", status, StringComparison.Ordinal);
        Assert.DoesNotContain(DataApiStandIn.ApiKey, status + await other.Page.ContentAsync(), StringComparison.Ordinal);
        await Expect(other.ConnectYouTubeSummary).ToContainTextAsync("YouTube is connected");

        // The connected key finds the videos of an English-only list, which now plays in the page.
        server.YouTube.FindsEverySong = true;
        await now.UntickLanguageAsync("hi");
        var songs = await now.PickMoodAsync("neutral");
        await now.Page.WaitForFunctionAsync(
            "id => window.__yt && window.__yt.current() === id", DataApiStandIn.VideoFor($"{songs[0].Artist} {songs[0].Title}"), new() { Timeout = 15_000 });

        // The owner replaces the key with the code the server logged after connecting; the spent one is not it.
        var replaceCode = NewestSetupCode();
        Assert.NotEqual(code, replaceCode);
        await Expect(now.Page.Locator("#youtube-connect-submit")).ToHaveTextAsync("Replace key");
        await now.ConnectYouTubeAsync(replaceCode, DataApiStandIn.SecondApiKey);
        await Expect(now.YouTubeStatus).ToContainTextAsync("connected with the new key");
        Assert.Equal(3, server.YouTube.KeyChecks);

        // And removes it: songs without a video open in YouTube again, and the step offers to connect a key.
        await now.RemoveYouTubeKeyAsync(NewestSetupCode());
        await Expect(now.YouTubeStatus).ToContainTextAsync("The key is removed");
        await Expect(now.ConnectYouTubeSummary).ToContainTextAsync("Connect YouTube");
        await Expect(now.Page.Locator("#youtube-remove")).ToBeHiddenAsync();
        Assert.Contains("\"connected\":false", await now.Page.EvaluateAsync<string>("async () => await (await fetch('/api/youtube')).text()"), StringComparison.Ordinal);
        Assert.Contains("YouTube is not connected", server.Log.Last(l => SetupCode().IsMatch(l)), StringComparison.Ordinal);

        // Nor does the server's log hold a key (HttpClient logs each request's address, the key is in its query).
        Assert.DoesNotContain(server.Log, line => line.Contains(DataApiStandIn.ApiKey, StringComparison.Ordinal) || line.Contains(DataApiStandIn.SecondApiKey, StringComparison.Ordinal));
    }

    /// <summary>The setup code the server logged last (at start, and after each change, which spends the one before).</summary>
    private string NewestSetupCode() => SetupCode().Match(server.Log.Last(l => SetupCode().IsMatch(l))).Value;

    [GeneratedRegex("[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")]
    private static partial Regex SetupCode();
}
