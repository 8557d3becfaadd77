using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Moodtune.Web.BrowserTests;

/// <summary>Accounts mode in the page: sign up, get music, a private history, sign out, and a second listener who sees none of it.</summary>
public sealed class AccountPageTests(ServerWithAccounts server, BrowserSession browser) : IClassFixture<ServerWithAccounts>, IClassFixture<BrowserSession>
{
    private const string Password = "a long enough password";

    [Fact]
    public async Task A_listener_signs_up_gets_music_keeps_a_private_history_and_signs_out()
    {
        var ann = $"ann-{Guid.NewGuid():N}@example.com";
        await using var now = new NowPage(await browser.NewPageAsync());
        await now.GotoAsync(server.Address);

        // Nothing of the page works before signing in: the dialog is in front of it.
        await Expect(now.Page.Locator("#account-dialog")).ToBeVisibleAsync();
        await AccountDialog.SignUpAsync(now.Page, ann, Password);
        await Expect(now.Page.Locator("#account-button")).ToHaveTextAsync(ann);
        await Expect(now.Page.Locator("#account-dialog")).ToHaveCountAsync(0);

        var songs = await now.PickMoodAsync("sad");
        Assert.NotEmpty(songs);
        await now.Page.GotoAsync(new Uri(server.Address, "/history.html").ToString());
        await Expect(now.Page.Locator("#history-content")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(now.Page.Locator("#reading-count")).ToContainTextAsync("1");

        // Another listener, in another browser profile, starts with nothing.
        await using var other = new NowPage(await browser.NewPageAsync());
        await other.Page.GotoAsync(new Uri(server.Address, "/history.html").ToString());
        await AccountDialog.SignUpAsync(other.Page, $"bob-{Guid.NewGuid():N}@example.com", Password);
        await Expect(other.Page.Locator("#history-empty")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        // Not the first account: the catalog's import is not offered.
        await other.Page.GotoAsync(new Uri(server.Address, "/catalog.html").ToString());
        await Expect(other.Page.Locator("#import-form")).ToBeHiddenAsync();

        // Ann signs out: the sign-in dialog is back, and signing in again brings her history back.
        await now.Page.Locator("#account-button").ClickAsync();
        await now.Page.Locator("#account-sign-out").ClickAsync();
        await Expect(now.Page.Locator("#account-dialog")).ToBeVisibleAsync();
        await now.Page.Locator("#account-email").FillAsync(ann);
        await now.Page.Locator("#account-password").FillAsync("not the password");
        await now.Page.Locator("#account-sign-in").ClickAsync();
        await Expect(now.Page.Locator("#account-status")).ToContainTextAsync("Wrong email or password");
        await now.Page.Locator("#account-password").FillAsync(Password);
        await now.Page.Locator("#account-sign-in").ClickAsync();
        await Expect(now.Page.Locator("#history-content")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(now.Page.Locator("#import-form")).ToHaveCountAsync(0); // the history page has none; the catalog's is hers (first account)
    }
}
