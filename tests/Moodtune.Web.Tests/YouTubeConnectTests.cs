using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Moodtune.Web.Tests;

/// <summary>
/// Connecting YouTube from the page (POST /api/youtube): the setup code from the server's log, one videos.list call to
/// check the key against the local Data API stand-in, the key kept in the settings table and never sent back.
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
        Assert.Matches(SetupCode(), app.SetupCode());
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

            var again = await client.PostJsonAsync("/api/youtube", new { api_key = DataApiStandIn.ApiKey, setup_code = app.SetupCode() });
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

            // Lookups use the connected key at once.
            var song = (await client.GetJsonAsync("/api/catalog?lang=en&page_size=1")).GetProperty("songs")[0];
            _youtube.Videos[$"{song.GetProperty("artist").GetString()} {song.GetProperty("title").GetString()}"] = "dQw4w9WgXcQ";
            var found = await (await client.PostJsonAsync("/api/youtube/lookups", new { song_ids = new[] { song.GetProperty("id").GetString() } })).JsonAsync();
            Assert.Equal("dQw4w9WgXcQ", found.GetProperty("songs")[0].GetProperty("youtube_id").GetString());
            Assert.Single(_youtube.Searches);
        }

        // After a restart the key is still there, and no setup code is printed.
        await using var restarted = new YouTubeApp(_youtube, data);
        var status = await restarted.CreateClient().GetJsonAsync("/api/youtube");
        Assert.Equal("page", status.GetProperty("source").GetString());
        Assert.DoesNotContain(restarted.Log, line => SetupCode().IsMatch(line));
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

    private static Regex SetupCode() => YouTubeApp.SetupCodePattern();
}
