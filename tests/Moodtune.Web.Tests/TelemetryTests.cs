using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Moodtune.Web.Tests;

/// <summary>
/// GET /metrics (issue 20): after a photo and a playlist the engines' moodtune_* series count them, and the page is
/// served to the local and private networks only. On Kestrel, since the in-memory test server has no client address.
/// </summary>
public sealed class MetricsTests : IAsyncLifetime
{
    private KestrelApp? _app;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _app = await KestrelApp.StartAsync(["--Vision:EmotionModel", "minixception", "--Logging:LogLevel:Default", "Warning"]);

    [Fact]
    public async Task After_a_photo_and_a_playlist_metrics_show_the_frames_the_inference_time_and_the_recommendation_time()
    {
        using var http = new HttpClient { BaseAddress = _app!.Address };
        using var analysis = await http.PostAsync(new Uri("/api/analyze", UriKind.Relative), Http.Form("image", Images.Astronaut, "astronaut.png", "image/png"), Ct);
        Assert.Equal(HttpStatusCode.OK, analysis.StatusCode);
        using var playlist = await http.GetAsync(new Uri("/api/recommendations?emotion=happy&count=5&seed=1", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, playlist.StatusCode);

        using var response = await http.GetAsync(new Uri("/metrics", UriKind.Relative), Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Other test classes of this process analyse too (the meters are the process's): at least ours are counted.
        Assert.True(Sum(text, "moodtune_frames_analysed_total") >= 1, text);
        Assert.True(Sum(text, "moodtune_faces_analysed_total") >= 1, text);
        Assert.True(Sum(text, "moodtune_inference_duration_seconds_count") >= 1, text);
        Assert.InRange(Sum(text, "moodtune_inference_duration_seconds_sum") / Sum(text, "moodtune_inference_duration_seconds_count"), 1e-6, 30);
        Assert.True(Sum(text, "moodtune_recommendation_duration_seconds_count") >= 1, text);
        Assert.InRange(Sum(text, "moodtune_recommendation_duration_seconds_sum"), 1e-7, 30);
        Assert.True(Sum(text, "moodtune_db_operation_duration_seconds_count") >= 1, text);
        Assert.Contains("outcome=\"ok\"", text, StringComparison.Ordinal);
        Assert.Contains("moodtune_inference_duration_seconds_bucket{", text, StringComparison.Ordinal);
        Assert.Contains("pass=\"detect\"", text, StringComparison.Ordinal);
        Assert.Contains("strategy=\"", text, StringComparison.Ordinal);
        // ASP.NET Core's own request metrics come along.
        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_internet_client_named_by_a_trusted_proxy_is_refused_the_metrics()
    {
        using var http = new HttpClient { BaseAddress = _app!.Address };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/metrics", UriKind.Relative));
        request.Headers.Add("X-Forwarded-For", "203.0.113.5");

        using var response = await http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("moodtune_", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    // The samples of one series (every label set), summed; Prometheus text: `name{labels} value` or `name value`.
    private static double Sum(string exposition, string series) =>
        exposition.Split('\n')
            .Where(line => line.StartsWith(series + "{", StringComparison.Ordinal) || line.StartsWith(series + " ", StringComparison.Ordinal))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

/// <summary>Who may read /metrics (Moodtune:MetricsFrom) and whose forwarded headers count (Moodtune:KnownProxies), decided on the client address.</summary>
public sealed class MetricsAccessTests
{
    [Theory]
    [InlineData(new string[0], "127.0.0.1", true)]
    [InlineData(new string[0], "::1", true)]
    [InlineData(new string[0], "172.18.0.7", true)]
    [InlineData(new string[0], "::ffff:10.1.2.3", true)]
    [InlineData(new string[0], "192.168.1.20", true)]
    [InlineData(new string[0], "203.0.113.5", false)]
    [InlineData(new string[0], "2001:db8::1", false)]
    [InlineData(new[] { "203.0.113.0/24" }, "203.0.113.5", true)]
    [InlineData(new[] { "203.0.113.0/24" }, "127.0.0.1", false)]
    [InlineData(new[] { "10.0.0.9", "fd00::/8" }, "fd12::1", true)]
    [InlineData(new[] { "10.0.0.9", "fd00::/8" }, "10.0.0.10", false)]
    public async Task Metrics_are_served_to_the_configured_networks_only(string[] metricsFrom, string client, bool served)
    {
        var options = Options.Create(new WebOptions { MetricsFrom = metricsFrom });
        using var services = new ServiceCollection().AddOptions().AddProblemDetails().BuildServiceProvider();
        var reached = false;
        var gate = new MetricsGate(_ => { reached = true; return Task.CompletedTask; }, options, services.GetRequiredService<IProblemDetailsService>());
        var context = new DefaultHttpContext { RequestServices = services };
        context.Connection.RemoteIpAddress = IPAddress.Parse(client);
        context.Response.Body = new MemoryStream();

        await gate.InvokeAsync(context);

        Assert.Equal(served, reached);
        Assert.Equal(served ? StatusCodes.Status200OK : StatusCodes.Status403Forbidden, context.Response.StatusCode);
    }

    [Fact]
    public async Task A_request_without_a_client_address_is_refused_the_metrics()
    {
        using var services = new ServiceCollection().AddOptions().AddProblemDetails().BuildServiceProvider();
        var gate = new MetricsGate(_ => Task.CompletedTask, Options.Create(new WebOptions()), services.GetRequiredService<IProblemDetailsService>());
        var context = new DefaultHttpContext { RequestServices = services };

        await gate.InvokeAsync(context);

        Assert.Equal(StatusCodes.Status403Forbidden, context.Response.StatusCode);
    }

    [Theory]
    [InlineData(new string[0], "127.0.0.1", "203.0.113.5")]
    [InlineData(new string[0], "172.18.0.5", "172.18.0.5")]
    [InlineData(new[] { "172.16.0.0/12" }, "172.18.0.5", "203.0.113.5")]
    [InlineData(new[] { "172.16.0.0/12" }, "::ffff:172.18.0.5", "203.0.113.5")]
    [InlineData(new[] { "172.16.0.0/12" }, "10.0.0.5", "10.0.0.5")]
    [InlineData(new[] { "10.0.0.5" }, "10.0.0.5", "203.0.113.5")]
    public async Task Forwarded_for_counts_from_loopback_and_the_known_proxies_only(string[] knownProxies, string proxy, string seen)
    {
        var options = WebApp.ForwardedHeadersFrom(new WebOptions { KnownProxies = knownProxies });
        var forwarded = new ForwardedHeadersMiddleware(_ => Task.CompletedTask, NullLoggerFactory.Instance, Options.Create(options));
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(proxy);
        context.Request.Headers["X-Forwarded-For"] = "203.0.113.5";

        await forwarded.Invoke(context);

        var client = context.Connection.RemoteIpAddress!;
        Assert.Equal(IPAddress.Parse(seen), client.IsIPv4MappedToIPv6 ? client.MapToIPv4() : client);
    }

    [Theory]
    [InlineData("Moodtune:MetricsFrom:0", "the office")]
    [InlineData("Moodtune:KnownProxies:0", "10.0.0.0/33")]
    public void A_network_that_is_not_one_stops_the_app_with_the_setting_named(string key, string value)
    {
        var failure = Assert.Throws<OptionsValidationException>(() =>
        {
            using var app = WebApp.Build(["--data", Path.GetTempPath(), $"--{key}", value]);
        });

        Assert.Contains(key.Split(':')[1], failure.Message, StringComparison.Ordinal);
    }
}
