using Microsoft.Extensions.Hosting;
using Moodtune.Music.Catalog;
using Moodtune.Storage;

namespace Moodtune.Web;

/// <summary>
/// The one configuration of every Moodtune program: `serve` and the command line's catalog commands read the same
/// sources in the same order (appsettings.json beside the program, environment variables such as
/// Moodtune__DataDirectory and YouTube__ApiKey, then the command line) and use one name per setting (README,
/// "Configuration"). The command line's few switches are short forms of those names.
/// </summary>
public static class MoodtuneConfiguration
{
    /// <summary>`--data DIR` is the short form of `--Moodtune:DataDirectory DIR`.</summary>
    internal static readonly Dictionary<string, string> SwitchMappings = new(StringComparer.Ordinal)
    {
        ["--data"] = $"{WebOptions.SectionName}:{nameof(WebOptions.DataDirectory)}",
    };

    /// <summary>The settings, as the web app reads them (Host.CreateApplicationBuilder's sources, content root beside the program).</summary>
    /// <param name="overrides">Settings given on the command line, e.g. ("Moodtune:DataDirectory", "/srv/moodtune").</param>
    public static IConfiguration Load(IEnumerable<KeyValuePair<string, string?>> overrides)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(overrides);
        return builder.Configuration;
    }

    /// <summary>The data folder (the database moodtune.db), as a full path.</summary>
    public static string DataDirectory(IConfiguration configuration) => Path.GetFullPath(Web(configuration).DataDirectory);

    /// <summary>The most songs the catalog may hold (Moodtune:MaxCatalogSongs).</summary>
    public static int MaxCatalogSongs(IConfiguration configuration) => Web(configuration).MaxCatalogSongs;

    /// <summary>The YouTube Data API settings (section "YouTube").</summary>
    public static (string? ApiKey, Uri BaseAddress) YouTube(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(YouTubeOptions.SectionName).Get<YouTubeOptions>() ?? new YouTubeOptions();
        return (options.IsEnabled ? options.ApiKey!.Trim() : null, options.BaseAddress);
    }

    /// <summary>
    /// Opens the catalog of the data folder, as `serve` does: the database migrated, the songs table seeded when empty
    /// (<see cref="Seed"/>), the songs in memory.
    /// </summary>
    /// <exception cref="StorageUnavailableException">The database cannot be created or opened.</exception>
    public static async Task<(MoodtuneDatabase Database, SongStore Songs)> OpenCatalogAsync(IConfiguration configuration, CancellationToken cancellationToken = default)
    {
        var web = Web(configuration);
        var database = new MoodtuneDatabase(StorageOptions.Database(configuration, web));
        await database.MigrateAsync(cancellationToken);
        var songs = new SongStore(database);
        await songs.LoadAsync(() => Seed(web.DataDirectory), cancellationToken);
        return (database, songs);
    }

    /// <summary>
    /// What an empty songs table starts with: the built-in catalog, or DATA/catalog.csv where an earlier version's
    /// command line kept its catalog, so that nothing imported then is lost.
    /// </summary>
    internal static SongCatalog Seed(string dataDirectory) => new CatalogStore(Path.Combine(Path.GetFullPath(dataDirectory), "catalog.csv")).Load();

    private static WebOptions Web(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration.GetSection(WebOptions.SectionName).Get<WebOptions>() ?? new WebOptions();
    }
}
