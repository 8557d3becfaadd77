using CsvHelper;
using Moodtune.Mood;

namespace Moodtune.Music.Catalog;

/// <summary>
/// Reads and writes the generic catalog CSV layout (docs/catalog-format.md):
/// <c>id,title,artist,album,year,language,genres,valence,energy,tempo,popularity,moods,youtube_id,features,source,video_searched_on</c>.
/// </summary>
public static class CatalogCsv
{
    private static readonly CsvReaderOptions ReadOptions = new()
    {
        Separator = ',',
        HasHeader = true,
        TrackLineNumbers = true,
        SkipEmptyLines = true,
        MalformedData = CsvMalformedDataHandling.Recover,
        FieldCountMismatch = CsvFieldCountHandling.Allow,
        MissingField = CsvMissingFieldHandling.ReturnEmpty,
    };

    // LF, as the repository's text files end their lines.
    private static readonly CsvWriterOptions WriteOptions = new() { NewLine = "\n" };

    /// <summary>
    /// Streams the songs of a generic catalog CSV, one <see cref="CatalogRow"/> per record: a song, or the problem that kept the
    /// record out (naming its column). Headers match in any order and any case; <c>title</c>, <c>artist</c>, and either
    /// <c>valence</c> and <c>energy</c> or <c>moods</c> are required. A record with moods but no features takes its point from
    /// <paramref name="moodLookup"/>. A missing required column gives one problem row and ends the file. Never throws on bad data.
    /// </summary>
    /// <param name="reader">The text; a leading byte-order mark is ignored.</param>
    /// <param name="source">The <see cref="Song.Source"/> of records whose <c>source</c> field is empty.</param>
    /// <param name="moodLookup">The point of a list of mood words, or null when it knows none of them.</param>
    public static IEnumerable<CatalogRow> Read(TextReader reader, string source, Func<IReadOnlyList<string>, MoodPoint?>? moodLookup = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(source);
        return ReadRows(reader, source, moodLookup);
    }

    /// <summary>Writes <paramref name="songs"/> with a header, in the column order of the layout; <see cref="Read"/> gives them back unchanged.</summary>
    public static void Write(TextWriter writer, IEnumerable<Song> songs)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(songs);
        using var csv = CsvWriter.Create(writer, WriteOptions, leaveOpen: true);
        foreach (var column in CatalogFields.All)
        {
            csv.WriteField(column);
        }

        csv.EndRecord();
        foreach (var song in songs)
        {
            csv.WriteField(song.Id);
            csv.WriteField(song.Title);
            csv.WriteField(song.Artist);
            csv.WriteField(song.Album ?? "");
            csv.WriteField(song.Year is { } year ? CatalogFields.FormatInt(year) : "");
            csv.WriteField(song.Language);
            csv.WriteField(string.Join(';', song.Genres));
            csv.WriteField(CatalogFields.FormatFloat(song.Valence));
            csv.WriteField(CatalogFields.FormatFloat(song.Energy));
            csv.WriteField(song.Tempo is { } tempo ? CatalogFields.FormatFloat(tempo) : "");
            csv.WriteField(song.Popularity is { } popularity ? CatalogFields.FormatInt(popularity) : "");
            csv.WriteField(string.Join(';', song.Moods));
            csv.WriteField(song.YouTubeId ?? "");
            csv.WriteField(CatalogFields.FeaturesText(song.Features));
            csv.WriteField(song.Source);
            csv.WriteField(song.VideoSearchedOn is { } searched ? CatalogFields.FormatDate(searched) : "");
            csv.EndRecord();
        }

        csv.Flush();
    }

    private static IEnumerable<CatalogRow> ReadRows(TextReader text, string source, Func<IReadOnlyList<string>, MoodPoint?>? moodLookup)
    {
        using var csv = CsvReader.Create(text, ReadOptions, leaveOpen: true);
        if (!TryReadHeader(csv, out var failure))
        {
            yield return new CatalogRow(1, null, failure ?? "the file is empty: it has no header");
            yield break;
        }

        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        var index = 0;
        foreach (var name in csv.Headers)
        {
            // A BOM that the text reader did not strip sits on the first header name.
            columns.TryAdd(name.Trim().TrimStart('\uFEFF').Trim().ToLowerInvariant(), index++);
        }

        if (MissingColumn(columns) is { } missing)
        {
            yield return new CatalogRow(1, null, missing);
            yield break;
        }

        string? Text(string field) => columns.TryGetValue(field, out var column) && column < csv.FieldCount ? csv.GetString(column) : null;

        var line = 1L;
        while (TryRead(csv, out failure))
        {
            line = csv.LineNumber;
            var (song, problem) = CatalogFields.Build(
                Text, CatalogFields.SplitList(Text(CatalogFields.Genres)), CatalogFields.SplitList(Text(CatalogFields.Moods)), source, moodLookup);
            yield return new CatalogRow(line, song, problem);
        }

        if (failure is not null)
        {
            yield return new CatalogRow(line + 1, null, failure);
        }
    }

    private static string? MissingColumn(Dictionary<string, int> columns)
    {
        foreach (var required in new[] { CatalogFields.Title, CatalogFields.Artist })
        {
            if (!columns.ContainsKey(required))
            {
                return $"the header has no '{required}' column (header: {string.Join(",", columns.Keys)})";
            }
        }

        var hasFeatures = columns.ContainsKey(CatalogFields.Valence) && columns.ContainsKey(CatalogFields.Energy);
        return hasFeatures || columns.ContainsKey(CatalogFields.Moods)
            ? null
            : $"the header has neither 'valence' and 'energy' columns nor a 'moods' column (header: {string.Join(",", columns.Keys)})";
    }

    private static bool TryReadHeader(CsvReader csv, out string? failure)
    {
        failure = null;
        try
        {
            csv.ReadHeader();
            return csv.Headers.Count > 0;
        }
        catch (CsvFormatException e)
        {
            failure = $"the CSV header cannot be read: {e.Message}";
            return false;
        }
    }

    private static bool TryRead(CsvReader csv, out string? failure)
    {
        failure = null;
        try
        {
            return csv.Read();
        }
        catch (CsvFormatException e)
        {
            failure = $"the CSV cannot be read past this point: {e.Message}";
            return false;
        }
    }
}
