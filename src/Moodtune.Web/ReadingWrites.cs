using Moodtune.Storage;

namespace Moodtune.Web;

/// <summary>Storing what a camera frame or a photo read, where the analysis is the answer and the history line a bonus.</summary>
internal static partial class ReadingWrites
{
    /// <summary>Stores the reading; when the database is away, logs that it was lost and returns false instead of failing the analysis.</summary>
    public static async Task<bool> TryAddAsync(this ReadingStore readings, long listener, MoodReading reading, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            await readings.AddAsync(listener, reading, cancellationToken);
            return true;
        }
        catch (StorageUnavailableException e)
        {
            LogNotStored(logger, Mood.WireName.Of(reading.Source), e.Message);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A {Source} reading was not stored: {Reason}")]
    private static partial void LogNotStored(ILogger logger, string source, string reason);
}
