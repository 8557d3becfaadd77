using System.Globalization;

namespace Moodtune.Music.Import;

/// <summary>Where in the input a row was: the file's name and the line the row starts on.</summary>
public readonly record struct RowLocation(string File, long Line)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{File}:{Line}");
}

/// <summary>One reason rows were skipped (or kept with a warning): how often, and where the first few were.</summary>
public sealed record ImportIssue(string Reason, int Count, IReadOnlyList<RowLocation> FirstRows);

/// <summary>One file read by an import: its layout and the encoding its text was read in.</summary>
public sealed record ImportedFile(string Path, CatalogFormat Format, string Encoding);

/// <summary>What an import did. Every data row is counted exactly once in Added, Updated, Unchanged or Skipped.</summary>
public sealed record ImportReport
{
    /// <summary>The file or directory imported.</summary>
    public required string Path { get; init; }

    /// <summary>The layout read (detected or named); for a directory whose files differ, <see cref="CatalogFormat.Auto"/>.</summary>
    public required CatalogFormat Format { get; init; }

    public IReadOnlyList<ImportedFile> Files { get; init; } = [];

    /// <summary>Songs new to the catalog.</summary>
    public int Added { get; init; }

    /// <summary>Rows that changed a song already in the catalog (a new mood, better features, a video id...).</summary>
    public int Updated { get; init; }

    /// <summary>Rows the catalog already knew exactly (a second import of the same file, a duplicate row).</summary>
    public int Unchanged { get; init; }

    /// <summary>Rows that could not become songs; see <see cref="SkipReasons"/>.</summary>
    public int Skipped { get; init; }

    /// <summary>Why rows were skipped, most frequent first.</summary>
    public IReadOnlyList<ImportIssue> SkipReasons { get; init; } = [];

    /// <summary>Things the import did on the user's behalf: a YouTube URL dropped, a file read as Windows-1252...</summary>
    public IReadOnlyList<ImportIssue> Warnings { get; init; } = [];

    /// <summary>Files that could not be imported at all (a layout that holds no songs, missing columns...), with why.</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];

    public TimeSpan Elapsed { get; init; }

    /// <summary>Every data row read.</summary>
    public int Rows => Added + Updated + Unchanged + Skipped;

    public override string ToString()
    {
        var counts = string.Create(
            CultureInfo.InvariantCulture,
            $"{CatalogFormats.Name(Format)}: {Added} added, {Updated} updated, {Unchanged} unchanged, {Skipped} skipped in {Elapsed.TotalSeconds:0.00} s");
        return Errors.Count > 0 ? $"{counts}; {string.Join("; ", Errors)}" : counts;
    }
}
