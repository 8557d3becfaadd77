using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Moodtune.Web.Tests;

/// <summary>
/// Behind the HTTPS proxy a phone needs, every request reaches the server from the proxy on loopback: the per-address
/// sign-in limit must count each client (X-Forwarded-For), not the proxy. On Kestrel, since the in-memory test server
/// has no client address to trust.
/// </summary>
public sealed class ProxyTests : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("moodtune-proxy-").FullName;
    private WebApplication? _app;
    private HttpClient? _http;

    public async ValueTask InitializeAsync()
    {
        _app = WebApp.Build(
        [
            "--urls", "http://127.0.0.1:0", "--data", _data, "--Moodtune:Mode", "accounts", "--Moodtune:SignInsPerMinute", "3",
            "--Vision:EmotionModel", "minixception", "--Logging:LogLevel:Default", "Warning",
        ]);
        await WebApp.StartupAsync(_app.Services);
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };
    }

    [Fact]
    public async Task Sign_in_tries_are_counted_per_client_the_proxy_names_not_per_proxy()
    {
        var answers = new List<(string Client, HttpStatusCode Status)>();
        foreach (var client in new[] { "203.0.113.5", "203.0.113.5", "203.0.113.5", "198.51.100.7", "198.51.100.7", "203.0.113.5" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/account/login", UriKind.Relative))
            {
                Content = JsonContent.Create(new { email = "nobody@example.com", password = "wrong password" }),
            };
            request.Headers.Add("X-Forwarded-For", client);
            using var response = await _http!.SendAsync(request, TestContext.Current.CancellationToken);
            answers.Add((client, response.StatusCode));
        }

        // Three tries each: the fourth from the first client is refused, the second client is not held back by it.
        Assert.Equal(
            [HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests],
            answers.Select(a => a.Status));
    }

    public async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }
}
