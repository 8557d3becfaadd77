using Moodtune.Storage;

namespace Moodtune.Web;

/// <summary>
/// Which database keeps the data (section "Storage"; environment: Storage__Provider): SQLite's file in the data folder
/// (the default, one node), or PostgreSQL (several nodes) at the connection string ConnectionStrings:Moodtune
/// (environment: ConnectionStrings__Moodtune).
/// </summary>
internal sealed class StorageOptions
{
    public const string SectionName = "Storage";

    public const string ConnectionStringName = "Moodtune";

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>The database the settings name: the data folder's moodtune.db, or the PostgreSQL connection string's.</summary>
    /// <exception cref="InvalidOperationException">PostgreSQL without a connection string.</exception>
    public static DatabaseOptions Database(IConfiguration configuration, WebOptions web)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(web);
        var options = configuration.GetSection(SectionName).Get<StorageOptions>() ?? new StorageOptions();
        if (options.Provider == StorageProvider.Sqlite)
        {
            return new DatabaseOptions { Path = web.DatabasePath };
        }

        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        return string.IsNullOrWhiteSpace(connectionString)
            ? throw new InvalidOperationException($"Storage:Provider {options.Provider} needs ConnectionStrings:{ConnectionStringName} (environment: ConnectionStrings__{ConnectionStringName}).")
            : new DatabaseOptions { Provider = options.Provider, ConnectionString = connectionString };
    }
}
