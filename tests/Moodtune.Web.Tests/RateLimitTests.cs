using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;

namespace Moodtune.Web.Tests;

/// <summary>The app with small analysis and import limits, to see them refuse.</summary>
public sealed class LimitedApp() : TempDataApp("limits")
{
    protected override void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting("Moodtune:AnalysesPerMinute", "3");
        builder.UseSetting("Moodtune:ImportsPerMinute", "2");
    }
}

public sealed class RateLimitTests(LimitedApp app) : IClassFixture<LimitedApp>
{
    [Fact]
    public async Task Photo_analyses_and_imports_beyond_the_limit_get_429_with_retry_after()
    {
        var client = app.CreateClient();
        var ct = TestContext.Current.CancellationToken;

        var photos = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
        {
            photos.Add(await client.PostAsync(new Uri("/api/analyze?record=false", UriKind.Relative), Http.Image(Images.AstronautJpeg(), "image/jpeg"), ct));
        }

        var imports = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++)
        {
            var csv = Encoding.UTF8.GetBytes($"title,artist,language,valence,energy\nLimit {i},Limiter,en,0.5,0.5\n");
            imports.Add(await client.PostAsync(new Uri("/api/catalog/import", UriKind.Relative), Http.Form("file", csv, "l.csv", "text/csv"), ct));
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], photos.Select(p => p.StatusCode));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], imports.Select(p => p.StatusCode));
        Assert.InRange(photos[^1].Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        Assert.Equal(2, (await client.GetJsonAsync("/api/catalog?q=Limiter")).GetProperty("total").GetInt32());
    }
}
