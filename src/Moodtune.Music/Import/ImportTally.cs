using Moodtune.Music.Catalog;

namespace Moodtune.Music.Import;

/// <summary>The running counts of an import, turned into an <see cref="ImportReport"/> at the end.</summary>
internal sealed class ImportTally
{
    private const int LocationsKept = 5;

    private readonly Dictionary<string, (int Count, List<RowLocation> First)> _skips = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Count, List<RowLocation> First)> _warnings = new(StringComparer.Ordinal);
    private readonly List<string> _errors = [];
    private readonly List<ImportedFile> _files = [];
    private int _added, _updated, _unchanged, _skipped;

    public void File(ImportedFile file) => _files.Add(file);

    public void Count(UpsertOutcome outcome)
    {
        switch (outcome)
        {
            case UpsertOutcome.Added:
                _added++;
                break;
            case UpsertOutcome.Updated:
                _updated++;
                break;
            default:
                _unchanged++;
                break;
        }
    }

    public void Skip(string reason, RowLocation where)
    {
        _skipped++;
        Note(_skips, reason, where);
    }

    public void Warn(string reason, RowLocation? where = null) => Note(_warnings, reason, where);

    public void Error(string file, string message) => _errors.Add($"{file}: {message}");

    public ImportReport ToReport(string path, CatalogFormat format, TimeSpan elapsed) => new()
    {
        Path = path,
        Format = format,
        Files = [.. _files],
        Added = _added,
        Updated = _updated,
        Unchanged = _unchanged,
        Skipped = _skipped,
        SkipReasons = Issues(_skips),
        Warnings = Issues(_warnings),
        Errors = [.. _errors],
        Elapsed = elapsed,
    };

    private static void Note(Dictionary<string, (int Count, List<RowLocation> First)> issues, string reason, RowLocation? where)
    {
        if (!issues.TryGetValue(reason, out var issue))
        {
            issue = (0, []);
        }

        if (where is { } location && issue.First.Count < LocationsKept)
        {
            issue.First.Add(location);
        }

        issues[reason] = (issue.Count + 1, issue.First);
    }

    private static ImportIssue[] Issues(Dictionary<string, (int Count, List<RowLocation> First)> issues) =>
        [.. issues.OrderByDescending(i => i.Value.Count).ThenBy(i => i.Key, StringComparer.Ordinal)
            .Select(i => new ImportIssue(i.Key, i.Value.Count, [.. i.Value.First]))];
}
