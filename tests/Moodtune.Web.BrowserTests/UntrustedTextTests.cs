using System.Net.Http.Json;
using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Moodtune.Web.BrowserTests;

/// <summary>
/// Issue 19: titles and artists come from files anyone could import, and the pages run under a strict
/// Content-Security-Policy. A song titled like an XSS payload shows as text on every page, no dialog fires, and no page
/// breaks the policy (a violation would mean a script or style the policy blocks, i.e. a broken page).
/// </summary>
public sealed class UntrustedTextTests(MoodtuneServer server, BrowserSession browser) : IClassFixture<MoodtuneServer>, IClassFixture<BrowserSession>
{
    private const string Payload = "<img src=x onerror=alert(1)>";

    private const string WatchViolations = """
        window.__violations = [];
        document.addEventListener('securitypolicyviolation', e => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
        """;

    [Fact]
    public async Task A_song_titled_like_a_script_is_text_everywhere_and_no_page_breaks_the_policy()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = new HttpClient { BaseAddress = server.Address };
        var csv = $"title,artist,language,valence,energy,moods\n\"{Payload}\",\"<script>alert(2)</script>\",en,0.2,0.3,sad\n";
        using var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", "xss.csv" } };
        (await http.PostAsync(new Uri("/api/catalog/import", UriKind.Relative), form, ct)).EnsureSuccessStatusCode();
        var id = Music.Catalog.Song.MakeId("<script>alert(2)</script>", Payload);
        (await http.PostAsJsonAsync("/api/plays", new { song_id = id, @event = "completed" }, ct)).EnsureSuccessStatusCode();
        (await http.PostAsJsonAsync("/api/feedback", new { song_id = id, feedback = "like" }, ct)).EnsureSuccessStatusCode();

        var page = await browser.NewPageAsync();
        var dialogs = new List<string>();
        page.Dialog += (_, dialog) =>
        {
            dialogs.Add(dialog.Message);
            _ = dialog.DismissAsync();
        };
        await page.AddInitScriptAsync(WatchViolations);

        await page.GotoAsync(new Uri(server.Address, $"/catalog.html?q={Uri.EscapeDataString("onerror")}").ToString());
        await Expect(page.GetByText(Payload).First).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await AssertCleanAsync(page, dialogs, "catalog");

        await page.GotoAsync(new Uri(server.Address, "/history.html").ToString());
        await Expect(page.GetByText(Payload).First).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await AssertCleanAsync(page, dialogs, "history");

        var now = new NowPage(page);
        await now.GotoAsync(server.Address);
        Assert.NotEmpty(await now.PickMoodAsync("sad"));
        await now.Songs.First.ClickAsync();
        await AssertCleanAsync(page, dialogs, "now");
    }

    private static async Task AssertCleanAsync(IPage page, List<string> dialogs, string where)
    {
        Assert.True(dialogs.Count == 0, $"{where}: a dialog fired: {string.Join(" | ", dialogs)}");
        var violations = await page.EvaluateAsync<string[]>("() => window.__violations");
        Assert.True(violations.Length == 0, $"{where}: {string.Join(" | ", violations)}");
        Assert.Equal(0, await page.Locator("img[src='x']").CountAsync());
    }
}
