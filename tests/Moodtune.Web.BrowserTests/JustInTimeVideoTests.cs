using static Microsoft.Playwright.Assertions;

namespace Moodtune.Web.BrowserTests;

/// <summary>With YouTube connected, songs without a video are looked up just before they are due (local Data API stand-in).</summary>
public sealed class JustInTimeVideoTests(ServerWithYouTube server, BrowserSession browser) : IClassFixture<ServerWithYouTube>, IClassFixture<BrowserSession>
{
    [Fact]
    public async Task An_English_only_list_plays_in_the_page_and_only_songs_about_to_play_are_searched()
    {
        await using var now = new NowPage(await browser.NewPageAsync());
        await now.GotoAsync(server.Address);
        await now.UntickLanguageAsync("hi");

        var songs = await now.PickMoodAsync("happy");

        Assert.True(songs.Length >= 10 && songs.All(s => s.Language == "en" && s.YoutubeId is null), string.Join("; ", songs.Select(s => s.ToString())));
        var first = DataApiStandIn.VideoFor(Query(songs[0]));
        await WaitForVideoAsync(now, first);
        await Expect(now.Song(songs[0].Id)).ToHaveAttributeAsync("data-video-id", first);

        // The first song plays: the two after it were looked up ahead, nothing further down the list.
        await Expect(now.Song(songs[2].Id)).ToHaveAttributeAsync("data-video-id", DataApiStandIn.VideoFor(Query(songs[2])), new() { Timeout = 10_000 });
        var searched = server.YouTube.Searches.ToHashSet(StringComparer.Ordinal);
        Assert.True(searched.SetEquals(songs.Take(3).Select(Query)), $"searched: {string.Join("; ", searched)}");

        await now.Next.ClickAsync();

        await WaitForVideoAsync(now, DataApiStandIn.VideoFor(Query(songs[1])));
        await Expect(now.Song(songs[3].Id)).ToHaveAttributeAsync("data-video-id", DataApiStandIn.VideoFor(Query(songs[3])), new() { Timeout = 10_000 });
        Assert.True(server.YouTube.Searches.Count <= 4, $"{server.YouTube.Searches.Count} searches for {songs.Length} songs");

        // Another listener's list with the same songs: their videos come from the server's songs table, not from YouTube.
        await using var other = new NowPage(await browser.NewPageAsync());
        await other.GotoAsync(server.Address);
        var known = await other.Page.EvaluateAsync<int>(
            "async ids => (await (await fetch('/api/catalog?lang=en&page_size=500')).json()).songs.filter(s => ids.includes(s.id) && s.youtube_id).length",
            songs.Take(4).Select(s => s.Id).ToArray());
        Assert.Equal(4, known);
        Assert.Equal(server.YouTube.Searches.Count, server.YouTube.Searches.Distinct(StringComparer.Ordinal).Count());

        // Nor does the server's log (HttpClient logs each request's address, the key is in its query).
        Assert.DoesNotContain(server.Log, line => line.Contains(DataApiStandIn.ApiKey, StringComparison.Ordinal));
    }

    private static string Query(PlaylistSong song) => $"{song.Artist} {song.Title}";

    private static async Task WaitForVideoAsync(NowPage now, string videoId) =>
        await now.Page.WaitForFunctionAsync("id => window.__yt && window.__yt.current() === id", videoId, new() { Timeout = 15_000 });
}
