namespace Moodtune.Storage;

/// <summary>Where the SQLite database lives.</summary>
public sealed record DatabaseOptions
{
    /// <summary>The database file; its folder is created on first start.</summary>
    public required string Path { get; init; }

    /// <summary>How long a write waits for another writer before it fails.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
