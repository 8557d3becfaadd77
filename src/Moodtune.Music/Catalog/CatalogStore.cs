namespace Moodtune.Music.Catalog;

/// <summary>
/// A catalog kept in one file of the generic layout (CSV, or JSON by extension). Until the file exists the catalog
/// is the default one; every save replaces the file atomically, so a crash mid-write leaves the previous catalog intact.
/// </summary>
public sealed class CatalogStore(string path)
{
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public bool Exists => File.Exists(Path);

    /// <summary>The stored catalog, or the default catalog when nothing was stored yet.</summary>
    /// <exception cref="InvalidDataException">The stored file has malformed rows (they are listed).</exception>
    public SongCatalog Load()
    {
        if (!Exists)
        {
            return DefaultCatalog.Load();
        }

        var catalog = new SongCatalog();
        var problems = new List<string>();
        using var stream = File.OpenRead(Path);
        var rows = IsJson(Path)
            ? CatalogJson.Read(stream, "stored")
            : CatalogCsv.Read(new StreamReader(stream), "stored");
        var where = IsJson(Path) ? "song" : "line";
        foreach (var row in rows)
        {
            if (row.Song is { } song)
            {
                catalog.Upsert(song);
            }
            else
            {
                problems.Add($"{where} {row.Line}: {row.Problem}");
            }
        }

        return problems.Count == 0
            ? catalog
            : throw new InvalidDataException($"The catalog {Path} has {problems.Count} malformed row(s): {string.Join("; ", problems.Take(5))}");
    }

    public void Save(SongCatalog catalog) => Export(catalog, Path);

    /// <summary>Writes the catalog to a file (CSV, or JSON when the name ends in .json) through a temporary file and a rename.</summary>
    public static void Export(SongCatalog catalog, string path)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        var temporary = $"{full}.{Environment.ProcessId}.tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                if (IsJson(full))
                {
                    CatalogJson.Write(stream, catalog.Songs);
                }
                else
                {
                    using var writer = new StreamWriter(stream, leaveOpen: true);
                    CatalogCsv.Write(writer, catalog.Songs);
                }

                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static bool IsJson(string path) => path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
}
