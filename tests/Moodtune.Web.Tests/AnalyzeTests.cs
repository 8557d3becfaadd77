using System.Net;
using System.Text;

namespace Moodtune.Web.Tests;

public sealed class AnalyzeTests(MoodtuneAppFactory app) : IClassFixture<MoodtuneAppFactory>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task Analyze_finds_the_happy_astronaut_and_stores_a_photo_reading()
    {
        await _client.DeleteAsync(new Uri("/api/history", UriKind.Relative), TestContext.Current.CancellationToken);

        var response = await _client.PostAsync(
            new Uri("/api/analyze", UriKind.Relative), Http.Form("image", Images.Astronaut, "astronaut.png", "image/png"), TestContext.Current.CancellationToken);
        var body = await response.JsonAsync();

        var face = Assert.Single(body.GetProperty("faces").EnumerateArray());
        Assert.Equal("happy", face.GetProperty("emotion").GetString());
        Assert.Equal(7, face.GetProperty("probabilities").EnumerateObject().Count());
        Assert.True(body.GetProperty("width").GetInt32() > 0);
        Assert.Equal("happy", body.GetProperty("mood").GetProperty("emotion").GetString());
        Assert.True(body.GetProperty("mood").GetProperty("valence").GetSingle() > 0);

        var history = await _client.GetJsonAsync("/api/history");
        var reading = Assert.Single(history.GetProperty("readings").EnumerateArray());
        Assert.Equal("photo", reading.GetProperty("source").GetString());
        Assert.Equal("happy", reading.GetProperty("emotion").GetString());
    }

    [Fact]
    public async Task Analyze_takes_a_raw_image_body_and_records_nothing_when_asked()
    {
        var before = await ReadingCount();

        var response = await _client.PostAsync(new Uri("/api/analyze?record=false", UriKind.Relative), Http.Image(Images.AstronautJpeg(), "image/jpeg"), TestContext.Current.CancellationToken);

        var body = await response.JsonAsync();
        Assert.Single(body.GetProperty("faces").EnumerateArray());
        Assert.Equal(before, await ReadingCount());
    }

    public static TheoryData<string, byte[], string, HttpStatusCode> BadUploads() => new()
    {
        { "empty body", [], "image/jpeg", HttpStatusCode.BadRequest },
        { "truncated JPEG", Images.AstronautJpeg()[..2000], "image/jpeg", HttpStatusCode.BadRequest },
        { "text file", Encoding.UTF8.GetBytes("these are not the pixels you are looking for\n"), "text/plain", HttpStatusCode.BadRequest },
        { "20,000 x 20,000 PNG header", BadImages.PngDeclaring(20_000, 20_000), "image/png", HttpStatusCode.UnprocessableEntity },
        { "progressive JPEG of 100 scans", File.ReadAllBytes(TestPaths.TestImage("astronaut-progressive-100-scans.jpg")), "image/jpeg", HttpStatusCode.UnprocessableEntity },
        { "over the upload limit", new byte[MoodtuneAppFactory.MaxUploadBytes + 1], "image/jpeg", HttpStatusCode.RequestEntityTooLarge },
    };

    [Theory]
    [MemberData(nameof(BadUploads))]
    public async Task Bad_uploads_are_answered_with_problem_details_and_store_nothing(string what, byte[] bytes, string contentType, HttpStatusCode expected)
    {
        var before = await ReadingCount();

        var raw = await _client.PostAsync(new Uri("/api/analyze", UriKind.Relative), Http.Image(bytes, contentType), TestContext.Current.CancellationToken);
        var form = await _client.PostAsync(new Uri("/api/analyze", UriKind.Relative), Http.Form("image", bytes, "upload.bin", contentType), TestContext.Current.CancellationToken);

        foreach (var response in new[] { raw, form })
        {
            Assert.True(expected == response.StatusCode, $"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(before, await ReadingCount());
    }

    [Fact]
    public async Task A_form_without_the_image_field_is_a_bad_request()
    {
        var response = await _client.PostAsync(
            new Uri("/api/analyze", UriKind.Relative), Http.Form("photo", Images.AstronautJpeg(), "a.jpg", "image/jpeg"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/ready")]
    public async Task Alive_and_ready_say_ok(string path)
    {
        var response = await _client.GetUrlAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task OpenApi_document_lists_every_endpoint()
    {
        var document = await _client.GetJsonAsync("/openapi/v1.json");

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        string[] expected =
        [
            "/healthz", "/ready", "/api/analyze", "/ws/frames", "/api/mood", "/api/recommendations", "/api/feedback", "/api/plays",
            "/api/history", "/api/history/export", "/api/catalog", "/api/catalog/import", "/api/config",
        ];
        Assert.All(expected, p => Assert.Contains(p, paths));
        var analyze = document.GetProperty("paths").GetProperty("/api/analyze").GetProperty("post").GetProperty("requestBody").GetProperty("content");
        Assert.True(analyze.TryGetProperty("multipart/form-data", out _));
        Assert.True(analyze.TryGetProperty("image/jpeg", out _));
    }

    [Fact]
    public async Task The_page_is_served_at_the_root()
    {
        var response = await _client.GetUrlAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<int> ReadingCount() =>
        (await _client.GetJsonAsync("/api/history")).GetProperty("readings").GetArrayLength();
}
