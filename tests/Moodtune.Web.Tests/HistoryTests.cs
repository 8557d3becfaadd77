using System.Globalization;
using System.Net;

namespace Moodtune.Web.Tests;

public sealed class HistoryTests(MoodtuneAppFactory app) : IClassFixture<MoodtuneAppFactory>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task Readings_plays_and_likes_come_back_in_the_history_exports_and_go_with_delete()
    {
        (await _client.DeleteAsync(new Uri("/api/history", UriKind.Relative), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        var created = await _client.PostJsonAsync("/api/mood", new { emotion = "sad" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var reading = await created.JsonAsync();
        Assert.Equal("picker", reading.GetProperty("source").GetString());
        (await _client.PostJsonAsync("/api/mood", new { probabilities = new { happy = 0.7, neutral = 0.3 }, source = "camera" })).EnsureSuccessStatusCode();

        var song = (await _client.GetJsonAsync("/api/recommendations?emotion=sad&count=1&seed=2")).GetProperty("songs")[0].GetProperty("id").GetString()!;
        (await _client.PostJsonAsync("/api/plays", new { song_id = song, @event = "started" })).EnsureSuccessStatusCode();
        (await _client.PostJsonAsync("/api/plays", new { song_id = song, @event = "skipped" })).EnsureSuccessStatusCode();
        (await _client.PostJsonAsync("/api/feedback", new { song_id = song, feedback = "like" })).EnsureSuccessStatusCode();

        var history = await _client.GetJsonAsync("/api/history");

        var readings = history.GetProperty("readings").EnumerateArray().ToList();
        Assert.Equal(["sad", "happy"], readings.Select(r => r.GetProperty("emotion").GetString()));
        Assert.Equal(["picker", "camera"], readings.Select(r => r.GetProperty("source").GetString()));
        Assert.Equal(7, readings[0].GetProperty("probabilities").EnumerateObject().Count());
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var day = Assert.Single(history.GetProperty("per_day").EnumerateArray());
        Assert.Equal(today, day.GetProperty("day").GetString());
        Assert.Equal(1, day.GetProperty("counts").GetProperty("sad").GetInt32());
        Assert.Equal(1, day.GetProperty("counts").GetProperty("happy").GetInt32());
        Assert.Matches(@"^\d{4}-W\d{2}$", Assert.Single(history.GetProperty("per_week").EnumerateArray()).GetProperty("week").GetString());
        Assert.Equal(1, history.GetProperty("swings").GetProperty("changes").GetInt32());
        Assert.Equal(["started", "skipped"], history.GetProperty("plays").EnumerateArray().Select(p => p.GetProperty("event").GetString()));
        Assert.Equal(song, Assert.Single(history.GetProperty("liked").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(1, Assert.Single(history.GetProperty("skipped").EnumerateArray()).GetProperty("count").GetInt32());

        var csv = await _client.GetUrlAsync("/api/history/export?format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal("moodtune-history.csv", csv.Content.Headers.ContentDisposition?.FileNameStar ?? csv.Content.Headers.ContentDisposition?.FileName);
        var lines = (await csv.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("time,source,emotion,valence,arousal,angry,disgust,fear,happy,sad,surprise,neutral", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.Contains(",picker,sad,", lines[1], StringComparison.Ordinal);

        var json = await (await _client.GetUrlAsync("/api/history/export?format=json")).JsonAsync();
        Assert.Equal(2, json.GetProperty("readings").GetArrayLength());
        Assert.Equal(2, json.GetProperty("plays").GetArrayLength());
        Assert.Equal("like", Assert.Single(json.GetProperty("feedback").EnumerateArray()).GetProperty("feedback").GetString());

        var songsBefore = (await _client.GetJsonAsync("/api/catalog?page_size=1")).GetProperty("total").GetInt32();
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync(new Uri("/api/history", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);

        var empty = await _client.GetJsonAsync("/api/history");
        Assert.Equal(0, empty.GetProperty("readings").GetArrayLength());
        Assert.Equal(0, empty.GetProperty("plays").GetArrayLength());
        Assert.Equal(0, empty.GetProperty("liked").GetArrayLength());
        Assert.Equal(songsBefore, (await _client.GetJsonAsync("/api/catalog?page_size=1")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task History_takes_a_time_range()
    {
        (await _client.PostJsonAsync("/api/mood", new { emotion = "neutral" })).EnsureSuccessStatusCode();

        var future = await _client.GetJsonAsync($"/api/history?from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(1).ToString("O", CultureInfo.InvariantCulture))}");

        Assert.Equal(0, future.GetProperty("readings").GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.GetUrlAsync("/api/history?limit=0")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.GetUrlAsync("/api/history?from=yesterday")).StatusCode);
    }

    [Fact]
    public async Task A_mood_needs_one_known_emotion_or_probabilities()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.PostJsonAsync("/api/mood", new { emotion = "bored" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.PostJsonAsync("/api/mood", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.PostJsonAsync("/api/mood", new { probabilities = new { happy = -1 } })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.PostJsonAsync("/api/mood", new { emotion = "sad", source = "dream" })).StatusCode);
    }
}
