using Moodtune.Music.Catalog;

namespace Moodtune.Music.YouTube;

/// <summary>What one resolving run did.</summary>
public sealed record ResolveReport(int Searched, int Found, int NotFound, int Remaining, string? StoppedBecause);

/// <summary>
/// Fills in missing YouTube video ids. Every answer, found or not, is written into the catalog (the id, and the day it
/// was searched), so no song is ever searched twice; a spent quota ends the run and is reported, never retried in a loop.
/// </summary>
public sealed class VideoIdResolver(YouTubeSearchClient client, TimeProvider time)
{
    /// <summary>Songs without a video id that were never searched.</summary>
    public static IEnumerable<Song> Pending(SongCatalog catalog) =>
        catalog.Songs.Where(s => s.YouTubeId is null && s.VideoSearchedOn is null);

    /// <summary>Searches up to <paramref name="limit"/> pending songs, most popular first.</summary>
    public async Task<ResolveReport> ResolveAsync(SongCatalog catalog, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var pending = Pending(catalog).OrderByDescending(s => s.Popularity ?? 0).ToList();
        int searched = 0, found = 0;
        string? stopped = null;
        foreach (var song in pending.Take(limit))
        {
            string? id;
            try
            {
                id = await client.FindVideoAsync(song.SearchQuery, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is YouTubeQuotaExceededException or YouTubeApiException or HttpRequestException)
            {
                stopped = e.Message;
                break;
            }

            searched++;
            found += id is null ? 0 : 1;
            catalog.Upsert(song with { YouTubeId = id, VideoSearchedOn = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime) });
        }

        return new ResolveReport(searched, found, searched - found, pending.Count - searched, stopped);
    }
}
