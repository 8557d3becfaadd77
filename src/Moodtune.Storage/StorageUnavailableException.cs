namespace Moodtune.Storage;

/// <summary>
/// The database cannot be used right now: its file was deleted, is read-only, locked, full, corrupt or in a folder that
/// cannot be created. The process stays up; callers answer "unavailable" and may retry after the cause is fixed.
/// </summary>
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException()
    {
    }

    public StorageUnavailableException(string message)
        : base(message)
    {
    }

    public StorageUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
