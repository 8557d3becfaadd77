using System.Net;
using System.Text.Json;

namespace Moodtune.Web.Tests;

/// <summary>
/// POST /api/youtube/lookups: the videos of the songs about to play, found just in time through the local Data API
/// stand-in, each searched once for every listener and stored in the songs table.
/// </summary>
public sealed class VideoLookupTests : IAsyncLifetime
{
    private DataApiStandIn _youtube = null!;

    public async ValueTask InitializeAsync() => _youtube = await DataApiStandIn.StartAsync();

    public async ValueTask DisposeAsync() => await _youtube.DisposeAsync();

    [Fact]
    public async Task Only_the_songs_about_to_play_are_searched_and_each_only_once()
    {
        await using var app = new YouTubeApp(_youtube, apiKey: DataApiStandIn.ApiKey);
        var client = app.CreateClient();
        var songs = await EnglishSongsAsync(client, 3);
        _youtube.Videos[$"{songs[0].Artist} {songs[0].Title}"] = "dQw4w9WgXcQ";

        // Making playlists spends nothing.
        await client.GetJsonAsync("/api/recommendations?emotion=happy&lang=en&count=20&seed=1");
        await client.GetJsonAsync("/api/recommendations?emotion=sad&lang=en&count=20&seed=2");
        Assert.Equal(0, _youtube.SearchCalls);

        var first = await LookUpAsync(client, songs[0].Id, songs[1].Id);

        Assert.True(first.GetProperty("connected").GetBoolean());
        Assert.Equal(["dQw4w9WgXcQ", null], first.GetProperty("songs").EnumerateArray().Select(s => s.GetProperty("youtube_id").GetString()));
        Assert.Equal(2, _youtube.SearchCalls);
        Assert.Equal("dQw4w9WgXcQ", await app.StoredAsync("SELECT youtube_id FROM songs WHERE id = @id", new { id = songs[0].Id }));
        Assert.NotNull(await app.StoredAsync("SELECT video_searched_on FROM songs WHERE id = @id", new { id = songs[1].Id }));

        // Asked again (another listener, the next song): answers come from the songs table, only the new song is searched.
        var again = await LookUpAsync(client, songs[0].Id, songs[1].Id, songs[2].Id);

        Assert.Equal(3, _youtube.SearchCalls);
        // The first two are searched side by side: their order is not the point.
        Assert.Equal(songs.Select(s => $"{s.Artist} {s.Title}").Order(StringComparer.Ordinal), _youtube.Searches.Order(StringComparer.Ordinal));
        Assert.Equal("dQw4w9WgXcQ", again.GetProperty("songs")[0].GetProperty("youtube_id").GetString());
    }

    [Fact]
    public async Task Two_listeners_asking_at_once_share_one_search()
    {
        await using var app = new YouTubeApp(_youtube, apiKey: DataApiStandIn.ApiKey);
        var client = app.CreateClient();
        var song = (await EnglishSongsAsync(client, 1))[0];

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => LookUpAsync(client, song.Id)));

        Assert.Equal(1, _youtube.SearchCalls);
    }

    [Fact]
    public async Task A_spent_quota_pauses_lookups_says_so_and_marks_nothing_as_searched()
    {
        await using var app = new YouTubeApp(_youtube, apiKey: DataApiStandIn.ApiKey);
        var client = app.CreateClient();
        var songs = await EnglishSongsAsync(client, 2);
        _youtube.QuotaAfter(0);

        var spent = await LookUpAsync(client, songs[0].Id);
        var paused = await LookUpAsync(client, songs[1].Id);

        Assert.Contains("quotaExceeded", spent.GetProperty("paused").GetString(), StringComparison.Ordinal);
        Assert.Contains("quotaExceeded", paused.GetProperty("paused").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, _youtube.SearchCalls);
        Assert.Null(await app.StoredAsync("SELECT video_searched_on FROM songs WHERE id = @id", new { id = songs[0].Id }));
    }

    [Fact]
    public async Task Without_YouTube_connected_nothing_is_searched()
    {
        await using var app = new YouTubeApp(_youtube);
        var client = app.CreateClient();
        var song = (await EnglishSongsAsync(client, 1))[0];

        var answer = await LookUpAsync(client, song.Id);

        Assert.False(answer.GetProperty("connected").GetBoolean());
        Assert.Equal(JsonValueKind.Null, answer.GetProperty("songs")[0].GetProperty("youtube_id").ValueKind);
        Assert.Equal(0, _youtube.SearchCalls);
    }

    [Fact]
    public async Task A_request_for_no_song_too_many_or_an_unknown_one_is_refused()
    {
        await using var app = new YouTubeApp(_youtube, apiKey: DataApiStandIn.ApiKey);
        var client = app.CreateClient();
        var songs = await EnglishSongsAsync(client, 6);

        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostJsonAsync("/api/youtube/lookups", new { song_ids = Array.Empty<string>() })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostJsonAsync("/api/youtube/lookups", new { song_ids = songs.Select(s => s.Id) })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostJsonAsync("/api/youtube/lookups", new { song_ids = new[] { songs[0].Id, "nobody--no-song" } })).StatusCode);
        Assert.Equal(0, _youtube.SearchCalls);
    }

    private static async Task<JsonElement> LookUpAsync(HttpClient client, params string[] ids) =>
        await (await client.PostJsonAsync("/api/youtube/lookups", new { song_ids = ids })).JsonAsync();

    private static async Task<(string Id, string Artist, string Title)[]> EnglishSongsAsync(HttpClient client, int count)
    {
        var page = await client.GetJsonAsync($"/api/catalog?lang=en&page_size={count}");
        return [.. page.GetProperty("songs").EnumerateArray().Select(s => (s.GetProperty("id").GetString()!, s.GetProperty("artist").GetString()!, s.GetProperty("title").GetString()!))];
    }
}
