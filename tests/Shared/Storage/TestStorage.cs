using System.Security.Cryptography;
using System.Text;
using Moodtune.Storage;
using Npgsql;

namespace Moodtune.Tests;

/// <summary>
/// The database the tests run on: a SQLite file in the test's data folder (the default), or, with
/// Storage__Provider=Postgres, a database of its own on the PostgreSQL cluster whose admin connection string
/// MOODTUNE_TEST_POSTGRES holds (test.sh starts a throw-away one: tools/postgres-cluster.sh).
/// </summary>
internal static class TestStorage
{
    public const string AdminVariable = "MOODTUNE_TEST_POSTGRES";

    public static bool IsPostgres { get; } =
        string.Equals(Environment.GetEnvironmentVariable("Storage__Provider"), nameof(StorageProvider.Postgres), StringComparison.OrdinalIgnoreCase);

    /// <summary>Skips a test of what only SQLite has (its file, its pragmas) in a PostgreSQL run.</summary>
    public static void SkipOnPostgres(string what) => Assert.SkipWhen(IsPostgres, $"SQLite only ({what}): this run is on PostgreSQL");

    /// <summary>The database of a data folder: its moodtune.db, or a PostgreSQL database named after the folder, created when missing.</summary>
    public static DatabaseOptions Options(string dataDirectory) => IsPostgres
        ? new DatabaseOptions { Provider = StorageProvider.Postgres, ConnectionString = ConnectionString(dataDirectory) }
        : new DatabaseOptions { Path = Path.Combine(dataDirectory, "moodtune.db") };

    /// <summary>The settings that put an app over <paramref name="dataDirectory"/> on the same database as <see cref="Options"/> (none for SQLite).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> AppSettings(string dataDirectory) => IsPostgres
        ? [new("Storage:Provider", nameof(StorageProvider.Postgres)), new("ConnectionStrings:Moodtune", ConnectionString(dataDirectory))]
        : [];

    /// <summary>The connection string of the data folder's PostgreSQL database, created when missing.</summary>
    public static string ConnectionString(string dataDirectory) => ConnectionString(Admin(), dataDirectory);

    /// <summary>As <see cref="ConnectionString(string)"/>, on the cluster of <paramref name="admin"/>.</summary>
    public static string ConnectionString(string admin, string dataDirectory)
    {
        var name = DatabaseName(dataDirectory);
        using var connection = new NpgsqlConnection(admin);
        connection.Open();
        using var exists = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = @name);", connection);
        exists.Parameters.AddWithValue("name", name);
        if (exists.ExecuteScalar() is not true)
        {
            using var create = new NpgsqlCommand($"CREATE DATABASE {name};", connection);
            create.ExecuteNonQuery();
        }

        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ToString();
    }

    /// <summary>Drops the data folder's PostgreSQL database, if any (nothing for SQLite: the folder goes with its file).</summary>
    public static void Drop(string dataDirectory)
    {
        if (IsPostgres)
        {
            Drop(Admin(), dataDirectory);
        }
    }

    public static void Drop(string admin, string dataDirectory)
    {
        using var connection = new NpgsqlConnection(admin);
        connection.Open();

        // FORCE ends the connections the app's pool still holds.
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {DatabaseName(dataDirectory)} WITH (FORCE);", connection);
        drop.ExecuteNonQuery();
    }

    // A run that cannot reach its cluster fails: a skipped PostgreSQL pass would look like a passed one.
    private static string Admin() =>
        Environment.GetEnvironmentVariable(AdminVariable) is { Length: > 0 } admin
            ? admin
            : throw new InvalidOperationException($"Storage__Provider=Postgres needs {AdminVariable}, the connection string of a PostgreSQL cluster the tests may create databases on (tools/postgres-cluster.sh start DIR prints one).");

    // Temporary folders have unique names; a hash of the full path is a valid identifier whatever they contain.
    private static string DatabaseName(string dataDirectory) =>
        "moodtune_test_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(dataDirectory))))[..24];
}
