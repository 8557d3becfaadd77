using System.Diagnostics;
using System.Text.Json;
using Moodtune.Music.Catalog;

namespace Moodtune.Music.Import;

/// <summary>
/// Imports song lists into a <see cref="SongCatalog"/>: any layout of <see cref="CatalogFormat"/>, one file or a directory of
/// them, streamed row by row so memory stays bounded by the catalog. A bad row is skipped with its reason and line, never
/// aborting the import; songs merge by <see cref="SongCatalog.Upsert"/>, so importing the same file twice adds nothing.
/// </summary>
public static class CatalogImporter
{
    /// <summary>
    /// Imports <paramref name="path"/>: a file, or a directory whose top-level .csv and .json files are imported in name order
    /// (the seven fer-emotion-playlists files, a folder of bollywood-songs-metadata song files).
    /// Mood words accumulate: a song labelled sad by one row and calm by another carries both, and when its only
    /// evidence is those words it sits at their mean point.
    /// </summary>
    /// <param name="maxSongs">The most songs the catalog may hold: once it is full, new songs are refused (with an error
    /// naming the limit) while songs it has can still be updated.</param>
    /// <exception cref="FileNotFoundException">The path is neither a file nor a directory.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; rows already imported stay in the catalog.</exception>
    public static ImportReport Import(
        SongCatalog catalog, string path, CatalogFormat format = CatalogFormat.Auto, int maxSongs = int.MaxValue, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentOutOfRangeException.ThrowIfNegative(maxSongs);
        var started = Stopwatch.GetTimestamp();
        var tally = new ImportTally();
        var context = new ImportContext(catalog, tally, maxSongs, cancellationToken);

        string[] files;
        if (Directory.Exists(path))
        {
            files = [.. Directory.EnumerateFiles(path)
                .Where(f => Path.GetExtension(f).ToLowerInvariant() is ".csv" or ".json")
                .Order(StringComparer.Ordinal)];
            if (files.Length == 0)
            {
                tally.Error(path, "the directory holds no .csv or .json files");
            }
        }
        else if (File.Exists(path))
        {
            files = [path];
        }
        else
        {
            throw new FileNotFoundException($"No catalog file or directory at {path}.", path);
        }

        var formats = new HashSet<CatalogFormat>();
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            formats.Add(ImportFile(context, file, format));
        }

        if (context.Refused > 0)
        {
            tally.Error(path, $"the catalog is full ({maxSongs:N0} songs, the most it may hold): {context.Refused:N0} new songs were not added");
        }

