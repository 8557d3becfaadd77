using System.Data.Common;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Moodtune.Storage;

/// <summary>A migration script embedded in this assembly (Migrations/Sqlite/0001_initial.sql...).</summary>
public sealed record Migration(int Version, string Name, string Sql);

/// <summary>
/// The database, SQLite or PostgreSQL (<see cref="DatabaseOptions.Provider"/>): opens connections, applies the embedded
/// migrations of its provider in order, and turns "the database went away" into <see cref="StorageUnavailableException"/>.
/// SQLite runs with a WAL journal and synchronous=FULL, so a committed row survives the process being killed; PostgreSQL
/// is shared by every node, so its migrations take a lock that makes a second node starting at once wait.
/// </summary>
public sealed class MoodtuneDatabase : IAsyncDisposable, IDisposable
{
    /// <summary>The one listener until accounts exist; created by the first migration.</summary>
    public const long LocalListener = 1;

    private const string MigrationPrefix = "Moodtune.Storage.Migrations.";

    // Any constant that no other program sharing the server is likely to pick: "Moodtune" in ASCII.
    private const long MigrationLock = 0x4d6f6f6474756e65;

    private static readonly Lazy<IReadOnlyDictionary<StorageProvider, IReadOnlyList<Migration>>> EmbeddedMigrations = new(LoadMigrations);

    private readonly string? _connectionString;
    private readonly string? _createConnectionString;
    private readonly NpgsqlDataSource? _postgres;
    private readonly int _busyTimeoutMs;
    private volatile bool _migrated;

