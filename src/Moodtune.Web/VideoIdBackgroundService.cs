using Microsoft.Extensions.Options;
using Moodtune.Music.Catalog;
using Moodtune.Music.YouTube;
using Moodtune.Storage;

namespace Moodtune.Web;

/// <summary>
/// While YouTube is connected (<see cref="YouTubeConnection"/>), looks up the video of one song without an id per interval (most popular first) and stores
/// the answer, found or not, in the songs table. Without a key it waits for one. A spent quota or an API error waits
/// <see cref="YouTubeOptions.QuotaBackoff"/> instead of retrying.
/// </summary>
internal sealed partial class VideoIdBackgroundService(
    IOptions<YouTubeOptions> options, YouTubeConnection connection, IHttpClientFactory clients, SongStore songs, TimeProvider time,
    ILogger<VideoIdBackgroundService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = settings.Interval;
            try
            {
                var next = VideoIdResolver.Pending(songs.Catalog).MaxBy(s => s.Popularity ?? 0);
                if (connection.ApiKey is not { } key)
                {
                    // Not connected yet: the page may connect YouTube at any time.
                }
                else if (next is null)
                {
                    wait = settings.QuotaBackoff;
                }
                else
                {
                    var scratch = new SongCatalog([next]);
                    var resolver = new VideoIdResolver(new YouTubeSearchClient(clients.CreateClient(YouTubeEndpoints.HttpClientName), key), time);
                    var report = await resolver.ResolveAsync(scratch, 1, stoppingToken);
                    await songs.SaveAsync(scratch.Songs, stoppingToken);
                    if (report.StoppedBecause is { } reason)
                    {
                        LogStopped(logger, reason);
                        wait = settings.QuotaBackoff;
                    }
                }
            }
            catch (StorageUnavailableException e)
            {
                LogStopped(logger, e.Message);
                wait = settings.QuotaBackoff;
            }

            try
            {
                await Task.Delay(wait, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "YouTube video lookups paused: {Reason}")]
    private static partial void LogStopped(ILogger logger, string reason);
}
