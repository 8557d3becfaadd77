using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Moodtune.Web.BrowserTests;

/// <summary>The page's sign-in dialog, as a person uses it.</summary>
internal static class AccountDialog
{
    /// <summary>Signs up in the dialog the page opens in accounts mode, and waits until the page names the account.</summary>
    public static async Task SignUpAsync(IPage page, string email, string password)
    {
        await Expect(page.Locator("#account-dialog")).ToBeVisibleAsync();
        await page.Locator("#account-email").FillAsync(email);
        await page.Locator("#account-password").FillAsync(password);
        await page.Locator("#account-sign-up").ClickAsync();
        await Expect(page.Locator("#account-button")).ToHaveTextAsync(email);
    }
}
