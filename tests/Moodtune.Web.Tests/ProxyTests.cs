using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Moodtune.Web.Tests;

/// <summary>
/// Behind the HTTPS proxy a phone needs, every request reaches the server from the proxy on loopback: the per-address
/// sign-in limit must count each client (X-Forwarded-For), not the proxy. On Kestrel, since the in-memory test server
/// has no client address to trust.
/// </summary>
public sealed class ProxyTests : IAsyncLifetime
{
    private KestrelApp? _app;

    public async ValueTask InitializeAsync() =>
        _app = await KestrelApp.StartAsync(
            ["--Moodtune:Mode", "accounts", "--Moodtune:SignInsPerMinute", "3", "--Vision:EmotionModel", "minixception", "--Logging:LogLevel:Default", "Warning"]);

    [Fact]
    public async Task Sign_in_tries_are_counted_per_client_the_proxy_names_not_per_proxy()
    {
        using var http = new HttpClient { BaseAddress = _app!.Address };
        var answers = new List<HttpStatusCode>();
        foreach (var client in new[] { "203.0.113.5", "203.0.113.5", "203.0.113.5", "198.51.100.7", "198.51.100.7", "203.0.113.5" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/account/login", UriKind.Relative))
            {
                Content = JsonContent.Create(new { email = "nobody@example.com", password = "wrong password" }),
            };
            request.Headers.Add("X-Forwarded-For", client);
            using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
            answers.Add(response.StatusCode);
        }

        // Three tries each: the fourth from the first client is refused, the second client is not held back by it.
        Assert.Equal(
            [HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests],
            answers);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

/// <summary>On the network, a server with an HTTPS endpoint sends plain-HTTP visitors there (issue 19), and says HSTS over HTTPS.</summary>
public sealed class HttpsRedirectionTests : IAsyncLifetime
{
    private readonly string _certificate = Path.Combine(Path.GetTempPath(), $"moodtune-test-{Guid.NewGuid():N}.pfx");
    private KestrelApp? _app;

    public async ValueTask InitializeAsync()
    {
        // A self-signed certificate for the test's HTTPS endpoint.
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=moodtune-test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        await File.WriteAllBytesAsync(_certificate, certificate.Export(X509ContentType.Pfx, "test"));
        _app = await KestrelApp.StartAsync(
        [
            "--urls", "http://0.0.0.0:0;https://127.0.0.1:0", "--Kestrel:Certificates:Default:Path", _certificate,
            "--Kestrel:Certificates:Default:Password", "test", "--Vision:EmotionModel", "minixception", "--Logging:LogLevel:Default", "Warning",
        ]);
    }

    [Fact]
    public async Task Plain_http_is_redirected_to_https_and_https_answers_with_hsts()
    {
        var http = new UriBuilder(_app!.Addresses.Single(a => a.Scheme == "http")) { Host = "127.0.0.1" }.Uri;
        var https = _app.Addresses.Single(a => a.Scheme == "https");
        using var handler = new HttpClientHandler
        {
            AllowAutoRedirect = false,
            ServerCertificateCustomValidationCallback = (_, _, _, _) => true, // the test's own self-signed certificate
        };
        using var client = new HttpClient(handler);

        using var plain = await client.GetAsync(new Uri(http, "/api/config"), TestContext.Current.CancellationToken);
        // HSTS leaves loopback names alone (a browser must not pin localhost to HTTPS): ask under a network name.
        using var named = new HttpRequestMessage(HttpMethod.Get, new Uri(https, "/api/config"));
        named.Headers.Host = "moodtune.test";
        using var secure = await client.SendAsync(named, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.TemporaryRedirect, plain.StatusCode);
        Assert.Equal(new Uri(https, "/api/config"), plain.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, secure.StatusCode);
        Assert.True(secure.Headers.Contains("Strict-Transport-Security"));
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        File.Delete(_certificate);
    }
}
