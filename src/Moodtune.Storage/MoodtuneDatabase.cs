using System.Data.Common;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Moodtune.Storage;

/// <summary>A migration script embedded in this assembly (Migrations/0001_initial.sql...).</summary>
public sealed record Migration(int Version, string Name, string Sql);

/// <summary>
/// The SQLite database: opens connections (WAL journal, synchronous=FULL, so a committed row survives the process
/// being killed), applies the embedded migrations in order, and turns "the file went away" into
/// <see cref="StorageUnavailableException"/>.
/// </summary>
public sealed class MoodtuneDatabase
{
    /// <summary>The one listener until accounts exist; created by the first migration.</summary>
    public const long LocalListener = 1;

    private const string MigrationPrefix = "Moodtune.Storage.Migrations.";

    private static readonly Lazy<IReadOnlyList<Migration>> EmbeddedMigrations = new(LoadMigrations);

    private readonly string _connectionString;
    private readonly string _createConnectionString;
    private readonly int _busyTimeoutMs;
    private volatile bool _migrated;

    public MoodtuneDatabase(DatabaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Path);
        Path = System.IO.Path.GetFullPath(options.Path);
        _busyTimeoutMs = (int)options.BusyTimeout.TotalMilliseconds;
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWrite,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = Math.Max(1, (int)options.BusyTimeout.TotalSeconds),
        };
        _connectionString = builder.ToString();
        builder.Mode = SqliteOpenMode.ReadWriteCreate;
        _createConnectionString = builder.ToString();
    }

    public string Path { get; }

    public static IReadOnlyList<Migration> Migrations => EmbeddedMigrations.Value;

    public static int LatestVersion => Migrations[^1].Version;

    /// <summary>Creates the file (and its folder) when missing and applies every migration not applied yet, each in its own transaction.</summary>
    /// <returns>The schema version now.</returns>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken = default)
    {
        var version = await GuardAsync(
            async () =>
            {
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
                var connection = new SqliteConnection(_createConnectionString);
                await using (connection.ConfigureAwait(false))
                {
                    await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                    await ConfigureAsync(connection, cancellationToken).ConfigureAwait(false);

                    // WAL is a property of the file: set once, kept by every later connection.
                    await connection.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode=WAL;", cancellationToken: cancellationToken)).ConfigureAwait(false);
                    await connection.ExecuteAsync(new CommandDefinition(
                        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied TEXT NOT NULL);",
                        cancellationToken: cancellationToken)).ConfigureAwait(false);

                    var current = await CurrentVersionAsync(connection, null, cancellationToken).ConfigureAwait(false);
                    foreach (var migration in Migrations.Where(m => m.Version > current))
                    {
                        var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                        await using (transaction.ConfigureAwait(false))
                        {
                            // Another process may have migrated meanwhile: the transaction re-reads the version.
                            if (await CurrentVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false) >= migration.Version)
                            {
                                continue;
                            }

                            await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                            await connection.ExecuteAsync(new CommandDefinition(
                                "INSERT INTO schema_version (version, name, applied) VALUES (@Version, @Name, @Applied);",
                                new { migration.Version, migration.Name, Applied = StorageTime.ToText(DateTimeOffset.UtcNow) },
                                transaction,
                                cancellationToken: cancellationToken)).ConfigureAwait(false);
                            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                        }
                    }

                    return await CurrentVersionAsync(connection, null, cancellationToken).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
        _migrated = true;
        return version;
    }

    /// <summary>Opens a connection to the migrated database.</summary>
    /// <exception cref="StorageUnavailableException">The file is gone or cannot be opened.</exception>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        if (!_migrated)
        {
            throw new InvalidOperationException("Call MigrateAsync before using the database.");
        }

        // A pooled connection would go on writing into a deleted file's inode, losing everything silently.
        if (!File.Exists(Path))
        {
            SqliteConnection.ClearAllPools();
            throw new StorageUnavailableException($"The database {Path} is gone (deleted or moved); restart Moodtune to create a new one.");
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ConfigureAsync(connection, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs work on a fresh connection, turning the failures of a database that went away into <see cref="StorageUnavailableException"/>.</summary>
    public Task<T> RunAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return GuardAsync(async () =>
        {
            var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                return await work(connection).ConfigureAwait(false);
            }
        });
    }

    /// <summary>As <see cref="RunAsync{T}"/>, inside one transaction that commits when the work returns.</summary>
    public Task<T> InTransactionAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return RunAsync(
            async connection =>
            {
                var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    var result = await work(connection, transaction).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return result;
                }
            },
            cancellationToken);
    }

    /// <summary>Whether the database answers a query now (for health checks).</summary>
    public async Task<bool> IsAvailableAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var version = await RunAsync(c => CurrentVersionAsync(c, null, cancellationToken), cancellationToken).ConfigureAwait(false);
            return version >= LatestVersion;
        }
        catch (StorageUnavailableException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private async Task ConfigureAsync(SqliteConnection connection, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(
            string.Create(CultureInfo.InvariantCulture, $"PRAGMA synchronous=FULL; PRAGMA busy_timeout={_busyTimeoutMs};"),
            cancellationToken: cancellationToken)).ConfigureAwait(false);

    private static async Task<int> CurrentVersionAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
            "SELECT MAX(version) FROM schema_version;", transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false) ?? 0;

    private async Task<T> GuardAsync<T>(Func<Task<T>> work)
    {
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (SqliteException e) when (IsUnavailable(e))
        {
            throw new StorageUnavailableException($"The database {Path} cannot be used: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageUnavailableException($"The database {Path} cannot be used: {e.Message}", e);
        }
    }

    // Primary result codes of a file that went away, not of a bug in our SQL (constraints, syntax).
    private static bool IsUnavailable(DbException e) => e is SqliteException sqlite && (sqlite.SqliteErrorCode & 0xFF) switch
    {
        5 or 6 => true,   // BUSY, LOCKED
        8 => true,        // READONLY
        10 or 11 => true, // IOERR, CORRUPT
        13 or 14 => true, // FULL, CANTOPEN
        26 => true,       // NOTADB
        _ => false,
    };

    private static List<Migration> LoadMigrations()
    {
        var assembly = typeof(MoodtuneDatabase).Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(MigrationPrefix, StringComparison.Ordinal)))
        {
            var name = resource[MigrationPrefix.Length..];
            var digits = name.Split('_', 2)[0];
            if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
            {
                throw new InvalidDataException($"The migration {name} must start with its version number (0001_name.sql).");
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add(new Migration(version, name, reader.ReadToEnd()));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        if (migrations.Count == 0 || migrations.Select(m => m.Version).Distinct().Count() != migrations.Count)
        {
            throw new InvalidDataException("The embedded migrations are missing or share a version number.");
        }

        return migrations;
    }
}
