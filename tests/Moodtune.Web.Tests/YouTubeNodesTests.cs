using System.Net;
using System.Text.Json;

namespace Moodtune.Web.Tests;

/// <summary>
/// Two nodes on one data folder, as behind a load balancer: a key connected, replaced or removed through one is taken up
/// by the other within Moodtune:CatalogRefreshInterval, and a pause of the other's lookups ends with the old key.
/// </summary>
public sealed class YouTubeNodesTests : IAsyncLifetime
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(200);

    private DataApiStandIn _youtube = null!;

    public async ValueTask InitializeAsync() => _youtube = await DataApiStandIn.StartAsync();

    public async ValueTask DisposeAsync() => await _youtube.DisposeAsync();

    [Fact]
    public async Task A_key_connected_or_removed_through_one_node_reaches_the_other_without_a_restart()
    {
        await using var first = new YouTubeApp(_youtube, settings: Settings());
        await using var second = new YouTubeApp(_youtube, first.DataDirectory, settings: Settings());
        var (boss, elsewhere) = (first.Browser(), second.Browser());
        await YouTubeConnectTests.RegisterAsync(boss, "boss@example.com");
        await SignInAsync(elsewhere, "boss@example.com");
        Assert.False((await elsewhere.GetJsonAsync("/api/youtube")).GetProperty("connected").GetBoolean());

        await (await boss.PostJsonAsync("/api/youtube", new { api_key = DataApiStandIn.ApiKey })).JsonAsync();

        await UntilAsync(elsewhere, connected: true);
        var song = (await elsewhere.GetJsonAsync("/api/catalog?lang=en&page_size=1")).GetProperty("songs")[0];
        _youtube.Videos[$"{song.GetProperty("artist").GetString()} {song.GetProperty("title").GetString()}"] = "dQw4w9WgXcQ";
        var found = await (await elsewhere.PostJsonAsync("/api/youtube/lookups", new { song_ids = new[] { song.GetProperty("id").GetString() } })).JsonAsync();
        Assert.Equal("dQw4w9WgXcQ", found.GetProperty("songs")[0].GetProperty("youtube_id").GetString());

        Assert.Equal(HttpStatusCode.OK, (await boss.SendAsync(new HttpRequestMessage(HttpMethod.Delete, new Uri("/api/youtube", UriKind.Relative)), TestContext.Current.CancellationToken)).StatusCode);

        await UntilAsync(elsewhere, connected: false);
        var other = (await elsewhere.GetJsonAsync("/api/catalog?lang=en&page_size=2")).GetProperty("songs")[1].GetProperty("id").GetString();
        var lookup = await (await elsewhere.PostJsonAsync("/api/youtube/lookups", new { song_ids = new[] { other } })).JsonAsync();
        Assert.False(lookup.GetProperty("connected").GetBoolean());
        Assert.Single(_youtube.Searches);

        // Taking up another node's change is no change of this one's: it logs it once, and prints no setup code.
        Assert.Single(second.Log, l => l.Contains("connected through another node", StringComparison.Ordinal));
        Assert.Single(second.Log, l => l.Contains("removed through another node", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_key_replaced_through_one_node_ends_the_other_nodes_pause()
    {
        await using var first = new YouTubeApp(_youtube, settings: Settings());
        await using var second = new YouTubeApp(_youtube, first.DataDirectory, settings: Settings());
        var (boss, elsewhere) = (first.Browser(), second.Browser());
        await YouTubeConnectTests.RegisterAsync(boss, "boss@example.com");
        await SignInAsync(elsewhere, "boss@example.com");
        await (await boss.PostJsonAsync("/api/youtube", new { api_key = DataApiStandIn.ApiKey })).JsonAsync();
        await UntilAsync(elsewhere, connected: true);

        _youtube.QuotaAfter(0);
        var songs = (await elsewhere.GetJsonAsync("/api/catalog?lang=en&page_size=2")).GetProperty("songs");
        var (song, next) = (songs[0].GetProperty("id").GetString(), songs[1].GetProperty("id").GetString());
        var spent = await (await elsewhere.PostJsonAsync("/api/youtube/lookups", new { song_ids = new[] { song } })).JsonAsync();
        Assert.Contains("quotaExceeded", spent.GetProperty("paused").GetString(), StringComparison.Ordinal);

        _youtube.QuotaAfter(int.MaxValue);
        _youtube.FindsEverySong = true;
        await (await boss.PostJsonAsync("/api/youtube", new { api_key = DataApiStandIn.SecondApiKey })).JsonAsync();

        var resumed = await UntilAsync(async () =>
        {
            var answer = await (await elsewhere.PostJsonAsync("/api/youtube/lookups", new { song_ids = new[] { next } })).JsonAsync();
            return answer.GetProperty("paused").ValueKind == JsonValueKind.Null ? answer : (JsonElement?)null;
        });
        Assert.NotEqual(JsonValueKind.Null, resumed.GetProperty("songs")[0].GetProperty("youtube_id").ValueKind);
    }

    private static Dictionary<string, string> Settings() => new(YouTubeConnectTests.Accounts)
    {
        ["Moodtune:CatalogRefreshInterval"] = Refresh.ToString(),
    };

    private static async Task SignInAsync(HttpClient browser, string email) =>
        await (await browser.PostJsonAsync("/api/account/login", new { email, password = "a long enough password" })).JsonAsync();

    private static Task<JsonElement> UntilAsync(HttpClient client, bool connected) =>
        UntilAsync(async () =>
        {
            var status = await client.GetJsonAsync("/api/youtube");
            return status.GetProperty("connected").GetBoolean() == connected ? status : null;
        });

    /// <summary>The first answer the condition gives within a few refresh intervals (a loaded machine is slow to tick).</summary>
    private static async Task<JsonElement> UntilAsync(Func<Task<JsonElement?>> condition)
    {
        var deadline = DateTime.UtcNow + (Refresh * 25);
        while (true)
        {
            if (await condition() is { } answer)
            {
                return answer;
            }

            Assert.True(DateTime.UtcNow < deadline, $"not within {Refresh * 25}");
            await Task.Delay(Refresh / 4, TestContext.Current.CancellationToken);
        }
    }
}
