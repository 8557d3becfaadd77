using System.CommandLine;
using Moodtune.Music.Catalog;

namespace Moodtune.Cli.Commands;

/// <summary>Where the command line keeps the catalog: --catalog FILE, else $MOODTUNE_DATA/catalog.csv, else ./data/catalog.csv.</summary>
internal static class CatalogLocation
{
    public static Option<FileInfo?> Option() => new("--catalog")
    {
        Description = "Catalog file (CSV or JSON, the generic layout). Default: $MOODTUNE_DATA/catalog.csv or ./data/catalog.csv; the built-in catalog until something is imported.",
    };

    public static CatalogStore Store(FileInfo? file) => new(file?.FullName ?? DefaultPath());

    public static string DefaultPath()
    {
        var data = Environment.GetEnvironmentVariable("MOODTUNE_DATA");
        return Path.Combine(string.IsNullOrWhiteSpace(data) ? "data" : data, "catalog.csv");
    }

    /// <summary>Loads the catalog, or reports why it cannot be read.</summary>
    public static SongCatalog? TryLoad(CatalogStore store, CliConsole console)
    {
        try
        {
            return store.Load();
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            console.Problem(store.Path, e.Message);
            return null;
        }
    }
}
