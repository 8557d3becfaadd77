using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Moodtune.Music.Catalog;
using Moodtune.Music.YouTube;

namespace Moodtune.Music.Tests.YouTube;

/// <summary>The resolver against a local stand-in for the YouTube Data API (tests have no internet, and no quota to spend).</summary>
public sealed class VideoIdResolverTests : IAsyncLifetime
{
    private const string ApiKey = "test-key";
    private readonly ConcurrentQueue<string> _queries = new();
    private readonly Dictionary<string, string> _videos = new(StringComparer.Ordinal)
    {
        ["Queen Bohemian Rhapsody"] = "fJ9rUzIMcZQ",
        ["Adele Someone Like You"] = "hLQl3WQQoQ0",
    };

    private WebApplication _server = null!;
    private HttpClient _http = null!;
    private int _quotaAfter = int.MaxValue;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _server = builder.Build();
        _server.MapGet("/youtube/v3/search", (HttpRequest request) =>
        {
            var query = request.Query["q"].ToString();
            _queries.Enqueue(query);
            if (request.Query["key"] != ApiKey)
            {
                return Results.Json(Error(400, "keyInvalid", "API key not valid."), statusCode: 400);
            }

            if (_queries.Count > _quotaAfter)
            {
                return Results.Json(Error(403, "quotaExceeded", "The request cannot be completed because you have exceeded your quota."), statusCode: 403);
            }

            object[] items = _videos.TryGetValue(query, out var id) ? [new { id = new { kind = "youtube#video", videoId = id } }] : [];
            return Results.Json(new { kind = "youtube#searchListResponse", items });
        });
        await _server.StartAsync(TestContext.Current.CancellationToken);
        var address = _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _http = new HttpClient { BaseAddress = new Uri($"{address}/youtube/v3/") };
    }

    [Fact]
    public async Task Missing_ids_are_found_and_no_song_is_searched_twice()
    {
        var catalog = Catalog(("Queen", "Bohemian Rhapsody"), ("Adele", "Someone Like You"), ("Nobody", "Unknown Song"));
        var resolver = Resolver(ApiKey);

        var first = await resolver.ResolveAsync(catalog, limit: 10, TestContext.Current.CancellationToken);
        var second = await resolver.ResolveAsync(catalog, limit: 10, TestContext.Current.CancellationToken);

        Assert.Equal((3, 2, 1, 0), (first.Searched, first.Found, first.NotFound, first.Remaining));
        Assert.Equal(0, second.Searched);
        Assert.Equal(3, _queries.Count);
        Assert.True(catalog.TryGet(Song.MakeId("Queen", "Bohemian Rhapsody"), out var queen));
        Assert.Equal("fJ9rUzIMcZQ", queen.YouTubeId);
        Assert.True(catalog.TryGet(Song.MakeId("Nobody", "Unknown Song"), out var unknown));
        Assert.Null(unknown.YouTubeId);
        Assert.Equal(new DateOnly(2026, 11, 26), unknown.VideoSearchedOn);
    }

    [Fact]
    public async Task A_spent_quota_stops_the_run_without_retrying()
    {
        _quotaAfter = 1;
        var catalog = Catalog(("Queen", "Bohemian Rhapsody"), ("Adele", "Someone Like You"), ("Nobody", "Unknown Song"));

        var report = await Resolver(ApiKey).ResolveAsync(catalog, limit: 10, TestContext.Current.CancellationToken);

        Assert.Equal(1, report.Searched);
        Assert.Equal(2, report.Remaining);
        Assert.Contains("quotaExceeded", report.StoppedBecause, StringComparison.Ordinal);
        Assert.Equal(2, _queries.Count);
        Assert.Equal(2, VideoIdResolver.Pending(catalog).Count());
    }

    [Fact]
    public async Task A_bad_key_is_reported_not_retried()
    {
        var catalog = Catalog(("Queen", "Bohemian Rhapsody"), ("Adele", "Someone Like You"));

        var report = await Resolver("wrong").ResolveAsync(catalog, limit: 10, TestContext.Current.CancellationToken);

        Assert.Equal(0, report.Searched);
        Assert.Contains("keyInvalid", report.StoppedBecause, StringComparison.Ordinal);
        Assert.Single(_queries);
    }

    [Fact]
    public async Task Songs_with_an_id_are_never_searched()
    {
        var catalog = Catalog(("Queen", "Bohemian Rhapsody"));
        catalog.Upsert(catalog.Songs[0] with { YouTubeId = "fJ9rUzIMcZQ" });

        var report = await Resolver(ApiKey).ResolveAsync(catalog, limit: 10, TestContext.Current.CancellationToken);

        Assert.Equal(0, report.Searched);
        Assert.Empty(_queries);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private static object Error(int code, string reason, string message) =>
        new { error = new { code, message, errors = new[] { new { reason, domain = "youtube.quota" } } } };

    private static SongCatalog Catalog(params (string Artist, string Title)[] songs) => new(songs.Select(s => new Song
    {
        Id = Song.MakeId(s.Artist, s.Title),
        Title = s.Title,
        Artist = s.Artist,
        Language = "en",
        Valence = 0.5f,
        Energy = 0.5f,
    }));

    private VideoIdResolver Resolver(string key) => new(new YouTubeSearchClient(_http, key), new FixedTime());

    private sealed class FixedTime : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    }
}
