using Microsoft.AspNetCore.Hosting;
using System.Net;
using System.Text.Json;

namespace Moodtune.Web.Tests;

public sealed class RecommendationTests(MoodtuneAppFactory app) : IClassFixture<MoodtuneAppFactory>
{
    private readonly HttpClient _client = app.CreateClient();

    [Theory]
    [InlineData("match")]
    [InlineData("uplift")]
    [InlineData("calm")]
    [InlineData("energize")]
    public async Task Recommendations_have_the_command_line_json_shape_for_each_strategy(string strategy)
    {
        var playlist = await _client.GetJsonAsync($"/api/recommendations?emotion=sad&strategy={strategy}&count=10&seed=7");

        Assert.Equal(strategy, playlist.GetProperty("strategy").GetString());
        Assert.Equal("sad", playlist.GetProperty("emotion").GetString());
        Assert.True(playlist.GetProperty("mood").TryGetProperty("confidence", out _));
        Assert.True(playlist.GetProperty("goal").TryGetProperty("valence", out _));
        var songs = playlist.GetProperty("songs").EnumerateArray().ToList();
        Assert.Equal(10, songs.Count);
        string[] fields = ["id", "title", "artist", "album", "year", "language", "valence", "energy", "tempo", "youtube_id", "url", "reason"];
        Assert.All(songs, s => Assert.Equal(fields, s.EnumerateObject().Select(p => p.Name)));
        Assert.All(songs, s => Assert.StartsWith("https://www.youtube.com/", s.GetProperty("url").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_page_prefers_songs_it_can_play_unless_told_not_to()
    {
        const string url = "/api/recommendations?emotion=sad&strategy=calm&count=20&seed=1";
        using var plainApp = app.WithWebHostBuilder(b => b.UseSetting("Music:PreferPlayable", "false"));
        using var plainClient = plainApp.CreateClient();

        var preferring = (await _client.GetJsonAsync(url)).GetProperty("songs").EnumerateArray().ToList();
        var plain = (await plainClient.GetJsonAsync(url)).GetProperty("songs").EnumerateArray().ToList();

        static int Playable(List<JsonElement> songs) => songs.Count(s => s.GetProperty("youtube_id").ValueKind == JsonValueKind.String);
        Assert.True(Playable(preferring) > Playable(plain), $"{Playable(preferring)} playable preferring them, {Playable(plain)} not");
        Assert.All(preferring.Where(s => s.GetProperty("youtube_id").ValueKind == JsonValueKind.Null), s => Assert.EndsWith(Moodtune.Music.Recommendation.ReasonWriter.DespiteNoVideo, s.GetProperty("reason").GetString(), StringComparison.Ordinal));
        Assert.DoesNotContain(plain, s => s.GetProperty("reason").GetString()!.EndsWith(Moodtune.Music.Recommendation.ReasonWriter.DespiteNoVideo, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Recommendations_filter_by_language()
    {
        var playlist = await _client.GetJsonAsync("/api/recommendations?emotion=happy&lang=hi&count=5&seed=1");

        Assert.All(playlist.GetProperty("songs").EnumerateArray(), s => Assert.Equal("hi", s.GetProperty("language").GetString()));
    }

    [Fact]
    public async Task Unknown_strategy_or_emotion_is_a_bad_request()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.GetUrlAsync("/api/recommendations?emotion=sad&strategy=sideways")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.GetUrlAsync("/api/recommendations?emotion=bored")).StatusCode);
    }

    [Fact]
    public async Task Without_an_emotion_the_latest_reading_is_used()
    {
        (await _client.PostJsonAsync("/api/mood", new { emotion = "angry" })).EnsureSuccessStatusCode();

        var playlist = await _client.GetJsonAsync("/api/recommendations?count=3");

        Assert.Equal("angry", playlist.GetProperty("emotion").GetString());
        Assert.Equal("uplift", playlist.GetProperty("strategy").GetString());
    }

    [Fact]
    public async Task A_disliked_song_never_returns_and_a_liked_one_rises()
    {
        const string query = "/api/recommendations?emotion=fear&strategy=match&count=10&seed=3";
        var first = Ids(await _client.GetJsonAsync(query));
        var disliked = first[0];
        var liked = first[^1];

        await Send("/api/feedback", new { song_id = disliked, feedback = "dislike" });
        await Send("/api/feedback", new { song_id = liked, feedback = "like" });

        for (var seed = 0; seed < 5; seed++)
        {
            var next = Ids(await _client.GetJsonAsync($"/api/recommendations?emotion=fear&strategy=match&count=10&seed={seed}"));
            Assert.DoesNotContain(disliked, next);
            Assert.Contains(liked, next);
            Assert.True(next.IndexOf(liked) < first.Count - 1, $"the liked song stayed at the end: {string.Join(", ", next)}");
        }

        // "none" forgets the like and the dislike: the first playlist comes back, disliked song included (with the like
        // kept, the liked song would lead and the rest of the list flow from it).
        await Send("/api/feedback", new { song_id = liked, feedback = "none" });
        await Send("/api/feedback", new { song_id = disliked, feedback = "none" });
        Assert.Contains(disliked, Ids(await _client.GetJsonAsync(query)));
    }

    [Fact]
    public async Task A_song_whose_video_failed_is_not_offered_again()
    {
        const string query = "/api/recommendations?emotion=surprise&strategy=match&count=10&seed=5";
        var broken = Ids(await _client.GetJsonAsync(query))[0];

        await Send("/api/plays", new { song_id = broken, @event = "error", error_code = 150 });

        for (var seed = 0; seed < 5; seed++)
        {
            Assert.DoesNotContain(broken, Ids(await _client.GetJsonAsync($"/api/recommendations?emotion=surprise&strategy=match&count=10&seed={seed}")));
        }
    }

    [Fact]
    public async Task Feedback_and_plays_check_the_song_and_the_words()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _client.PostJsonAsync("/api/feedback", new { song_id = "nobody--nothing", feedback = "like" })).StatusCode);
        var song = Ids(await _client.GetJsonAsync("/api/recommendations?emotion=sad&count=1&seed=1"))[0];
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.PostJsonAsync("/api/feedback", new { song_id = song, feedback = "love" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.PostJsonAsync("/api/plays", new { song_id = song, @event = "paused" })).StatusCode);
    }

    private async Task Send(string url, object body)
    {
        var response = await _client.PostJsonAsync(url, body);
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private static List<string> Ids(JsonElement playlist) =>
        [.. playlist.GetProperty("songs").EnumerateArray().Select(s => s.GetProperty("id").GetString()!)];
}
