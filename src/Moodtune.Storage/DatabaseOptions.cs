namespace Moodtune.Storage;

/// <summary>Which database engine keeps the data.</summary>
public enum StorageProvider
{
    /// <summary>One file in the data folder: one node.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server that several nodes share.</summary>
    Postgres,
}

/// <summary>Where the database lives: a SQLite file (<see cref="Path"/>) or a PostgreSQL server (<see cref="ConnectionString"/>).</summary>
public sealed record DatabaseOptions
{
    public StorageProvider Provider { get; init; } = StorageProvider.Sqlite;

    /// <summary>The SQLite database file; its folder is created on first start.</summary>
    public string? Path { get; init; }

    /// <summary>The PostgreSQL connection string (Npgsql's form: Host=...;Database=...;Username=...).</summary>
    public string? ConnectionString { get; init; }

    /// <summary>How long a write waits for another writer (SQLite) or a connection waits to open (PostgreSQL) before it fails.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
