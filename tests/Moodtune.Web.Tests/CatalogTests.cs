using System.Net;
using System.Text;

namespace Moodtune.Web.Tests;

public sealed class CatalogTests(MoodtuneAppFactory app) : IClassFixture<MoodtuneAppFactory>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task Catalog_starts_as_the_default_catalog_and_pages()
    {
        var first = await _client.GetJsonAsync("/api/catalog?page=1&page_size=10");

        Assert.True(first.GetProperty("total").GetInt32() >= 700);
        Assert.Equal(1, first.GetProperty("page").GetInt32());
        var songs = first.GetProperty("songs").EnumerateArray().ToList();
        Assert.Equal(10, songs.Count);
        string[] fields = ["id", "title", "artist", "album", "year", "language", "valence", "energy", "tempo", "youtube_id", "url", "moods", "region"];
        Assert.Equal(fields, songs[0].EnumerateObject().Select(p => p.Name));
        var second = await _client.GetJsonAsync("/api/catalog?page=2&page_size=10");
        Assert.NotEqual(songs[0].GetProperty("id").GetString(), second.GetProperty("songs")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Catalog_search_filters_by_text_language_and_region()
    {
        var hindiCalm = await _client.GetJsonAsync("/api/catalog?lang=hi&region=calm&page_size=500");
        Assert.True(hindiCalm.GetProperty("total").GetInt32() > 0);
        Assert.All(hindiCalm.GetProperty("songs").EnumerateArray(), s =>
        {
            Assert.Equal("hi", s.GetProperty("language").GetString());
            Assert.Equal("calm", s.GetProperty("region").GetString());
        });

        var artist = hindiCalm.GetProperty("songs")[0].GetProperty("artist").GetString()!;
        var found = await _client.GetJsonAsync($"/api/catalog?q={Uri.EscapeDataString(artist.ToUpperInvariant())}");
        Assert.All(found.GetProperty("songs").EnumerateArray(), s => Assert.True(
            s.GetProperty("artist").GetString()!.Contains(artist, StringComparison.OrdinalIgnoreCase)
            || s.GetProperty("title").GetString()!.Contains(artist, StringComparison.OrdinalIgnoreCase)
            || (s.GetProperty("album").GetString() ?? "").Contains(artist, StringComparison.OrdinalIgnoreCase)));
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.GetUrlAsync("/api/catalog?region=sunny")).StatusCode);
    }

    [Fact]
    public async Task Import_adds_songs_that_search_and_recommendations_then_find()
    {
        const string csv = """
            title,artist,language,valence,energy,tempo,youtube_id
            Moodtune Test Anthem,The Test Band,en,0.9,0.8,128,dQw4w9WgXcQ
            Quiet Test Song,The Test Band,en,0.6,0.2,70,
            Broken Row,,en,nope,0.5,,
            """;

        var response = await _client.PostAsync(
            new Uri("/api/catalog/import", UriKind.Relative), Http.Form("file", Encoding.UTF8.GetBytes(csv), "test-songs.csv", "text/csv"), TestContext.Current.CancellationToken);
        var report = await response.JsonAsync();

        Assert.Equal("test-songs.csv", report.GetProperty("file").GetString());
        Assert.Equal("generic-csv", report.GetProperty("format").GetString());
        Assert.Equal(2, report.GetProperty("added").GetInt32());
        Assert.Equal(1, report.GetProperty("skipped").GetInt32());
        var reason = Assert.Single(report.GetProperty("skip_reasons").EnumerateObject());
        Assert.Equal(1, reason.Value.GetInt32());
        // The report names the row: "Broken Row" is on the file's fourth line (a header, then three rows).
        Assert.Equal([4L], report.GetProperty("skip_lines").GetProperty(reason.Name).EnumerateArray().Select(l => l.GetInt64()));

        var found = await _client.GetJsonAsync("/api/catalog?q=the%20test%20band");
        Assert.Equal(2, found.GetProperty("total").GetInt32());
        var anthem = found.GetProperty("songs").EnumerateArray().Single(s => s.GetProperty("title").GetString() == "Moodtune Test Anthem");
        Assert.Equal("dQw4w9WgXcQ", anthem.GetProperty("youtube_id").GetString());

        // The same file again changes nothing.
        var again = await (await _client.PostAsync(
            new Uri("/api/catalog/import", UriKind.Relative), Http.Form("file", Encoding.UTF8.GetBytes(csv), "test-songs.csv", "text/csv"), TestContext.Current.CancellationToken)).JsonAsync();
        Assert.Equal(0, again.GetProperty("added").GetInt32());
        Assert.Equal(2, again.GetProperty("unchanged").GetInt32());
    }

    [Fact]
    public async Task Import_refuses_an_unknown_format_and_a_missing_file()
    {
        var form = Http.Form("file", Encoding.UTF8.GetBytes("title,artist\nA,B\n"), "x.csv", "text/csv");
        form.Add(new StringContent("mp3-tags"), "format");
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.PostAsync(new Uri("/api/catalog/import", UriKind.Relative), form, TestContext.Current.CancellationToken)).StatusCode);

        var wrongField = Http.Form("songs", Encoding.UTF8.GetBytes("title,artist\nA,B\n"), "x.csv", "text/csv");
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.PostAsync(new Uri("/api/catalog/import", UriKind.Relative), wrongField, TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task Config_tells_the_page_the_frame_rate_width_strategy_languages_playlist_size_and_circumplex()
    {
        var config = await _client.GetJsonAsync("/api/config");

        Assert.Equal(5, config.GetProperty("frame_rate").GetInt32());
        Assert.Equal(320, config.GetProperty("frame_width").GetInt32());
        Assert.Equal("uplift", config.GetProperty("default_strategy").GetString());
        var languages = config.GetProperty("languages").EnumerateArray().Select(l => l.GetString()).ToList();
        Assert.Contains("en", languages);
        Assert.Contains("hi", languages);
        Assert.Equal(15, config.GetProperty("playlist_size").GetInt32());
        // The page draws and falls back on these points: they are the engine's, not a copy.
        var circumplex = config.GetProperty("circumplex");
        Assert.Equal(7, circumplex.EnumerateObject().Count());
        foreach (var emotion in Enum.GetValues<Moodtune.Mood.Emotion>())
        {
            var point = circumplex.GetProperty(Moodtune.Mood.EmotionProbabilities.Name(emotion));
            Assert.Equal(Moodtune.Mood.Circumplex.Of(emotion).Valence, point.GetProperty("valence").GetSingle());
            Assert.Equal(Moodtune.Mood.Circumplex.Of(emotion).Arousal, point.GetProperty("arousal").GetSingle());
        }
    }
}
