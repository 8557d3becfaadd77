using Microsoft.Extensions.Options;
using Moodtune.Storage;

namespace Moodtune.Web;

/// <summary>
/// Forgets readings and plays older than Moodtune:HistoryRetention (365 days; zero keeps everything): at start, then
/// every hour. A listener's history is theirs and is kept no longer than it is useful.
/// </summary>
internal sealed partial class HistoryRetention(ListenerStore listeners, IOptions<WebOptions> options, TimeProvider time, ILogger<HistoryRetention> logger) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromHours(1);

    /// <summary>One purge; returns how many rows went (0 when retention is off).</summary>
    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        var keep = options.Value.HistoryRetention;
        if (keep <= TimeSpan.Zero)
        {
            return 0;
        }

        var deleted = await listeners.PurgeBeforeAsync(time.GetUtcNow() - keep, cancellationToken);
        if (deleted > 0)
        {
            LogPurged(logger, deleted, keep.TotalDays);
        }

        return deleted;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, time);
        do
        {
            try
            {
                await PurgeAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The next hour tries again; a purge must not take the server down.
                LogFailed(logger, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "History retention: {Count} readings and plays older than {Days} days deleted")]
    private static partial void LogPurged(ILogger logger, int count, double days);

    [LoggerMessage(Level = LogLevel.Warning, Message = "History retention skipped: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
