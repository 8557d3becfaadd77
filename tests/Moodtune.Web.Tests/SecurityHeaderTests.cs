namespace Moodtune.Web.Tests;

public sealed class SecurityHeaderTests(MoodtuneAppFactory app) : IClassFixture<MoodtuneAppFactory>
{
    private readonly HttpClient _client = app.CreateClient();

    [Theory]
    [InlineData("/")]
    [InlineData("/history.html")]
    [InlineData("/js/app.js")]
    [InlineData("/api/config")]
    [InlineData("/api/catalog?region=sunny")]
    [InlineData("/no/such/page")]
    [InlineData("/healthz")]
    [InlineData("/ready")]
    [InlineData("/metrics")]
    public async Task Every_answer_carries_the_security_headers(string path)
    {
        using var response = await _client.GetUrlAsync(path);

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self' https://www.youtube.com", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Server"));
    }
}

/// <summary>DNS rebinding (issue 19): a loopback server answers only requests addressed to its loopback names.</summary>
public sealed class HostFilteringTests(MoodtuneAppFactory app) : IClassFixture<MoodtuneAppFactory>
{
    [Theory]
    [InlineData("localhost", true)]
    [InlineData("127.0.0.1:5000", true)]
    [InlineData("[::1]:5000", true)]
    [InlineData("evil.example", false)]
    [InlineData("evil.example:5000", false)]
    public async Task A_loopback_server_answers_only_its_loopback_names(string host, bool answered)
    {
        var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/history", UriKind.Relative));
        request.Headers.Host = host;

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(answered ? System.Net.HttpStatusCode.OK : System.Net.HttpStatusCode.BadRequest, response.StatusCode);
    }
}
