using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Moodtune.Storage;
using Moodtune.Web;

namespace Moodtune.Cli.Commands;

/// <summary>
/// The catalog the command line works on is the one `serve` uses: the songs table of the data folder's database,
/// found through the same configuration (<see cref="MoodtuneConfiguration"/>). CSV and JSON files are what comes in
/// (`catalog import`) and goes out (`catalog export`).
/// </summary>
internal static class DataFolder
{
    public static Option<DirectoryInfo?> Option() => new("--data")
    {
        Description = "Data folder (the database moodtune.db, shared with `serve`). Default: the setting Moodtune:DataDirectory (appsettings.json, environment Moodtune__DataDirectory), ./data.",
    };

    /// <summary>The configuration, with --data (when given) as Moodtune:DataDirectory.</summary>
    public static IConfiguration Configuration(DirectoryInfo? data) =>
        MoodtuneConfiguration.Load(data is null ? [] : [new("Moodtune:DataDirectory", data.FullName)]);

    /// <summary>Opens the data folder's catalog, or reports why it cannot (and returns null).</summary>
    public static async Task<SongStore?> OpenCatalogAsync(IConfiguration configuration, CliConsole console, CancellationToken cancellationToken)
    {
        try
        {
            var (_, songs) = await MoodtuneConfiguration.OpenCatalogAsync(configuration, cancellationToken);
            return songs;
        }
        catch (Exception e) when (e is StorageUnavailableException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            console.Problem(MoodtuneConfiguration.DataDirectory(configuration), e.Message);
            return null;
        }
    }

    /// <inheritdoc cref="OpenCatalogAsync(IConfiguration, CliConsole, CancellationToken)"/>
    public static Task<SongStore?> OpenCatalogAsync(DirectoryInfo? data, CliConsole console, CancellationToken cancellationToken) =>
        OpenCatalogAsync(Configuration(data), console, cancellationToken);
}
