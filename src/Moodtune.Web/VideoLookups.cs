using Microsoft.Extensions.Options;
using Moodtune.Music.Catalog;
using Moodtune.Music.YouTube;
using Moodtune.Storage;

namespace Moodtune.Web;

/// <summary>
/// Finds the videos of songs just before they are due to play (the page asks for the next few of its playlist), not in
/// the background: quota goes only to songs someone is about to hear. Each song is searched once for every listener
/// (the answer, found or not, goes into the songs table), concurrent requests for one song share one search, and a spent
/// quota or a refused key pauses lookups for <see cref="YouTubeOptions.QuotaBackoff"/>.
/// </summary>
internal sealed partial class VideoLookups(
    YouTubeConnection connection, IHttpClientFactory clients, SongStore songs, IOptions<YouTubeOptions> options, TimeProvider time, ILogger<VideoLookups> logger)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Task<Song>> _inFlight = new(StringComparer.Ordinal);
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;
    private string? _pausedBecause;

    /// <summary>Whether a song never looked up can be looked up now.</summary>
    public bool CanFind => connection.IsConnected && PausedBecause is null;

    /// <summary>Why lookups are paused (the API's answer), or null.</summary>
    public string? PausedBecause
    {
        get
        {
            lock (_gate)
            {
                return time.GetUtcNow() < _pausedUntil ? _pausedBecause : null;
            }
        }
    }

    /// <summary>Each song with its video when YouTube has one; only songs never looked up cost a search (100 quota units).</summary>
    public async Task<IReadOnlyList<Song>> LookUpAsync(IEnumerable<Song> wanted, CancellationToken cancellationToken)
    {
        var lookups = wanted.Select(LookUp).ToList();

        // The search goes on if the page leaves: its answer is stored for whoever plays the song next.
        return await Task.WhenAll(lookups).WaitAsync(cancellationToken);
    }

    private Task<Song> LookUp(Song song)
    {
        if (song.YouTubeId is not null || song.VideoSearchedOn is not null || !CanFind)
        {
            return Task.FromResult(song);
        }

        lock (_gate)
        {
            if (!_inFlight.TryGetValue(song.Id, out var search))
            {
                search = SearchAsync(song);
                _inFlight[song.Id] = search;
            }

            return search;
        }
    }

    private async Task<Song> SearchAsync(Song song)
    {
        // Never completes before the caller has recorded it as in flight.
        await Task.Yield();
        try
        {
            if (connection.ApiKey is not { } key)
            {
                return song;
            }

            var scratch = new SongCatalog([song]);
            var resolver = new VideoIdResolver(new YouTubeSearchClient(clients.CreateClient(YouTubeEndpoints.HttpClientName), key), time);
            var report = await resolver.ResolveAsync(scratch, 1, CancellationToken.None);
            if (report.StoppedBecause is { } reason)
            {
                Pause(reason);
                return song;
            }

            await songs.SaveAsync(scratch.Songs, CancellationToken.None);
            return songs.Catalog.TryGet(song.Id, out var saved) ? saved : scratch.Songs[0];
        }
        catch (StorageUnavailableException e)
        {
            LogFailed(logger, song.Id, e.Message);
            return song;
        }
        finally
        {
            lock (_gate)
            {
                _inFlight.Remove(song.Id);
            }
        }
    }

    /// <summary>Lifts a pause: the key it was about was replaced.</summary>
    public void Resume()
    {
        lock (_gate)
        {
            _pausedUntil = DateTimeOffset.MinValue;
            _pausedBecause = null;
        }
    }

    private void Pause(string reason)
    {
        lock (_gate)
        {
            _pausedUntil = time.GetUtcNow() + options.Value.QuotaBackoff;
            _pausedBecause = reason;
        }

        LogPaused(logger, reason, options.Value.QuotaBackoff);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "YouTube video lookups paused for {Backoff}: {Reason}")]
    private static partial void LogPaused(ILogger logger, string reason, TimeSpan backoff);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The video found for {SongId} could not be stored: {Reason}")]
    private static partial void LogFailed(ILogger logger, string songId, string reason);
}
