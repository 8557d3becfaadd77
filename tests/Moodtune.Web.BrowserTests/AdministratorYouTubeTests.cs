using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Moodtune.Web.BrowserTests;

/// <summary>
/// "Connect YouTube" in accounts mode: the administrator's sign-in is the proof, so the step asks for the key alone (no
/// setup code, and the server logs none), and a listener who does not administer the server is not offered it.
/// </summary>
public sealed partial class AdministratorYouTubeTests(ServerWithAccountsAndDataApi server, BrowserSession browser)
    : IClassFixture<ServerWithAccountsAndDataApi>, IClassFixture<BrowserSession>
{
    private const string Password = "a long enough password";

    [Fact]
    public async Task The_administrator_connects_and_removes_the_key_without_a_setup_code()
    {
        await using var now = new NowPage(await browser.NewPageAsync());
        await now.GotoAsync(server.Address);
        await AccountDialog.SignUpAsync(now.Page, "boss@example.com", Password);

        await Expect(now.ConnectYouTube).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await now.ConnectYouTube.Locator("summary").ClickAsync();
        await Expect(now.Page.Locator("#youtube-api-key")).ToBeVisibleAsync();
        await Expect(now.Page.Locator("#youtube-setup-code")).ToHaveCountAsync(1);
        await Expect(now.SetupCodeField).ToBeHiddenAsync();

        await now.ConnectYouTubeAsync(DataApiStandIn.ApiKey);

        await Expect(now.YouTubeStatus).ToContainTextAsync("YouTube is connected");
        await Expect(now.ConnectYouTubeSummary).ToContainTextAsync("an administrator can replace or remove");
        Assert.Equal(1, server.YouTube.KeyChecks);

        await now.ConnectYouTubeAsync(DataApiStandIn.SecondApiKey);
        await Expect(now.YouTubeStatus).ToContainTextAsync("connected with the new key");
        await Expect(now.YouTubeStatus).Not.ToContainTextAsync("setup code");

        await now.RemoveYouTubeKeyAsync();
        await Expect(now.YouTubeStatus).ToContainTextAsync("The key is removed");
        await Expect(now.YouTubeStatus).Not.ToContainTextAsync("setup code");
        await Expect(now.ConnectYouTubeSummary).ToContainTextAsync("Connect YouTube");
        Assert.DoesNotContain(server.Log, l => SetupCode().IsMatch(l));

        // Another listener is not offered the step at all.
        await using var other = new NowPage(await browser.NewPageAsync());
        await other.GotoAsync(server.Address);
        await AccountDialog.SignUpAsync(other.Page, $"listener-{Guid.NewGuid():N}@example.com", Password);
        await Expect(other.Page.Locator("#account-button")).ToBeVisibleAsync();
        await Expect(other.ConnectYouTube).ToBeHiddenAsync();
    }

    [GeneratedRegex("[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")]
    private static partial Regex SetupCode();
}