        var reported = formats.Count == 1 ? formats.First() : format;
        return tally.ToReport(path, reported, Stopwatch.GetElapsedTime(started));
    }

    private static CatalogFormat ImportFile(ImportContext context, string path, CatalogFormat format)
    {
        var name = Path.GetFileName(path);
        using var stream = CatalogFile.OpenRead(path);
        if (format == CatalogFormat.Auto && Path.GetExtension(path).Equals(".json", StringComparison.OrdinalIgnoreCase))
        {
            format = CatalogFormat.GenericJson;
        }

        // JSON is UTF-8 by definition (RFC 8259): its reader takes the bytes.
        if (format == CatalogFormat.GenericJson)
        {
            return ImportJson(context, stream, path);
        }

        var encoding = TextEncodings.Detect(stream, out var fallback);
        if (fallback is not null)
        {
            context.Tally.Warn($"{name} {fallback}");
        }

        if (format == CatalogFormat.Auto)
        {
            format = DetectFormat(context, stream, encoding, path);
            if (format == CatalogFormat.GenericJson)
            {
                return ImportJson(context, stream, path);
            }

            if (format == CatalogFormat.Auto)
            {
                return format;
            }
        }

        context.Tally.File(new ImportedFile(path, format, encoding.WebName));
        if (CatalogFormats.Refusal(format) is { } refusal)
        {
            context.Tally.Error(name, refusal);
        }
        else if (format == CatalogFormat.FerPlaylist && FerPlaylistCsv.MoodOf(path) is null)
        {
            context.Tally.Error(name, "a fer-playlist file is named after its mood (angry.csv, calm.csv...); this name is no known mood word");
        }
        else
        {
            using var reader = CatalogFile.Text(stream, encoding);
            Consume(context, name, Rows(context, reader, format, path));
        }

        return format;
    }

    private static CatalogFormat ImportJson(ImportContext context, Stream stream, string path)
    {
        context.Tally.File(new ImportedFile(path, CatalogFormat.GenericJson, "utf-8"));
        Consume(context, Path.GetFileName(path), CatalogJson.Read(stream, SourceName(path), MoodWords.Lookup));
        return CatalogFormat.GenericJson;
    }

    private static CatalogFormat DetectFormat(ImportContext context, Stream stream, System.Text.Encoding encoding, string path)
    {
        var name = Path.GetFileName(path);
        IReadOnlyList<string>? header;
        using (var peek = CatalogFile.Text(stream, encoding))
        {
            header = CsvFiles.ReadHeader(peek);
        }

        stream.Position = 0;
        if (header is null)
        {
            context.Tally.Warn($"{name} is empty: nothing to import");
            return CatalogFormat.Auto;
        }

        var format = CatalogFormats.Detect(header, path);
        if (format == CatalogFormat.Auto)
        {
            context.Tally.Error(
                name,
                $"unrecognised layout (header: {string.Join(",", header)}); name one with --format ({string.Join(", ", CatalogFormats.Choices)})");
        }

        return format;
    }

    private static IEnumerable<CatalogRow> Rows(ImportContext context, TextReader reader, CatalogFormat format, string path) => format switch
    {
        CatalogFormat.DataMoods => DataMoodsCsv.Read(reader),
        CatalogFormat.BollywoodMetadata => BollywoodMetadata.Read(reader, context.MatchCatalogSong),
        CatalogFormat.BollywoodMoods => BollywoodMoodsCsv.Read(reader),
        CatalogFormat.HindiSpotify => HindiSpotifyCsv.Read(reader),
        CatalogFormat.Deezer => DeezerMoodCsv.Read(reader),
        CatalogFormat.MoodyLyrics => MoodyLyricsCsv.Read(reader, MoodyLyricsCsv.Source),
        CatalogFormat.MoodyLyrics4Q => MoodyLyricsCsv.Read(reader, MoodyLyricsCsv.Source4Q),
        CatalogFormat.FerPlaylist => FerPlaylistCsv.Read(reader, FerPlaylistCsv.MoodOf(path)!),
        CatalogFormat.SpotifyYouTube => SpotifyYouTubeCsv.Read(reader),
        CatalogFormat.GenericCsv => CatalogCsv.Read(reader, SourceName(path), MoodWords.Lookup),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "not a readable layout"),
    };

    // A file-level failure (missing columns, an unreadable document) ends that file, keeping the rows already imported.
    private static void Consume(ImportContext context, string name, IEnumerable<CatalogRow> rows)
    {
        try
        {
            foreach (var row in rows)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                Apply(context, name, row);
            }
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or FormatException)
        {
            context.Tally.Error(name, e.Message);
        }
    }

    private static void Apply(ImportContext context, string name, CatalogRow row)
    {
        var where = new RowLocation(name, row.Line);
        if (row.Song is null)
        {
            context.Tally.Skip(row.Problem ?? "no song in the row", where);
            return;
        }

        if (SongLimits.Problem(row.Song) is { } tooMuch)
        {
            context.Tally.Skip(tooMuch, where);
            return;
        }

        if (context.Catalog.Count >= context.MaxSongs && !context.Catalog.TryGet(row.Song.Id, out _))
        {
            context.Refused++;
            return;
        }

        // A song with a problem is kept: the problem is a warning (a dropped video URL).
        if (row.Problem is { } warning)
        {
            context.Tally.Warn(warning, where);
        }

        context.Tally.Count(context.Catalog.Upsert(WithAccumulatedMoods(context.Catalog, row.Song)));
    }

    /// <summary>
    /// The incoming song with the catalog's mood words for it kept before its own, so a re-import or a duplicate row with
    /// another label adds the label instead of flipping between them; a song known only by words moves to their mean point.
    /// </summary>
    private static Song WithAccumulatedMoods(SongCatalog catalog, Song song)
    {
        if (!catalog.TryGet(song.Id, out var existing) || existing.Moods.Count == 0)
        {
            return song;
        }

        List<string> moods = [.. existing.Moods.Union(song.Moods, StringComparer.Ordinal)];
        if (moods.SequenceEqual(song.Moods, StringComparer.Ordinal))
        {
            return song;
        }

        song = song with { Moods = moods };
        if (song.Features == FeatureOrigin.FromMoodLabel && existing.Features == FeatureOrigin.FromMoodLabel && MoodWords.Lookup(moods) is { } point)
        {
            song = song with { Valence = point.ToFeatureValence(), Energy = point.ToFeatureEnergy() };
        }

        return song;
    }

    private static string SourceName(string path) => Path.GetFileNameWithoutExtension(path);

    private sealed class ImportContext(SongCatalog catalog, ImportTally tally, int maxSongs, CancellationToken cancellationToken)
    {
        private TitleArtistIndex<string>? _songsByTitle;

        public int MaxSongs { get; } = maxSongs;

        /// <summary>New songs not added because the catalog was full.</summary>
        public int Refused { get; set; }

        public SongCatalog Catalog { get; } = catalog;

        public ImportTally Tally { get; } = tally;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        /// <summary>The catalog song (current version) a bollywood-songs-metadata title and singers name, or null.</summary>
        public Song? MatchCatalogSong(string title, string singers)
        {
            if (_songsByTitle is null)
            {
                _songsByTitle = new TitleArtistIndex<string>();
                foreach (var song in Catalog.Songs)
                {
                    _songsByTitle.Add(song.Title, song.Artist, song.Id);
                }
            }

            foreach (var id in _songsByTitle.Find(title, singers))
            {
                if (Catalog.TryGet(id, out var song))
                {
                    return song;
                }
            }

            return null;
        }
    }
}
