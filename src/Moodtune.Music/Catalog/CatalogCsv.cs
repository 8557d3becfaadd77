using CsvHelper;
using Moodtune.Mood;
using Moodtune.Music.Import;

namespace Moodtune.Music.Catalog;

/// <summary>
/// Reads and writes the generic catalog CSV layout (docs/catalog-format.md):
/// <c>id,title,artist,album,year,language,genres,valence,energy,tempo,popularity,moods,youtube_id,features,source,video_searched_on</c>.
/// </summary>
public static class CatalogCsv
{
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
        ArgumentNullException.ThrowIfNull(source);
        return Layout(source, moodLookup).Read(reader);
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

    private static CsvLayout<CatalogRow> Layout(string source, Func<IReadOnlyList<string>, MoodPoint?>? moodLookup) => new()
    {
        Name = "generic-csv",
        Required = [CatalogFields.Title, CatalogFields.Artist],
        Optional = [.. CatalogFields.All.Except([CatalogFields.Title, CatalogFields.Artist])],
        CheckHeader = r => (r.Has(CatalogFields.Valence) && r.Has(CatalogFields.Energy)) || r.Has(CatalogFields.Moods)
            ? null
            : "the header has neither 'valence' and 'energy' columns nor a 'moods' column",
        ToRow = r =>
        {
            var (song, problem) = CatalogFields.Build(
                field => r[field], CatalogFields.SplitList(r[CatalogFields.Genres]), CatalogFields.SplitList(r[CatalogFields.Moods]), source, moodLookup);
            return new CatalogRow(r.Line, song, problem);
        },
        Problem = (line, problem) => new CatalogRow(line, null, problem),
        Tolerant = true,
    };
}
