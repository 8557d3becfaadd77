using Microsoft.Extensions.Options;
using Moodtune.Storage;

namespace Moodtune.Web;

/// <summary>
/// Brings into this process what another process wrote to the same database (`moodtune catalog import` while the server
/// runs, or another node): the songs newer than the last revision seen, and the YouTube key connected, replaced or
/// removed from the page, every Moodtune:CatalogRefreshInterval. Polling rather than a notification, because SQLite has
/// none across processes and both queries are index probes.
/// </summary>
internal sealed partial class DatabaseRefresh(
    SongStore songs, YouTubeConnection youtube, VideoLookups lookups, IOptions<WebOptions> options, TimeProvider time, ILogger<DatabaseRefresh> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CatalogRefreshInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var changed = await songs.RefreshAsync(stoppingToken);
                if (changed > 0)
                {
                    LogRefreshed(logger, changed);
                }

                // A pause was the old key's (its quota spent, or refused), as when this node connects one itself.
                if (await youtube.RefreshAsync(stoppingToken))
                {
                    lookups.Resume();
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A poll must not take the server down: the requests that need the database say so themselves (503),
                // and the next tick tries again.
                LogUnavailable(logger, e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Catalog: {Count} songs added or changed in the database by another process")]
    private static partial void LogRefreshed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refresh from the database skipped: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string reason);
}
