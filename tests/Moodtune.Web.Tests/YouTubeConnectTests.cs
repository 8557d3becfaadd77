using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Moodtune.Web.Tests;

/// <summary>
/// Connecting YouTube from the page (POST /api/youtube): the setup code from the server's log in single mode (an
/// administrator's sign-in in accounts mode), one videos.list call to check the key against the local Data API stand-in,
/// the key kept in the settings table and never sent back.
/// </summary>
public sealed class YouTubeConnectTests : IAsyncLifetime
{
    private DataApiStandIn _youtube = null!;

    public async ValueTask InitializeAsync() => _youtube = await DataApiStandIn.StartAsync();

    public async ValueTask DisposeAsync() => await _youtube.DisposeAsync();

    [Fact]
    public async Task A_server_without_a_key_says_so_and_prints_a_setup_code()
    {
        await using var app = new YouTubeApp(_youtube);
        var client = app.CreateClient();

        var status = await client.GetJsonAsync("/api/youtube");

        Assert.False(status.GetProperty("connected").GetBoolean());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("source").ValueKind);
        Assert.True(status.GetProperty("setup_code_required").GetBoolean());
        Assert.Matches(SetupCode(), app.SetupCode());
    }

    [Fact]
    public async Task In_accounts_mode_an_administrator_connects_and_removes_the_key_without_a_setup_code_and_a_listener_cannot()
    {
        await using var app = new YouTubeApp(_youtube, settings: Accounts);
        var (boss, listener) = (app.Browser(), app.Browser());
        await RegisterAsync(boss, "boss@example.com");
        await RegisterAsync(listener, "listener@example.com");

        var status = await boss.GetJsonAsync("/api/youtube");
        Assert.False(status.GetProperty("setup_code_required").GetBoolean());
        Assert.Equal(HttpStatusCode.Forbidden, (await listener.PostJsonAsync("/api/youtube", new { api_key = DataApiStandIn.ApiKey })).StatusCode);
        Assert.Equal(0, _youtube.KeyChecks);

        // A code sent anyway is ignored, whatever it says.
        var connected = await (await boss.PostJsonAsync("/api/youtube", new { api_key = DataApiStandIn.ApiKey, setup_code = "AAAA-BBBB-CCCC" })).JsonAsync();
        Assert.Equal("page", connected.GetProperty("source").GetString());
        Assert.Equal(DataApiStandIn.ApiKey, await app.StoredKeyAsync());

        var replaced = await (await boss.PostJsonAsync("/api/youtube", new { api_key = DataApiStandIn.SecondApiKey })).JsonAsync();
        Assert.Equal("page", replaced.GetProperty("source").GetString());
        Assert.Equal(DataApiStandIn.SecondApiKey, await app.StoredKeyAsync());

        Assert.Equal(HttpStatusCode.Forbidden, (await DeleteAsync(listener, new { })).StatusCode);
        Assert.Equal(DataApiStandIn.SecondApiKey, await app.StoredKeyAsync());
        var removed = await (await boss.SendAsync(new HttpRequestMessage(HttpMethod.Delete, new Uri("/api/youtube", UriKind.Relative)), TestContext.Current.CancellationToken)).JsonAsync();
        Assert.False(removed.GetProperty("connected").GetBoolean());
        Assert.Null(await app.StoredKeyAsync());

        // No code in the log, at start or after a change: only where an administrator connects YouTube.
        Assert.Empty(app.SetupCodeLines);
        Assert.DoesNotContain(app.Log, l => l.Contains("setup code", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(app.Log, l => l.Contains("an administrator signs in and presses Connect YouTube", StringComparison.Ordinal));
    }

    [Fact]
    public async Task In_accounts_mode_the_key_is_still_needed_and_checked()
    {
        await using var app = new YouTubeApp(_youtube, settings: Accounts);
        var boss = app.Browser();
        await RegisterAsync(boss, "boss@example.com");

        var missing = await boss.PostJsonAsync("/api/youtube", new { setup_code = "AAAA-BBBB-CCCC" });
        var refused = await boss.PostJsonAsync("/api/youtube", new { api_key = "AIzaSyWrongKey_abcdefghijklmnopqrstuvwx" });

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(1, _youtube.KeyChecks);
        Assert.Null(await app.StoredKeyAsync());
    }

    [Fact]
    public async Task A_wrong_setup_code_is_refused_before_YouTube_is_asked()
    {
        await using var app = new YouTubeApp(_youtube);
        var client = app.CreateClient();
        _ = app.SetupCode();

        var response = await client.PostJsonAsync("/api/youtube", new { api_key = DataApiStandIn.ApiKey, setup_code = "AAAA-BBBB-CCCC" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, _youtube.KeyChecks);
        Assert.False((await client.GetJsonAsync("/api/youtube")).GetProperty("connected").GetBoolean());
        Assert.Null(await app.StoredKeyAsync());
    }

    [Theory]
    [InlineData("AIzaSyWrongKey_abcdefghijklmnopqrstuvwx", "key refused")]
    [InlineData("not a key; DROP TABLE settings", "not an API key")]
    [InlineData("", "bad request")]
    public async Task A_key_that_is_missing_malformed_or_refused_by_YouTube_is_not_kept(string key, string title)
    {
        await using var app = new YouTubeApp(_youtube);
        var client = app.CreateClient();

        var response = await client.PostJsonAsync("/api/youtube", new { api_key = key, setup_code = app.SetupCode().ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal(title, problem.GetProperty("title").GetString());
        Assert.Equal(title == "key refused" ? 1 : 0, _youtube.KeyChecks);
        Assert.Null(await app.StoredKeyAsync());
        Assert.False((await client.GetJsonAsync("/api/youtube")).GetProperty("connected").GetBoolean());
    }

    [Fact]
    public async Task A_good_key_is_checked_once_kept_on_the_server_and_never_sent_back()
    {
        var data = Directory.CreateTempSubdirectory("moodtune-youtube-").FullName;
        await using (var app = new YouTubeApp(_youtube, data))
        {
            var client = app.CreateClient();

            var connected = await (await client.PostJsonAsync("/api/youtube", new { api_key = DataApiStandIn.ApiKey, setup_code = app.SetupCode() })).JsonAsync();

            Assert.True(connected.GetProperty("connected").GetBoolean());
            Assert.Equal("page", connected.GetProperty("source").GetString());
            Assert.Equal(1, _youtube.KeyChecks);
            Assert.Equal(DataApiStandIn.ApiKey, await app.StoredKeyAsync());
            foreach (var url in new[] { "/api/youtube", "/api/config", "/openapi/v1.json" })
            {
                var body = await (await client.GetUrlAsync(url)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
                Assert.DoesNotContain(DataApiStandIn.ApiKey, body, StringComparison.Ordinal);
            }

            // The code is spent: the log holds a new one for the next change.
            var again = await client.PostJsonAsync("/api/youtube", new { api_key = DataApiStandIn.SecondApiKey, setup_code = Spent(app) });
            Assert.Equal(HttpStatusCode.Forbidden, again.StatusCode);
            Assert.Equal(DataApiStandIn.ApiKey, await app.StoredKeyAsync());

            // Lookups use the connected key at once.
            var song = (await client.GetJsonAsync("/api/catalog?lang=en&page_size=1")).GetProperty("songs")[0];
            _youtube.Videos[$"{song.GetProperty("artist").GetString()} {song.GetProperty("title").GetString()}"] = "dQw4w9WgXcQ";
            var found = await (await client.PostJsonAsync("/api/youtube/lookups", new { song_ids = new[] { song.GetProperty("id").GetString() } })).JsonAsync();
            Assert.Equal("dQw4w9WgXcQ", found.GetProperty("songs")[0].GetProperty("youtube_id").GetString());
            Assert.Single(_youtube.Searches);
        }

        // After a restart the key is still there, and the code printed is one to replace or remove it.
        await using (var restarted = new YouTubeApp(_youtube, data))
        {
            var status = await restarted.CreateClient().GetJsonAsync("/api/youtube");
            Assert.Equal("page", status.GetProperty("source").GetString());
            Assert.Contains("To replace or remove the key", Assert.Single(restarted.SetupCodeLines), StringComparison.Ordinal);
        }

        TestStorage.Drop(data);
    }

    [Fact]
    public async Task The_owner_replaces_the_page_key_with_the_newest_setup_code_and_lookups_use_the_new_key()
    {
        await using var app = new YouTubeApp(_youtube);
        var client = app.CreateClient();
        await (await client.PostJsonAsync("/api/youtube", new { api_key = DataApiStandIn.ApiKey, setup_code = app.SetupCode() })).JsonAsync();

        var refused = await client.PostJsonAsync("/api/youtube", new { api_key = "AIzaSyWrongKey_abcdefghijklmnopqrstuvwx", setup_code = app.SetupCode() });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(DataApiStandIn.ApiKey, await app.StoredKeyAsync());

        var replaced = await (await client.PostJsonAsync("/api/youtube", new { api_key = DataApiStandIn.SecondApiKey, setup_code = app.SetupCode() })).JsonAsync();

        Assert.Equal("page", replaced.GetProperty("source").GetString());
        Assert.Equal(DataApiStandIn.SecondApiKey, await app.StoredKeyAsync());
        Assert.Equal(3, app.SetupCodeLines.Count());
        Assert.Equal(3, app.SetupCodeLines.Select(l => SetupCode().Match(l).Value).Distinct().Count());
        var body = await (await client.GetUrlAsync("/api/youtube")).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain(DataApiStandIn.SecondApiKey, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_owner_removes_the_page_key_with_the_setup_code_and_songs_are_no_longer_looked_up()
    {
        // Five requests: the limit on guessing the code counts every try.
        await using var app = new YouTubeApp(_youtube);
        var client = app.CreateClient();
        await (await client.PostJsonAsync("/api/youtube", new { api_key = DataApiStandIn.ApiKey, setup_code = app.SetupCode() })).JsonAsync();

        var wrong = await DeleteAsync(client, new { setup_code = "AAAA-BBBB-CCCC" });
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal(DataApiStandIn.ApiKey, await app.StoredKeyAsync());

        var removed = await (await DeleteAsync(client, new { setup_code = app.SetupCode() })).JsonAsync();

        Assert.False(removed.GetProperty("connected").GetBoolean());
        Assert.Equal(JsonValueKind.Null, removed.GetProperty("source").ValueKind);
        Assert.Null(await app.StoredKeyAsync());
        Assert.Contains("YouTube is not connected", app.SetupCodeLines.Last(), StringComparison.Ordinal);
        var song = (await client.GetJsonAsync("/api/catalog?lang=en&page_size=1")).GetProperty("songs")[0].GetProperty("id").GetString();
        var lookup = await (await client.PostJsonAsync("/api/youtube/lookups", new { song_ids = new[] { song } })).JsonAsync();
        Assert.False(lookup.GetProperty("connected").GetBoolean());
        Assert.Empty(_youtube.Searches);
        Assert.Equal(HttpStatusCode.Conflict, (await DeleteAsync(client, new { setup_code = app.SetupCode() })).StatusCode);

        // The newest code connects a key again.
        var again = await (await client.PostJsonAsync("/api/youtube", new { api_key = DataApiStandIn.ApiKey, setup_code = app.SetupCode() })).JsonAsync();
        Assert.True(again.GetProperty("connected").GetBoolean());
    }

    [Fact]
    public async Task A_key_from_configuration_is_reported_as_such_and_the_page_can_neither_replace_nor_remove_it()
    {
        await using var app = new YouTubeApp(_youtube, apiKey: DataApiStandIn.ApiKey);
        var client = app.CreateClient();

        var status = await client.GetJsonAsync("/api/youtube");
        var replace = await client.PostJsonAsync("/api/youtube", new { api_key = DataApiStandIn.SecondApiKey, setup_code = "AAAA-BBBB-CCCC" });
        var remove = await DeleteAsync(client, new { setup_code = "AAAA-BBBB-CCCC" });

        Assert.Equal("configuration", status.GetProperty("source").GetString());
        Assert.Equal(HttpStatusCode.Conflict, replace.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, remove.StatusCode);
        Assert.Empty(app.SetupCodeLines);
        Assert.Null(await app.StoredKeyAsync());
        Assert.Equal(0, _youtube.KeyChecks);
    }

    [Fact]
    public async Task Guessing_the_setup_code_is_limited_to_five_tries_a_minute()
    {
        await using var app = new YouTubeApp(_youtube);
        var client = app.CreateClient();

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            answers.Add((await client.PostJsonAsync("/api/youtube", new { api_key = DataApiStandIn.ApiKey, setup_code = $"GUESS-{i}" })).StatusCode);
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Forbidden, 5), HttpStatusCode.TooManyRequests], answers);
    }

    /// <summary>Accounts mode: the first account administers the instance.</summary>
    internal static readonly IReadOnlyDictionary<string, string> Accounts = new Dictionary<string, string>
    {
        ["Moodtune:Mode"] = "accounts",
        ["Moodtune:SignInsPerMinute"] = "1000",
    };

    internal static async Task RegisterAsync(HttpClient browser, string email)
    {
        var account = await (await browser.PostJsonAsync("/api/account/register", new { email, password = "a long enough password" })).JsonAsync();
        Assert.True(account.GetProperty("signed_in").GetBoolean());
    }

    private static Regex SetupCode() => YouTubeApp.SetupCodePattern();

    /// <summary>The code before the newest: the one the last change spent.</summary>
    private static string Spent(YouTubeApp app) => SetupCode().Match(app.SetupCodeLines.SkipLast(1).Last()).Value;

    private static Task<HttpResponseMessage> DeleteAsync(HttpClient client, object body) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, new Uri("/api/youtube", UriKind.Relative)) { Content = JsonContent.Create(body) }, TestContext.Current.CancellationToken);
}
