using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Moodtune.Storage;

namespace Moodtune.Web.Tests;

/// <summary>PUT /api/catalog/songs/{id}/video: a pasted YouTube link gives a song its video, for every listener.</summary>
public sealed class SongVideoTests(MoodtuneAppFactory app) : IClassFixture<MoodtuneAppFactory>
{
    private readonly HttpClient _client = app.CreateClient();

    [Theory]
    [InlineData(0, "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "dQw4w9WgXcQ")]
    [InlineData(1, "https://youtu.be/fJ9rUzIMcZQ?t=42", "fJ9rUzIMcZQ")]
    [InlineData(2, "https://www.youtube.com/embed/hLQl3WQQoQ0", "hLQl3WQQoQ0")]
    [InlineData(3, "youtube.com/shorts/kJQP7kiw5Fk", "kJQP7kiw5Fk")]
    [InlineData(4, " 9bZkp7q19f0 ", "9bZkp7q19f0")]
    [InlineData(5, "https://m.youtube.com/watch?feature=share&v=JGwWNGJdvx8", "JGwWNGJdvx8")]
    public async Task A_pasted_link_gives_the_song_its_video_in_the_songs_table(int nth, string link, string video)
    {
        var song = await EnglishSongWithoutVideoAsync(nth);

        var response = await _client.PutAsJsonAsync($"/api/catalog/songs/{Uri.EscapeDataString(song)}/video", new { link }, TestContext.Current.CancellationToken);

        var saved = await response.JsonAsync();
        Assert.Equal(video, saved.GetProperty("youtube_id").GetString());
        Assert.Equal($"https://www.youtube.com/watch?v={video}", saved.GetProperty("url").GetString());
        Assert.Equal(video, await StoredVideoAsync(song));
        var listed = await _client.GetJsonAsync($"/api/catalog?q={Uri.EscapeDataString(saved.GetProperty("title").GetString()!)}&page_size=500");
        Assert.Contains(listed.GetProperty("songs").EnumerateArray(), s => s.GetProperty("id").GetString() == song && s.GetProperty("youtube_id").GetString() == video);
    }

    [Theory]
    [InlineData("https://vimeo.com/76979871")]
    [InlineData("https://www.youtube.com/watch?v=tooShort")]
    [InlineData("https://www.youtube.com/playlist?list=PLFgquLnL59alCl_2TQvOiD5Vgm1hCaGSI")]
    [InlineData("https://www.youtube.com/@SomeChannel")]
    [InlineData("https://evil.example/watch?v=dQw4w9WgXcQ")]
    [InlineData("javascript:alert(1)")]
    [InlineData("dQw4w9WgXcQ!")]
    [InlineData("   ")]
    [InlineData(null)]
    public async Task Anything_but_a_YouTube_video_link_is_refused_and_the_song_keeps_what_it_had(string? link)
    {
        var song = await EnglishSongWithoutVideoAsync(10);
        var before = await StoredRowAsync(song);

        var response = await _client.PutAsJsonAsync($"/api/catalog/songs/{Uri.EscapeDataString(song)}/video", new { link }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.Contains("YouTube", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await StoredRowAsync(song));
    }

    [Fact]
    public async Task A_song_that_is_not_in_the_catalog_is_not_found()
    {
        var response = await _client.PutAsJsonAsync("/api/catalog/songs/nobody--no-song/video", new { link = "https://youtu.be/dQw4w9WgXcQ" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(await StoredVideoAsync("nobody--no-song"));
    }

    [Fact]
    public async Task A_new_link_replaces_a_wrong_video()
    {
        var song = await EnglishSongWithoutVideoAsync(12);
        await (await _client.PutAsJsonAsync($"/api/catalog/songs/{Uri.EscapeDataString(song)}/video", new { link = "https://youtu.be/aaaaaaaaaaa" }, TestContext.Current.CancellationToken)).JsonAsync();

        await (await _client.PutAsJsonAsync($"/api/catalog/songs/{Uri.EscapeDataString(song)}/video", new { link = "https://youtu.be/bbbbbbbbbbb" }, TestContext.Current.CancellationToken)).JsonAsync();

        Assert.Equal("bbbbbbbbbbb", await StoredVideoAsync(song));
    }

    [Fact]
    public async Task A_new_video_makes_a_song_whose_old_video_failed_offered_again_and_the_same_video_does_not()
    {
        var song = await EnglishSongWithoutVideoAsync(13);
        var history = app.Services.GetRequiredService<HistoryQueries>();
        await (await _client.PutAsJsonAsync($"/api/catalog/songs/{Uri.EscapeDataString(song)}/video", new { link = "https://youtu.be/ccccccccccc" }, TestContext.Current.CancellationToken)).JsonAsync();
        var error = await _client.PostJsonAsync("/api/plays", new { song_id = song, @event = "error", error_code = 150 });
        Assert.Equal(HttpStatusCode.NoContent, error.StatusCode);
        Assert.Contains(song, (await history.ForRecommenderAsync(MoodtuneDatabase.LocalListener, TestContext.Current.CancellationToken)).Disliked);

        await (await _client.PutAsJsonAsync($"/api/catalog/songs/{Uri.EscapeDataString(song)}/video", new { link = "ccccccccccc" }, TestContext.Current.CancellationToken)).JsonAsync();
        Assert.Contains(song, (await history.ForRecommenderAsync(MoodtuneDatabase.LocalListener, TestContext.Current.CancellationToken)).Disliked);

        await (await _client.PutAsJsonAsync($"/api/catalog/songs/{Uri.EscapeDataString(song)}/video", new { link = "https://youtu.be/ddddddddddd" }, TestContext.Current.CancellationToken)).JsonAsync();

        Assert.DoesNotContain(song, (await history.ForRecommenderAsync(MoodtuneDatabase.LocalListener, TestContext.Current.CancellationToken)).Disliked);
    }

    /// <summary>The nth English song (by artist, as the catalog lists them) that has no video, fixed per test so tests do not share songs.</summary>
    private async Task<string> EnglishSongWithoutVideoAsync(int nth)
    {
        var page = await _client.GetJsonAsync("/api/catalog?lang=en&page_size=100");
        var song = page.GetProperty("songs").EnumerateArray().ElementAt(nth);
        Assert.Equal(JsonValueKind.Null, song.GetProperty("youtube_id").ValueKind);
        return song.GetProperty("id").GetString()!;
    }

    private async Task<string?> StoredVideoAsync(string id)
    {
        await using var database = new MoodtuneDatabase(TestStorage.Options(app.DataDirectory));
        await database.MigrateAsync(TestContext.Current.CancellationToken);
        return await database.RunAsync(c => c.QuerySingleOrDefaultAsync<string?>("SELECT youtube_id FROM songs WHERE id = @id", new { id }), TestContext.Current.CancellationToken);
    }

    private async Task<string> StoredRowAsync(string id)
    {
        await using var database = new MoodtuneDatabase(TestStorage.Options(app.DataDirectory));
        await database.MigrateAsync(TestContext.Current.CancellationToken);
        var row = await database.RunAsync(c => c.QuerySingleAsync("SELECT * FROM songs WHERE id = @id", new { id }), TestContext.Current.CancellationToken);
        return JsonSerializer.Serialize((IDictionary<string, object>)row);
    }
}