    public MoodtuneDatabase(DatabaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Provider = options.Provider;
        if (Provider == StorageProvider.Postgres)
        {
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
            {
                throw new ArgumentException("The PostgreSQL provider needs a connection string (ConnectionStrings:Moodtune).", nameof(options));
            }

            var postgres = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            // The password stays in the connection string: this name goes into messages and logs.
            Path = string.Create(CultureInfo.InvariantCulture, $"postgres://{postgres.Host}:{postgres.Port}/{postgres.Database ?? postgres.Username}");
            _postgres = NpgsqlDataSource.Create(postgres);
            return;
        }

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

    public StorageProvider Provider { get; }

    /// <summary>What the database is, for messages: the SQLite file's full path, or postgres://host:port/database (never the password).</summary>
    public string Path { get; }

    /// <summary>This provider's migrations, in order.</summary>
    public IReadOnlyList<Migration> Migrations => EmbeddedMigrations.Value[Provider];

    /// <summary>The schema version every provider's migrations reach.</summary>
    public static int LatestVersion => EmbeddedMigrations.Value[StorageProvider.Sqlite][^1].Version;

    internal bool IsPostgres => Provider == StorageProvider.Postgres;

    /// <summary>
    /// Creates the SQLite file (and its folder) when missing and applies every migration not applied yet, each in its own
    /// transaction; on PostgreSQL each transaction first takes a lock, so that nodes starting together migrate one by one.
    /// </summary>
    /// <returns>The schema version now.</returns>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken = default)
    {
        var version = await GuardAsync(
            async () =>
            {
                var connection = await OpenForMigrationAsync(cancellationToken).ConfigureAwait(false);
                await using (connection.ConfigureAwait(false))
                {
                    var current = await CurrentVersionAsync(connection, null, cancellationToken).ConfigureAwait(false);
                    foreach (var migration in Migrations.Where(m => m.Version > current))
                    {
                        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                        await using (transaction.ConfigureAwait(false))
                        {
                            await LockMigrationsAsync(connection, transaction, cancellationToken).ConfigureAwait(false);

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
    /// <exception cref="StorageUnavailableException">The SQLite file is gone.</exception>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        if (!_migrated)
        {
            throw new InvalidOperationException("Call MigrateAsync before using the database.");
        }

        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }

        // A pooled connection would go on writing into a deleted file's inode, losing everything silently.
        if (!File.Exists(Path))
        {
            SqliteConnection.ClearAllPools();
            throw new StorageUnavailableException($"The database {Path} is gone (deleted or moved); restart Moodtune to create a new one.");
        }

        return await OpenSqliteAsync(_connectionString!, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs work on a fresh connection, turning the failures of a database that went away into <see cref="StorageUnavailableException"/>.</summary>
    public Task<T> RunAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return StorageMetrics.MeasureAsync(() => GuardAsync(async () =>
        {
            try
            {
                return await OnceAsync().ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState is "57P01" or "57P02")
            {
                // The server ended this pooled connection's session (it restarted or crashed while the connection sat
                // idle): the session's uncommitted work was rolled back, and its idle siblings are as dead. Once more, on
                // a fresh connection; a server still away fails that one too.
                _postgres!.Clear();
                return await OnceAsync().ConfigureAwait(false);
            }
        }));

        async Task<T> OnceAsync()
        {
            var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                return await work(connection).ConfigureAwait(false);
            }
        }
    }

    /// <summary>As <see cref="RunAsync{T}"/>, inside one transaction that commits when the work returns.</summary>
    public Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return RunAsync(
            async connection =>
            {
                var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
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

    public ValueTask DisposeAsync() => _postgres?.DisposeAsync() ?? ValueTask.CompletedTask;

    public void Dispose() => _postgres?.Dispose();

    private async Task<DbConnection> OpenForMigrationAsync(CancellationToken cancellationToken)
    {
        if (_postgres is not null)
        {
            var postgres = await _postgres.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // Under the lock too: two nodes creating the table at once would collide in PostgreSQL's catalog.
                var transaction = await postgres.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    await LockMigrationsAsync(postgres, transaction, cancellationToken).ConfigureAwait(false);
                    await postgres.ExecuteAsync(new CommandDefinition(
                        "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, name text NOT NULL, applied text NOT NULL);",
                        transaction: transaction,
                        cancellationToken: cancellationToken)).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }

                return postgres;
            }
            catch
            {
                await postgres.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var connection = await OpenSqliteAsync(_createConnectionString!, cancellationToken).ConfigureAwait(false);
        try
        {
            // WAL is a property of the file: set once, kept by every later connection.
            await connection.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode=WAL;", cancellationToken: cancellationToken)).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(
                "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied TEXT NOT NULL);",
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task<SqliteConnection> OpenSqliteAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(
                string.Create(CultureInfo.InvariantCulture, $"PRAGMA synchronous=FULL; PRAGMA busy_timeout={_busyTimeoutMs};"),
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // SQLite's transactions begin IMMEDIATE, which already excludes every other writer; PostgreSQL's need the lock said.
    private async Task LockMigrationsAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        if (IsPostgres)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "SELECT pg_advisory_xact_lock(@MigrationLock);", new { MigrationLock }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }

    private static async Task<int> CurrentVersionAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
            "SELECT MAX(version) FROM schema_version;", transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false) ?? 0;

    private async Task<T> GuardAsync<T>(Func<Task<T>> work)
    {
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (DbException e) when (IsUnavailable(e))
        {
            // The server restarted or went away: the pool's idle connections are dead, and each would fail one more request.
            _postgres?.Clear();
            throw new StorageUnavailableException($"The database {Path} cannot be used: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageUnavailableException($"The database {Path} cannot be used: {e.Message}", e);
        }
    }

    // Failures of a database that went away (a file deleted, locked or full; a server stopped, restarting or out of
    // connections), never of a bug in our SQL (constraints, syntax): those stay what they are.
    private static bool IsUnavailable(DbException e) => e switch
    {
        SqliteException sqlite => (sqlite.SqliteErrorCode & 0xFF) switch
        {
            5 or 6 => true,   // BUSY, LOCKED
            8 => true,        // READONLY
            10 or 11 => true, // IOERR, CORRUPT
            13 or 14 => true, // FULL, CANTOPEN
            26 => true,       // NOTADB
            _ => false,
        },
        PostgresException postgres => postgres.SqlState switch
        {
            "57P01" or "57P02" or "57P03" => true, // admin_shutdown, crash_shutdown, cannot_connect_now
            "53300" => true,                      // too_many_connections
            var state => state.StartsWith("08", StringComparison.Ordinal), // connection exceptions
        },

        // Not an error the server sent: the connection could not be made or broke (refused, reset, timed out).
        NpgsqlException npgsql => npgsql.IsTransient,
        _ => false,
    };

    private static Dictionary<StorageProvider, IReadOnlyList<Migration>> LoadMigrations()
    {
        var assembly = typeof(MoodtuneDatabase).Assembly;
        var all = new Dictionary<StorageProvider, IReadOnlyList<Migration>>();
        foreach (var provider in Enum.GetValues<StorageProvider>())
        {
            var prefix = $"{MigrationPrefix}{provider}.";
            var migrations = new List<Migration>();
            foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
            {
                var name = resource[prefix.Length..];
                var digits = name.Split('_', 2)[0];
                if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
                {
                    throw new InvalidDataException($"The migration {provider}/{name} must start with its version number (0001_name.sql).");
                }

                using var stream = assembly.GetManifestResourceStream(resource)!;
                using var reader = new StreamReader(stream);
                migrations.Add(new Migration(version, name, reader.ReadToEnd()));
            }

            migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
            if (migrations.Count == 0 || migrations.Select(m => m.Version).Distinct().Count() != migrations.Count)
            {
                throw new InvalidDataException($"The embedded {provider} migrations are missing or share a version number.");
            }

            all[provider] = migrations;
        }

        // One schema, two dialects: a migration written for one provider only would leave the other behind.
        if (all.Values.Select(m => string.Join(',', m.Select(x => x.Name))).Distinct().Count() != 1)
        {
            throw new InvalidDataException("Every provider needs the same migrations (Migrations/Sqlite and Migrations/Postgres).");
        }

        return all;
    }
}
