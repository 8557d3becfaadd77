using Moodtune.Music.Catalog;
using Moodtune.Music.YouTube;

namespace Moodtune.Music.Tests.YouTube;

/// <summary>The resolver against a local stand-in for the YouTube Data API (tests have no internet, and no quota to spend).</summary>
public sealed class VideoIdResolverTests : IAsyncLifetime
{
    private DataApiStandIn _youtube = null!;
    private HttpClient _http = null!;

    public async ValueTask InitializeAsync()
    {
        _youtube = await DataApiStandIn.StartAsync();
        _youtube.Videos["Queen Bohemian Rhapsody"] = "fJ9rUzIMcZQ";
        _youtube.Videos["Adele Someone Like You"] = "hLQl3WQQoQ0";
        _http = new HttpClient { BaseAddress = _youtube.BaseAddress };
    }

    [Fact]
    public async Task Missing_ids_are_found_and_no_song_is_searched_twice()
    {
        var catalog = Catalog(("Queen", "Bohemian Rhapsody"), ("Adele", "Someone Like You"), ("Nobody", "Unknown Song"));
        var resolver = Resolver(DataApiStandIn.ApiKey);

        var first = await resolver.ResolveAsync(catalog, limit: 10, TestContext.Current.CancellationToken);
        var second = await resolver.ResolveAsync(catalog, limit: 10, TestContext.Current.CancellationToken);

        Assert.Equal((3, 2, 1, 0), (first.Searched, first.Found, first.NotFound, first.Remaining));
        Assert.Equal(0, second.Searched);
        Assert.Equal(3, _youtube.SearchCalls);
        Assert.True(catalog.TryGet(Song.MakeId("Queen", "Bohemian Rhapsody"), out var queen));
        Assert.Equal("fJ9rUzIMcZQ", queen.YouTubeId);
        Assert.True(catalog.TryGet(Song.MakeId("Nobody", "Unknown Song"), out var unknown));
        Assert.Null(unknown.YouTubeId);
        Assert.Equal(new DateOnly(2026, 11, 26), unknown.VideoSearchedOn);
    }

    [Fact]
    public async Task A_spent_quota_stops_the_run_without_retrying()
    {
        _youtube.QuotaAfter(1);
        var catalog = Catalog(("Queen", "Bohemian Rhapsody"), ("Adele", "Someone Like You"), ("Nobody", "Unknown Song"));

        var report = await Resolver(DataApiStandIn.ApiKey).ResolveAsync(catalog, limit: 10, TestContext.Current.CancellationToken);

        Assert.Equal(1, report.Searched);
        Assert.Equal(2, report.Remaining);
        Assert.Contains("quotaExceeded", report.StoppedBecause, StringComparison.Ordinal);
        Assert.Equal(2, _youtube.SearchCalls);
        Assert.Equal(2, VideoIdResolver.Pending(catalog).Count());
    }

    [Fact]
    public async Task A_bad_key_is_reported_not_retried()
    {
        var catalog = Catalog(("Queen", "Bohemian Rhapsody"), ("Adele", "Someone Like You"));

        var report = await Resolver("wrong").ResolveAsync(catalog, limit: 10, TestContext.Current.CancellationToken);

        Assert.Equal(0, report.Searched);
        Assert.Contains("API key not valid", report.StoppedBecause, StringComparison.Ordinal);
        Assert.Equal(1, _youtube.SearchCalls);
    }

    [Fact]
    public async Task Songs_with_an_id_are_never_searched()
    {
        var catalog = Catalog(("Queen", "Bohemian Rhapsody"));
        catalog.Upsert(catalog.Songs[0] with { YouTubeId = "fJ9rUzIMcZQ" });

        var report = await Resolver(DataApiStandIn.ApiKey).ResolveAsync(catalog, limit: 10, TestContext.Current.CancellationToken);

        Assert.Equal(0, report.Searched);
        Assert.Equal(0, _youtube.SearchCalls);
    }

    [Fact]
    public async Task A_key_is_checked_with_one_videos_list_call()
    {
        await new YouTubeSearchClient(_http, DataApiStandIn.ApiKey).CheckKeyAsync(TestContext.Current.CancellationToken);
        var refused = await Assert.ThrowsAsync<YouTubeApiException>(() => new YouTubeSearchClient(_http, "wrong").CheckKeyAsync(TestContext.Current.CancellationToken));

        Assert.Contains("API key not valid", refused.Message, StringComparison.Ordinal);
        Assert.Equal(2, _youtube.KeyChecks);
        Assert.Equal(0, _youtube.SearchCalls);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _youtube.DisposeAsync();
    }

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
