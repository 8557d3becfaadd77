using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Moodtune.Web.Tests;

/// <summary>Accounts mode on a database of its own, so that the first account to register is the administrator.</summary>
public sealed class FirstComerAccountsApp : AccountsApp;

/// <summary>
/// Two accounts: Ann (the first, so an administrator) stores readings, a photo, feedback, plays and a camera stream;
/// then Bob calls every operation of the OpenAPI document with Ann's ids and data. Nothing Bob gets back is Ann's, and
/// everything of Ann's reads the same afterwards. An operation added to the API without an attempt here fails the test.
/// </summary>
public sealed class CrossListenerTests(FirstComerAccountsApp app) : IClassFixture<FirstComerAccountsApp>
{
    private const string AnnPassword = "ann's long passphrase";
    private const string BobPassword = "bob's long passphrase";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_operation_called_with_another_listeners_ids_and_data_neither_shows_nor_changes_them()
    {
        var annEmail = $"ann-{Guid.NewGuid():N}@example.com";
        var bobEmail = $"bob-{Guid.NewGuid():N}@example.com";
        var ann = app.Browser();
        var bob = app.Browser();
        Assert.True((await RegisterAsync(ann, annEmail, AnnPassword)).GetProperty("administrator").GetBoolean());
        Assert.False((await RegisterAsync(bob, bobEmail, BobPassword)).GetProperty("administrator").GetBoolean());

        // Ann's data: a picked mood, a photo, a like, a play and a camera stream with its stored readings.
        var song = (await ann.GetJsonAsync("/api/catalog?page_size=1")).GetProperty("songs")[0].GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.Created, (await ann.PostJsonAsync("/api/mood", new { emotion = "sad" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ann.PostAsync(new Uri("/api/analyze", UriKind.Relative), Http.Image(Images.Astronaut), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await ann.PostJsonAsync("/api/feedback", new { song_id = song, feedback = "like" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await ann.PostJsonAsync("/api/plays", new { song_id = song, @event = "completed" })).StatusCode);
        using var annCamera = await CameraAsync(await CookieOfAsync(annEmail, AnnPassword));
        var annBefore = await SnapshotAsync(ann);
        Assert.Equal(HttpStatusCode.OK, (await ann.GetUrlAsync($"/api/recommendations?camera={annCamera.Id}&count=3")).StatusCode);

        var bobsCameraReadings = 0;

        // Bob, in this order, with Ann's email, password, song and camera wherever the operation takes one. Ann's only
        // picked mood ("sad", source picker), her like, her completed play: none of it may show in what Bob reads.
        var attempts = new List<(string Operation, Func<Task> Attempt)>
        {
            // Bob's own camera stream, beside Ann's: his readings are his, and Ann cannot plan from his stream either.
            ("GET /ws/frames", async () =>
            {
                using (var bobCamera = await CameraAsync(await CookieOfAsync(bobEmail, BobPassword)))
                {
                    NotAnns(bobCamera.Id);
                    Assert.Equal(HttpStatusCode.NotFound, (await ann.GetUrlAsync($"/api/recommendations?camera={bobCamera.Id}&count=3")).StatusCode);
                }

                bobsCameraReadings = (await Export(bob)).GetProperty("readings").GetArrayLength();
                Assert.True(bobsCameraReadings > 0);
            }),
            ("GET /healthz", () => ExpectAsync(bob.GetUrlAsync("/healthz"), HttpStatusCode.OK)),
            ("GET /ready", async () => NotAnns(await ExpectAsync(bob.GetUrlAsync("/ready"), HttpStatusCode.OK))),
            ("GET /api/config", async () => NotAnns(await ExpectAsync(bob.GetUrlAsync("/api/config"), HttpStatusCode.OK))),
            ("GET /api/catalog", async () => NotAnns(await ExpectAsync(bob.GetUrlAsync($"/api/catalog?q={Uri.EscapeDataString(annEmail)}"), HttpStatusCode.OK))),
            ("GET /api/youtube", () => ExpectAsync(bob.GetUrlAsync("/api/youtube"), HttpStatusCode.OK)),
            ("GET /api/account", async () =>
            {
                var account = await ExpectAsync(bob.GetUrlAsync("/api/account"), HttpStatusCode.OK);
                Assert.Equal(bobEmail, JsonDocument.Parse(account).RootElement.GetProperty("email").GetString());
                NotAnns(account);
            }),
            // The answer repeats the email Bob typed and says the account exists (as any sign-up that needs no mail
            // round trip must); it signs nobody in and changes nothing of Ann's.
            ("POST /api/account/register", () =>
                ExpectAsync(app.Browser().PostJsonAsync("/api/account/register", new { email = annEmail, password = BobPassword }), HttpStatusCode.Conflict)),
            ("POST /api/account/login", async () =>
                NotAnns(await ExpectAsync(app.Browser().PostJsonAsync("/api/account/login", new { email = annEmail, password = BobPassword }), HttpStatusCode.Unauthorized))),
            ("POST /api/account/password", () => ExpectAsync(
                bob.PostJsonAsync("/api/account/password", new { current_password = AnnPassword, new_password = "taken over by bob" }), HttpStatusCode.Forbidden)),
            ("POST /api/analyze", async () =>
                NotAnns(await ExpectAsync(bob.PostAsync(new Uri("/api/analyze", UriKind.Relative), Http.Image(Images.Astronaut), Ct), HttpStatusCode.OK))),
            ("POST /api/catalog/import", () => ExpectAsync(
                bob.PostAsync(new Uri("/api/catalog/import", UriKind.Relative), Http.Form("file", "title,artist,language,valence,energy\nX,Y,en,0.5,0.5\n"u8.ToArray(), "a.csv", "text/csv"), Ct),
                HttpStatusCode.Forbidden)),
            ("PUT /api/catalog/songs/{id}/video", () =>
                ExpectAsync(bob.PutAsJsonAsync($"/api/catalog/songs/{song}/video", new { link = "dQw4w9WgXcQ" }, Ct), HttpStatusCode.Forbidden)),
            ("POST /api/youtube", () => ExpectAsync(bob.PostJsonAsync("/api/youtube", new { api_key = "k", setup_code = "c" }), HttpStatusCode.Forbidden)),
            ("DELETE /api/youtube", () => ExpectAsync(
                bob.SendAsync(new HttpRequestMessage(HttpMethod.Delete, new Uri("/api/youtube", UriKind.Relative)) { Content = JsonContent.Create(new { setup_code = "c" }) }, Ct),
                HttpStatusCode.Forbidden)),
            ("POST /api/youtube/lookups", async () =>
                NotAnns(await ExpectAsync(bob.PostJsonAsync("/api/youtube/lookups", new { song_ids = new[] { song } }), HttpStatusCode.OK))),
            ("POST /api/mood", async () => NotAnns(await ExpectAsync(bob.PostJsonAsync("/api/mood", new { emotion = "happy", source = "camera" }), HttpStatusCode.Created))),
            ("POST /api/feedback", () => ExpectAsync(bob.PostJsonAsync("/api/feedback", new { song_id = song, feedback = "dislike" }), HttpStatusCode.NoContent)),
            ("POST /api/plays", () => ExpectAsync(bob.PostJsonAsync("/api/plays", new { song_id = song, @event = "skipped" }), HttpStatusCode.NoContent)),
            ("GET /api/recommendations", async () =>
            {
                await ExpectAsync(bob.GetUrlAsync($"/api/recommendations?camera={annCamera.Id}&count=3"), HttpStatusCode.NotFound);
                var latest = JsonDocument.Parse(await ExpectAsync(bob.GetUrlAsync("/api/recommendations?count=3"), HttpStatusCode.OK)).RootElement;
                Assert.Equal("happy", latest.GetProperty("emotion").GetString()); // Bob's own latest mood, not Ann's sad
            }),
            ("GET /api/history", async () =>
            {
                var history = await ExpectAsync(bob.GetUrlAsync("/api/history?from=2000-01-01T00:00:00Z&limit=100000"), HttpStatusCode.OK);
                NotAnns(history);
                OnlyBobs(JsonDocument.Parse(history).RootElement);
                Assert.Empty(JsonDocument.Parse(history).RootElement.GetProperty("liked").EnumerateArray());
            }),
            ("GET /api/history/export", async () =>
            {
                var json = await ExpectAsync(bob.GetUrlAsync("/api/history/export?format=json"), HttpStatusCode.OK);
                NotAnns(json);
                var export = JsonDocument.Parse(json).RootElement;
                OnlyBobs(export);
                Assert.Equal(["dislike"], export.GetProperty("feedback").EnumerateArray().Select(f => f.GetProperty("feedback").GetString()));
                var csv = await ExpectAsync(bob.GetUrlAsync("/api/history/export?format=csv"), HttpStatusCode.OK);
                NotAnns(csv);
                Assert.Equal(bobsCameraReadings + 2 + 1, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // and the header
            }),
            ("DELETE /api/history", () => ExpectAsync(bob.DeleteAsync(new Uri("/api/history", UriKind.Relative), Ct), HttpStatusCode.NoContent)),

            // Last: they end Bob's session.
            ("POST /api/account/logout", () => ExpectAsync(bob.PostAsync(new Uri("/api/account/logout", UriKind.Relative), null, Ct), HttpStatusCode.NoContent)),
            ("DELETE /api/account", async () =>
            {
                var again = app.Browser();
                await ExpectAsync(again.PostJsonAsync("/api/account/login", new { email = bobEmail, password = BobPassword }), HttpStatusCode.OK);
                await ExpectAsync(again.DeleteAsync(new Uri("/api/account", UriKind.Relative), Ct), HttpStatusCode.NoContent);
            }),
        };

        var operations = await OperationsAsync(bob);
        Assert.Equal(operations.Order(StringComparer.Ordinal), attempts.Select(a => a.Operation).Order(StringComparer.Ordinal));
        foreach (var (operation, attempt) in attempts)
        {
            try
            {
                await attempt();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException($"{operation}: {e.Message}");
            }
        }

        // Everything of Ann's reads as before; her password and her camera stream still work.
        Assert.Equal(annBefore, await SnapshotAsync(ann));
        Assert.Equal(HttpStatusCode.OK, (await ann.GetUrlAsync($"/api/recommendations?camera={annCamera.Id}&count=3")).StatusCode);
        await ExpectAsync(app.Browser().PostJsonAsync("/api/account/login", new { email = annEmail, password = AnnPassword }), HttpStatusCode.OK);

        void NotAnns(string body)
        {
            Assert.DoesNotContain(annEmail, body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(annCamera.Id, body, StringComparison.Ordinal);
        }

        // Bob's readings are his camera stream's, his photo and his "happy": none is Ann's one picked mood; his one play is his skip.
        void OnlyBobs(JsonElement history)
        {
            var readings = history.GetProperty("readings").EnumerateArray().ToList();
            Assert.Equal(bobsCameraReadings + 2, readings.Count);
            Assert.DoesNotContain(readings, r => r.GetProperty("source").GetString() == "picker");
            Assert.Equal(["skipped"], history.GetProperty("plays").EnumerateArray().Select(p => p.GetProperty("event").GetString()));
        }
    }

    private static async Task<JsonElement> Export(HttpClient listener) =>
        JsonDocument.Parse(await listener.GetStringAsync(new Uri("/api/history/export?format=json", UriKind.Relative), Ct)).RootElement;

    /// <summary>What Ann can read about herself: the account, the history and both exports.</summary>
    private static async Task<string> SnapshotAsync(HttpClient listener) => string.Join(
        "\n---\n",
        await listener.GetStringAsync(new Uri("/api/account", UriKind.Relative), Ct),
        await listener.GetStringAsync(new Uri("/api/history?from=2000-01-01T00:00:00Z&limit=100000", UriKind.Relative), Ct),
        await listener.GetStringAsync(new Uri("/api/history/export?format=json", UriKind.Relative), Ct),
        await listener.GetStringAsync(new Uri("/api/history/export?format=csv", UriKind.Relative), Ct));

    private static async Task<string> ExpectAsync(Task<HttpResponseMessage> call, HttpStatusCode expected)
    {
        using var response = await call;
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} (expected {(int)expected}): {body}");
        return body;
    }

    private static async Task<JsonElement> RegisterAsync(HttpClient browser, string email, string password) =>
        await (await browser.PostJsonAsync("/api/account/register", new { email, password })).JsonAsync();

    private async Task<string> CookieOfAsync(string email, string password)
    {
        var plain = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        using var response = await plain.PostJsonAsync("/api/account/login", new { email, password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return string.Join("; ", response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
    }

    /// <summary>A camera stream of the signed-in <paramref name="cookie"/>, kept open, once it has planned a playlist (the smiling astronaut is a sure mood).</summary>
    private async Task<OpenCamera> CameraAsync(string cookie)
    {
        var client = app.Server.CreateWebSocketClient();
        client.ConfigureRequest = request => request.Headers.Cookie = cookie;
        var socket = await client.ConnectAsync(new Uri(app.Server.BaseAddress, "/ws/frames"), Ct);
        try
        {
            return new OpenCamera(socket, await socket.PlanAsync(Ct));
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task<List<string>> OperationsAsync(HttpClient client)
    {
        var document = JsonDocument.Parse(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative), Ct)).RootElement;
        return [.. document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => $"{m.Name.ToUpperInvariant()} {(p.Name.Length > 1 ? p.Name.TrimEnd('/') : p.Name)}"))];
    }

    private sealed record OpenCamera(WebSocket Socket, string Id) : IDisposable
    {
        public void Dispose() => Socket.Dispose();
    }
}
