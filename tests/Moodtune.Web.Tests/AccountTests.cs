using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Moodtune.Web.Tests;

/// <summary>The app in accounts mode, over its own data folder.</summary>
public class AccountsApp() : TempDataApp("accounts")
{
    /// <summary>The tests of one class sign in far more often than a person: the per-address limit has its own test.</summary>
    protected virtual int SignInsPerMinute => 1000;

    /// <summary>A client with its own cookies: one browser.</summary>
    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });

    protected override void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting("Moodtune:Mode", "accounts");
        builder.UseSetting("Moodtune:Administrators:0", "boss@example.com");
        builder.UseSetting("Moodtune:SignInsPerMinute", SignInsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

public sealed class AccountTests(AccountsApp app) : IClassFixture<AccountsApp>
{
    // What anyone may ask without signing in; every other operation of the OpenAPI document needs a listener.
    private static readonly HashSet<string> Public =
    [
        "GET /healthz", "GET /ready", "GET /api/config", "GET /api/catalog", "GET /api/youtube",
        "GET /api/account", "POST /api/account/register", "POST /api/account/login", "POST /api/account/logout",
    ];

    private static readonly HashSet<string> AdministratorOnly =
    [
        "POST /api/catalog/import", "PUT /api/catalog/songs/{id}/video", "POST /api/youtube", "DELETE /api/youtube",
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_operation_of_the_api_but_the_public_ones_answers_401_to_a_stranger()
    {
        var stranger = app.Browser();
        var operations = await OperationsAsync(stranger);
        Assert.Superset(Public, operations.ToHashSet());

        foreach (var operation in operations.Where(o => !Public.Contains(o)))
        {
            var (method, path) = (operation.Split(' ')[0], operation.Split(' ')[1].Replace("{id}", "x", StringComparison.Ordinal));
            HttpContent? content = operation == "POST /api/catalog/import" ? Http.Form("file", "title\n"u8.ToArray(), "a.csv", "text/csv")
                : method is "GET" || operation is "DELETE /api/history" or "DELETE /api/account" ? null
                : new StringContent("{}", Encoding.UTF8, "application/json");
            using var response = await stranger.SendAsync(new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative)) { Content = content }, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{operation}: {(int)response.StatusCode}");
        }

        var socket = app.Server.CreateWebSocketClient();
        await Assert.ThrowsAnyAsync<Exception>(() => socket.ConnectAsync(new Uri(app.Server.BaseAddress, "/ws/frames"), Ct));
    }

    [Fact]
    public async Task Two_listeners_never_see_or_change_each_others_data()
    {
        var (ann, bob) = (app.Browser(), app.Browser());
        await RegisterAsync(ann, $"ann-{Guid.NewGuid():N}@example.com");
        await RegisterAsync(bob, $"bob-{Guid.NewGuid():N}@example.com");
        var song = (await ann.GetJsonAsync("/api/catalog?page_size=1")).GetProperty("songs")[0].GetProperty("id").GetString()!;

        Assert.Equal(HttpStatusCode.Created, (await ann.PostJsonAsync("/api/mood", new { emotion = "sad" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await ann.PostJsonAsync("/api/feedback", new { song_id = song, feedback = "like" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await ann.PostJsonAsync("/api/plays", new { song_id = song, @event = "completed" })).StatusCode);

        var bobs = await bob.GetJsonAsync("/api/history");
        Assert.Empty(bobs.GetProperty("readings").EnumerateArray());
        Assert.Empty(bobs.GetProperty("plays").EnumerateArray());
        Assert.Empty(bobs.GetProperty("liked").EnumerateArray());
        Assert.Single((await bob.GetStringAsync(new Uri("/api/history/export?format=csv", UriKind.Relative), Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries)); // the header alone

        Assert.Equal(HttpStatusCode.NoContent, (await bob.DeleteAsync(new Uri("/api/history", UriKind.Relative), Ct)).StatusCode);
        var anns = await ann.GetJsonAsync("/api/history");
        Assert.Single(anns.GetProperty("readings").EnumerateArray());
        Assert.Single(anns.GetProperty("liked").EnumerateArray());

        // Bob's latest mood is his own (none: neutral), not Ann's sad.
        Assert.Equal("neutral", (await bob.GetJsonAsync("/api/recommendations?count=3")).GetProperty("emotion").GetString());
        Assert.Equal("sad", (await ann.GetJsonAsync("/api/recommendations?count=3")).GetProperty("emotion").GetString());
    }

    [Fact]
    public async Task Only_administrators_import_songs_edit_links_or_connect_youtube()
    {
        var boss = app.Browser();
        var listener = app.Browser();
        await RegisterAsync(boss, "boss@example.com", expectAdministrator: true);
        await RegisterAsync(listener, $"someone-{Guid.NewGuid():N}@example.com", expectAdministrator: false);
        var csv = Http.Form("file", Encoding.UTF8.GetBytes("title,artist,language,valence,energy\nAdmin Song,Admin Band,en,0.5,0.5\n"), "a.csv", "text/csv");
        var song = (await listener.GetJsonAsync("/api/catalog?page_size=1")).GetProperty("songs")[0].GetProperty("id").GetString()!;

        Assert.Equal(HttpStatusCode.Forbidden, (await listener.PostAsync(new Uri("/api/catalog/import", UriKind.Relative), csv, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await listener.PutAsJsonAsync($"/api/catalog/songs/{song}/video", new { link = "dQw4w9WgXcQ" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await listener.PostJsonAsync("/api/youtube", new { api_key = "k", setup_code = "c" })).StatusCode);
        Assert.Equal(0, (await listener.GetJsonAsync("/api/catalog?q=Admin%20Band")).GetProperty("total").GetInt32());

        var imported = Http.Form("file", Encoding.UTF8.GetBytes("title,artist,language,valence,energy\nAdmin Song,Admin Band,en,0.5,0.5\n"), "a.csv", "text/csv");
        Assert.Equal(HttpStatusCode.OK, (await boss.PostAsync(new Uri("/api/catalog/import", UriKind.Relative), imported, Ct)).StatusCode);
        Assert.Equal(1, (await listener.GetJsonAsync("/api/catalog?q=Admin%20Band")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Sign_in_out_wrong_passwords_and_lockout()
    {
        var email = $"carol-{Guid.NewGuid():N}@example.com";
        var first = app.Browser();
        await RegisterAsync(first, email);
        Assert.Equal(HttpStatusCode.Conflict, (await app.Browser().PostJsonAsync("/api/account/register", new { email = email.ToUpperInvariant(), password = "another password" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.Browser().PostJsonAsync("/api/account/register", new { email = "not-an-email", password = "long enough" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.Browser().PostJsonAsync("/api/account/register", new { email = $"x{email}", password = "short" })).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await first.PostJsonAsync("/api/account/logout", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await first.GetUrlAsync("/api/history")).StatusCode);
        Assert.False((await first.GetJsonAsync("/api/account")).GetProperty("signed_in").GetBoolean());

        var unknown = await first.PostJsonAsync("/api/account/login", new { email = $"nobody-{email}", password = "whatever it is" });
        var wrong = await first.PostJsonAsync("/api/account/login", new { email, password = "not the password" });
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(await DetailAsync(unknown), await DetailAsync(wrong)); // no telling which emails exist

        var signedIn = await first.PostJsonAsync("/api/account/login", new { email, password = Password });
        Assert.Equal(email, (await signedIn.JsonAsync()).GetProperty("email").GetString());
        Assert.Equal(HttpStatusCode.OK, (await first.GetUrlAsync("/api/history")).StatusCode);

        // Five wrong passwords in a row lock the account: even the right one waits.
        var locker = app.Browser();
        for (var i = 0; i < AccountEndpoints.LockAfter; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await locker.PostJsonAsync("/api/account/login", new { email, password = $"guess {i} guess" })).StatusCode);
        }

        var locked = await locker.PostJsonAsync("/api/account/login", new { email, password = Password });
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.True(locked.Headers.RetryAfter?.Delta > TimeSpan.FromMinutes(10));
    }

    [Fact]
    public async Task A_password_change_ends_other_sign_ins_and_a_deleted_account_leaves_nothing()
    {
        var email = $"dave-{Guid.NewGuid():N}@example.com";
        var (laptop, phone) = (app.Browser(), app.Browser());
        await RegisterAsync(laptop, email);
        Assert.Equal(HttpStatusCode.OK, (await phone.PostJsonAsync("/api/account/login", new { email, password = Password })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await phone.PostJsonAsync("/api/mood", new { emotion = "happy" })).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await laptop.PostJsonAsync("/api/account/password", new { current_password = "wrong one!", new_password = "new password 1" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await laptop.PostJsonAsync("/api/account/password", new { current_password = Password, new_password = "new password 1" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetUrlAsync("/api/history")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.GetUrlAsync("/api/history")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await laptop.DeleteAsync(new Uri("/api/account", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await laptop.GetUrlAsync("/api/history")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.PostJsonAsync("/api/account/login", new { email, password = "new password 1" })).StatusCode);

        // The same email starts again from nothing.
        var again = app.Browser();
        await RegisterAsync(again, email);
        Assert.Empty((await again.GetJsonAsync("/api/history")).GetProperty("readings").EnumerateArray());
    }

    [Fact]
    public async Task A_camera_stream_plans_only_for_its_own_listener()
    {
        var ann = await SignedInCookieAsync($"cam-ann-{Guid.NewGuid():N}@example.com");
        var bob = await SignedInCookieAsync($"cam-bob-{Guid.NewGuid():N}@example.com");
        var client = app.Server.CreateWebSocketClient();
        client.ConfigureRequest = request => request.Headers.Cookie = ann;
        using var socket = await client.ConnectAsync(new Uri(app.Server.BaseAddress, "/ws/frames"), Ct);

        var camera = await socket.PlanAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync($"/api/recommendations?camera={camera}&count=3", ann)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync($"/api/recommendations?camera={camera}&count=3", bob)).StatusCode);

        async Task<HttpResponseMessage> GetAsync(string path, string cookie)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
            request.Headers.Add("Cookie", cookie);
            return await app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false }).SendAsync(request, Ct);
        }
    }

    private async Task<string> SignedInCookieAsync(string email)
    {
        var plain = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        using var response = await plain.PostJsonAsync("/api/account/register", new { email, password = Password });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return string.Join("; ", response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000", "", "single")]
    [InlineData("http://localhost:5000", "", "single")]
    [InlineData("http://[::1]:5000", "single", "single")]
    [InlineData("http://0.0.0.0:8080", "", "accounts")]
    [InlineData("http://*:8080", "", "accounts")]
    [InlineData("http://127.0.0.1:5000;http://192.168.1.20:5000", "", "accounts")]
    [InlineData("http://127.0.0.1:5000", "accounts", "accounts")]
    public void The_mode_follows_the_setting_and_where_the_server_listens(string urls, string mode, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["urls"] = urls, ["Moodtune:Mode"] = mode }).Build();

        Assert.Equal(expected, ServeMode.Resolve(configuration, WebApp.DefaultUrls).Name);
    }

    [Fact]
    public void Single_mode_on_a_network_address_refuses_to_start_naming_the_setting()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["urls"] = "http://0.0.0.0:8080", ["Moodtune:Mode"] = "single" }).Build();

        var refusal = Assert.Throws<OptionsValidationException>(() => ServeMode.Resolve(configuration, WebApp.DefaultUrls));
        Assert.Contains("Moodtune:Mode", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("0.0.0.0", refusal.Message, StringComparison.Ordinal);
    }

    private const string Password = "correct horse battery";

    private static async Task RegisterAsync(HttpClient browser, string email, bool? expectAdministrator = null)
    {
        var account = await (await browser.PostJsonAsync("/api/account/register", new { email, password = Password })).JsonAsync();
        Assert.True(account.GetProperty("signed_in").GetBoolean());
        if (expectAdministrator is { } administrator)
        {
            Assert.Equal(administrator, account.GetProperty("administrator").GetBoolean());
        }
    }

    private static async Task<string?> DetailAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("detail").GetString();

    private static async Task<List<string>> OperationsAsync(HttpClient client)
    {
        var document = JsonDocument.Parse(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative), Ct)).RootElement;
        return [.. document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => $"{m.Name.ToUpperInvariant()} {p.Name.TrimEnd('/')}"))
            .Select(o => o.EndsWith(' ') ? o.TrimEnd() + "/" : o)];
    }
}

/// <summary>Accounts mode with the default limit of sign-in tries per client address.</summary>
public sealed class LimitedAccountsApp : AccountsApp
{
    protected override int SignInsPerMinute => 10;
}

public sealed class SignInLimitTests(LimitedAccountsApp app) : IClassFixture<LimitedAccountsApp>
{
    [Fact]
    public async Task One_address_gets_ten_sign_in_tries_a_minute_then_429_with_retry_after()
    {
        var guesser = app.Browser();
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            // Different emails: the account lockout does not come into it.
            answers.Add((await guesser.PostJsonAsync("/api/account/login", new { email = $"guess{i}@example.com", password = "guess guess" })).StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 10).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 2)), answers);
    }
}
