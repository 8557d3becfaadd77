using CsvHelper;

namespace Moodtune.Music.Import;

/// <summary>
/// One CSV layout, declared as data: the columns it needs (a name may list aliases, <c>song|title</c>), the columns it
/// reads when present, and how one record becomes a row. <see cref="Read"/> is the one reading loop every layout shares:
/// CsvHelper parses, and each record comes with the physical line it starts on.
/// </summary>
/// <typeparam name="TRow">What a record becomes: a catalog row, or a data set's own record (a Bollywood song, an album).</typeparam>
internal sealed record CsvLayout<TRow>
{
    /// <summary>The layout's name, which messages about the file start with.</summary>
    public required string Name { get; init; }

    public required IReadOnlyList<string> Required { get; init; }

    public IReadOnlyList<string> Optional { get; init; } = [];

    /// <summary>Why a header that has every required column still cannot be read (a choice between columns), or null.</summary>
    public Func<CsvRecord, string?> CheckHeader { get; init; } = _ => null;

    public required Func<CsvRecord, TRow> ToRow { get; init; }

    /// <summary>The row for a record that cannot be trusted, with its line and why.</summary>
    public required Func<long, string, TRow> Problem { get; init; }

    /// <summary>
    /// A file problem (empty, a missing column, unreadable past a point) becomes one <see cref="Problem"/> row that ends the
    /// file instead of an <see cref="InvalidDataException"/>; records may be shorter or longer than the header, and a stray
    /// quote is kept as text. Our own catalog files read this way (their readers never throw); data sets are strict.
    /// </summary>
    public bool Tolerant { get; init; }

    /// <summary>Streams the rows of <paramref name="text"/>, which is left open.</summary>
    /// <exception cref="InvalidDataException">A strict layout's header lacks a required column, or the CSV cannot be read past a point.</exception>
    public IEnumerable<TRow> Read(TextReader text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return ReadRows(text);
    }

    private IEnumerable<TRow> ReadRows(TextReader text)
    {
        // CsvHelper finds malformed quoting while scanning ahead; the record is flagged when the loop reaches its line.
        var malformed = new Dictionary<long, CsvMalformedReason>();
        using var csv = CsvReader.Create(text, CsvFiles.Options with { OnMalformedRecord = m => malformed[m.LineNumber] = m.Reason }, leaveOpen: true);
        var header = CsvFiles.TryHeader(csv, out var unreadable);
        if (header is null)
        {
            if (Tolerant)
            {
                yield return Problem(1, unreadable ?? "the file is empty: it has no header");
            }
            else if (unreadable is not null)
            {
                throw new InvalidDataException($"{Name}: {unreadable}");
            }

            yield break;
        }

        var columns = Columns(header);
        var record = new CsvRecord(csv, Name, columns);
        if ((MissingColumns(header, columns) ?? CheckHeader(record)) is { } missing)
        {
            yield return Tolerant ? Problem(1, missing) : throw new InvalidDataException($"{Name}: {missing}");
            yield break;
        }

        var line = 1L;
        while (true)
        {
            string? failure = null;
            try
            {
                if (!csv.Read())
                {
                    break;
                }
            }
            catch (CsvFormatException e)
            {
                failure = $"the CSV cannot be read past this point: {e.Message}";
                line = e.LineNumber > 0 ? e.LineNumber : line + 1;
            }

            if (failure is not null)
            {
                yield return Tolerant ? Problem(line, failure) : throw new InvalidDataException($"{Name}, line {line}: {failure}");
                yield break;
            }

            line = csv.LineNumber;
            yield return RecordProblem(csv, header.Length, malformed) is { } problem ? Problem(line, problem) : ToRow(record);
        }
    }

    private string? RecordProblem(CsvReader csv, int headerCount, Dictionary<long, CsvMalformedReason> malformed)
    {
        if (malformed.Remove(csv.LineNumber, out var reason) && (!Tolerant || reason == CsvMalformedReason.UnterminatedQuote))
        {
            return reason == CsvMalformedReason.UnterminatedQuote
                ? "broken quoting: a quote opened on this line is never closed, so the rest of the file is one field"
                : "broken quoting";
        }

        return Tolerant || csv.FieldCount == headerCount ? null : $"{csv.FieldCount} fields where the header has {headerCount}";
    }

    private Dictionary<string, int> Columns(string[] header)
    {
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var names in Required.Concat(Optional))
        {
            columns[names] = names.Split('|').Select(name => Array.IndexOf(header, name)).FirstOrDefault(i => i >= 0, -1);
        }

        return columns;
    }

    private string? MissingColumns(string[] header, Dictionary<string, int> columns)
    {
        var missing = Required.Where(names => columns[names] < 0)
            .Select(names => $"'{names.Replace("|", "' or '", StringComparison.Ordinal)}'")
            .ToList();
        return missing.Count == 0
            ? null
            : $"missing column{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)}; the header has: {string.Join(", ", header.Select(h => h.Length == 0 ? "(unnamed)" : h))}.";
    }
}

/// <summary>The current record of a <see cref="CsvLayout{TRow}"/>, read by the column names the layout declares.</summary>
internal sealed class CsvRecord(CsvReader csv, string layout, Dictionary<string, int> columns)
{
    /// <summary>The physical line the record starts on (the header is line 1).</summary>
    public long Line => csv.LineNumber;

    /// <summary>A field, trimmed; empty when the column is absent or the record too short.</summary>
    /// <exception cref="ArgumentException">The layout does not declare the column: every column a layout reads is in its declaration.</exception>
    public string this[string column] => Index(column) is var index and >= 0 ? csv.GetString(index).Trim() : "";

    /// <summary>Whether the header has the column.</summary>
    public bool Has(string column) => Index(column) >= 0;

    private int Index(string column) => columns.TryGetValue(column, out var index)
        ? index
        : throw new ArgumentException($"the {layout} layout does not declare the column '{column}'", nameof(column));
}

/// <summary>The CsvHelper settings every layout reads with, and header names as layouts match them.</summary>
internal static class CsvFiles
{
    public static readonly CsvReaderOptions Options = new()
    {
        Separator = ',',
        HasHeader = true,
        TrackLineNumbers = true,
        SkipEmptyLines = true,
        MalformedData = CsvMalformedDataHandling.Recover,
        MaxRecordSize = Catalog.SongLimits.MaxCsvRecordBytes,
        FieldCountMismatch = CsvFieldCountHandling.Allow,
        MissingField = CsvMissingFieldHandling.ReturnEmpty,
    };

    /// <summary>The header row of <paramref name="text"/> (left open), names as layouts match them; null for an empty file.</summary>
    public static IReadOnlyList<string>? ReadHeader(TextReader text)
    {
        using var csv = CsvReader.Create(text, Options, leaveOpen: true);
        return TryHeader(csv, out _);
    }

    /// <summary>The header, names trimmed, lower case, without a byte-order mark; null for an empty or unreadable one.</summary>
    public static string[]? TryHeader(CsvReader csv, out string? unreadable)
    {
        unreadable = null;
        try
        {
            csv.ReadHeader();
        }
        catch (CsvFormatException e)
        {
            unreadable = $"the CSV header cannot be read: {e.Message}";
            return null;
        }

        // A byte-order mark that the text reader did not strip sits on the first name.
        return csv.Headers.Count == 0 ? null : [.. csv.Headers.Select(name => name.Trim().TrimStart('\uFEFF').Trim().ToLowerInvariant())];
    }
}
