namespace Moodtune.Storage;

/// <summary>What the player reported about a song.</summary>
public enum PlayEvent
{
    Started,

    Completed,

    Skipped,

    /// <summary>The video could not be played (YouTube error 100, 101, 150...): the song is not offered again.</summary>
    Error,
}

/// <summary>One event of the player.</summary>
public sealed record PlayRecord(DateTimeOffset Time, string SongId, PlayEvent Event, int? ErrorCode = null)
{
    public long Id { get; init; }
}

/// <summary>A listener's word on a song.</summary>
public enum SongFeedback
{
    Like,

    Dislike,
}

/// <summary>The current feedback on one song (one per song: the latest word wins).</summary>
public sealed record FeedbackRecord(string SongId, SongFeedback Value, DateTimeOffset Time);

internal static class StorageNames
{
    public static string Of(ReadingSource source) => source switch
    {
        ReadingSource.Camera => "camera",
        ReadingSource.Photo => "photo",
        ReadingSource.Picker => "picker",
        _ => throw new ArgumentOutOfRangeException(nameof(source)),
    };

    public static string Of(PlayEvent play) => play switch
    {
        PlayEvent.Started => "started",
        PlayEvent.Completed => "completed",
        PlayEvent.Skipped => "skipped",
        PlayEvent.Error => "error",
        _ => throw new ArgumentOutOfRangeException(nameof(play)),
    };

    public static string Of(SongFeedback feedback) => feedback switch
    {
        SongFeedback.Like => "like",
        SongFeedback.Dislike => "dislike",
        _ => throw new ArgumentOutOfRangeException(nameof(feedback)),
    };

    public static T Parse<T>(string text)
        where T : struct, Enum =>
        Enum.TryParse<T>(text, ignoreCase: true, out var value) ? value : throw new InvalidDataException($"Unknown {typeof(T).Name} '{text}' in the database.");
}
