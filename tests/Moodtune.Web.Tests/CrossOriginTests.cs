using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Moodtune.Web.Tests;

/// <summary>
/// What a page on another site can make a browser send: form posts, text/plain bodies and WebSocket handshakes need
/// no CORS preflight, so the server itself refuses them (issue 19's probe: a hostile page imported songs, stored photo
/// readings and read the camera socket). The browser marks such requests with Sec-Fetch-Site and Origin.
/// </summary>
public sealed class CrossOriginTests(MoodtuneAppFactory app) : IClassFixture<MoodtuneAppFactory>
{
    private const string Evil = "https://evil.example";

    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task A_cross_site_catalog_import_is_refused_and_adds_nothing()
    {
        var csv = Encoding.UTF8.GetBytes("title,artist,language,valence,energy\nForged Song,Forger,en,0.5,0.5\n");

        using var forged = await SendAsync(HttpMethod.Post, "/api/catalog/import", Http.Form("file", csv, "x.csv", "text/csv"), origin: Evil, site: "cross-site");
        using var noFetchMetadata = await SendAsync(HttpMethod.Post, "/api/catalog/import", Http.Form("file", csv, "x.csv", "text/csv"), origin: Evil);

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, noFetchMetadata.StatusCode);
        Assert.Contains("cross-site", await forged.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(0, (await _client.GetJsonAsync("/api/catalog?q=Forger")).GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("cross-site")]
    [InlineData("same-site")]
    public async Task A_text_plain_photo_post_from_another_site_stores_no_reading(string site)
    {
        var before = (await _client.GetJsonAsync("/api/history")).ToString();
        var body = new ByteArrayContent(Images.Astronaut);
        body.Headers.ContentType = new MediaTypeHeaderValue("text/plain");

        using var response = await SendAsync(HttpMethod.Post, "/api/analyze", body, origin: Evil, site: site);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before, (await _client.GetJsonAsync("/api/history")).ToString());
    }

    [Theory]
    [InlineData("DELETE", "/api/history")]
    [InlineData("POST", "/api/mood")]
    [InlineData("POST", "/api/listening/feedback")]
    [InlineData("PUT", "/api/catalog/songs/x/video")]
    [InlineData("POST", "/api/youtube")]
    public async Task Every_state_changing_endpoint_refuses_another_sites_page(string method, string path)
    {
        using var response = await SendAsync(new HttpMethod(method), path, new StringContent("{}", Encoding.UTF8, "application/json"), origin: Evil, site: "cross-site");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task The_pages_own_requests_and_scripts_without_a_browser_pass()
    {
        var host = _client.BaseAddress!.GetLeftPart(UriPartial.Authority);
        var mood = new StringContent("""{"emotion":"happy"}""", Encoding.UTF8, "application/json");

        using var samePage = await SendAsync(HttpMethod.Post, "/api/mood", mood, origin: host, site: "same-origin");
        using var oldBrowser = await SendAsync(HttpMethod.Post, "/api/mood", new StringContent("""{"emotion":"sad"}""", Encoding.UTF8, "application/json"), origin: host);
        using var script = await SendAsync(HttpMethod.Post, "/api/mood", new StringContent("""{"emotion":"fear"}""", Encoding.UTF8, "application/json"));
        using var crossSiteRead = await SendAsync(HttpMethod.Get, "/api/catalog?page_size=1", null, origin: Evil, site: "cross-site");

        Assert.Equal(HttpStatusCode.Created, samePage.StatusCode);
        Assert.Equal(HttpStatusCode.Created, oldBrowser.StatusCode);
        Assert.Equal(HttpStatusCode.Created, script.StatusCode);
        Assert.Equal(HttpStatusCode.OK, crossSiteRead.StatusCode); // CORS keeps its answer from the other page's scripts
    }

    [Fact]
    public async Task The_camera_socket_refuses_a_handshake_from_another_origin()
    {
        var client = app.Server.CreateWebSocketClient();
        client.ConfigureRequest = request =>
        {
            request.Headers.Origin = Evil;
            request.Headers["Sec-Fetch-Site"] = "cross-site";
        };

        await Assert.ThrowsAnyAsync<Exception>(() => client.ConnectAsync(new Uri(app.Server.BaseAddress, "/ws/frames"), TestContext.Current.CancellationToken));

        var own = app.Server.CreateWebSocketClient();
        own.ConfigureRequest = request => request.Headers["Sec-Fetch-Site"] = "same-origin";
        using var socket = await own.ConnectAsync(new Uri(app.Server.BaseAddress, "/ws/frames"), TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.WebSockets.WebSocketState.Open, socket.State);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, string? origin = null, string? site = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = content };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (site is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", site);
        }

        return await _client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
