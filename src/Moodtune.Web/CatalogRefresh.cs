using Microsoft.Extensions.Options;
using Moodtune.Storage;

namespace Moodtune.Web;

/// <summary>
/// Brings into this process's catalog the songs another process wrote to the same database (`moodtune catalog import`
/// while the server runs, or another node): a look at the rows newer than the last revision seen, every
/// Moodtune:CatalogRefreshInterval. Polling rather than a notification, because SQLite has none across processes and the
/// query is an index probe.
/// </summary>
internal sealed partial class CatalogRefresh(SongStore songs, IOptions<WebOptions> options, TimeProvider time, ILogger<CatalogRefresh> logger) : BackgroundService
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Catalog refresh skipped: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string reason);
}
