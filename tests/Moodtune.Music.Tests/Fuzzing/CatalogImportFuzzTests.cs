using System.Text;
using Moodtune.Music.Catalog;
using Moodtune.Music.Import;

namespace Moodtune.Music.Tests.Fuzzing;

/// <summary>
/// Song lists as a careless export or a hostile upload makes them: mutated CSV and JSON files, in our generic layouts and
/// in the data sets' layouts, through the importer the command line and the web app use. Each must give an
/// <see cref="ImportReport"/> (bad rows skipped, bad files listed as errors), never an exception, never a hang.
/// </summary>
public sealed class CatalogImportFuzzTests : IDisposable
{
    private const int Seed = 20261204;
    private const int Cases = 1500;
    private static readonly TimeSpan PerCase = TimeSpan.FromSeconds(10);

    private static readonly byte[][] Tokens =
    [
        .. new[]
        {
            "\"", ",", "\n", "\r\n", "\r", "\"\"", ",\"", "\",", "[", "]", "{", "}", ":", "null", "true", "-1", "1e999", "NaN",
            "99999999999999999999", "\"songs\":", "\"title\":", "\"moods\":[\"sad\"]", "\\u0000", "\\ud800", "\t", "\0",
            "title,artist", "id,title,artist,valence,energy,moods",

            // Fields of the wrong JSON type (they land whole after a '{' or ','), and nesting past the reader's depth limit.
            "\"title\":1,", "\"moods\":\"sad\",", "\"valence\":\"x\",", "\"year\":1e400,", "\"genres\":[1,{}],", "\"features\":null,", "\"songs\":{},",
            new string('[', 70), new string('{', 3),
        }.Select(Encoding.UTF8.GetBytes),
        [0xEF, 0xBB, 0xBF], [0xFF, 0xFE], [0xC3], [0xE2, 0x82], [0xF0, 0x9F, 0x98, 0x80], [0xC0, 0xAF],
    ];

    private readonly string _dir = Directory.CreateTempSubdirectory("moodtune-import-fuzz-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Mutated_song_lists_give_an_import_report_never_an_exception()
    {
        var seeds = Seeds();
        var mutator = new ByteMutator([.. seeds.Select(s => s.Bytes)], Tokens);

        var summary = FuzzRun.Run(mutator, Seed, Cases, PerCase, input => Import(input, seeds[input.SeedIndex]), _ => null);

        TestContext.Current.TestOutputHelper?.WriteLine($"{seeds.Count} seeds; {summary}");
        Assert.True(summary.Failures.Count == 0, string.Join("\n\n", summary.Failures));
        Assert.True(summary.Outcomes.GetValueOrDefault("songs added") > summary.Cases / 10, $"too few mutants were read at all: {summary}");
    }

    private string Import(FuzzInput input, CatalogSeed seed)
    {
        var folder = Path.Combine(_dir, input.Number.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, seed.FileName);
        File.WriteAllBytes(path, input.Bytes);

        // Every fourth case names the seed's layout, so a mutated header still reaches that layout's reader; every tenth
        // imports a folder beside the clean seed; a small catalog limit makes some cases refuse new songs.
        var format = input.Number % 4 == 1 ? seed.Format : CatalogFormat.Auto;
        if (input.Number % 10 == 3)
        {
            File.WriteAllBytes(Path.Combine(folder, "clean-" + seed.FileName), seed.Bytes);
            path = folder;
            format = CatalogFormat.Auto;
        }

        var catalog = new SongCatalog();
        var report = CatalogImporter.Import(catalog, path, format, maxSongs: input.Number % 7 == 0 ? 3 : int.MaxValue, TestContext.Current.CancellationToken);

        // Every bad row is a skip with its reason, every bad file an error that says why, and the counts match the catalog.
        Assert.Equal(report.Skipped, report.SkipReasons.Sum(r => r.Count));
        Assert.All(report.SkipReasons, r => Assert.False(string.IsNullOrWhiteSpace(r.Reason)));
        Assert.All(report.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e)));
        Assert.Equal(catalog.Count, report.Added);
        Directory.Delete(folder, recursive: true);
        return report.Added > 0 ? "songs added" : report.Errors.Count > 0 ? "file refused" : report.Skipped > 0 ? "rows skipped" : "nothing read";
    }

    private static List<CatalogSeed> Seeds()
    {
        var csv = string.Join('\n', File.ReadLines(Path.Combine(TestPaths.RepoRoot, "src", "Moodtune.Music", "Catalog", "default-catalog.csv")).Take(16));
        var songs = new SongCatalog();
        var csvPath = Path.Combine(Path.GetTempPath(), $"moodtune-fuzz-seed-{Environment.ProcessId}.csv");
        File.WriteAllText(csvPath, csv);
        CatalogImporter.Import(songs, csvPath);
        File.Delete(csvPath);
        using var json = new MemoryStream();
        CatalogJson.Write(json, songs.Songs.Take(6));

        List<CatalogSeed> seeds =
        [
            new("songs.csv", CatalogFormat.GenericCsv, Encoding.UTF8.GetBytes(csv)),
            new("songs.csv", CatalogFormat.GenericCsv, "title,artist,language,valence,energy,moods\nQuiet Harbour,Lantern Coast,en,0.7,0.2,calm\n\"Rain, Again\",\"Nadia \"\"N\"\" Ola\",hi,,,sad;rainy\n"u8.ToArray()),
            new("songs.json", CatalogFormat.GenericJson, json.ToArray()),
            new("wrapped.json", CatalogFormat.GenericJson, [.. "{\"songs\":"u8, .. json.ToArray(), .. "}"u8]),
        ];

        // Real excerpts of the data sets (their headers, quoting and encodings) when ../shared is there; read, never copied.
        foreach (var (relative, name, format) in new[]
        {
            ("data-moods/data_moods.csv", "data_moods.csv", CatalogFormat.DataMoods),
            ("bollywood-moods/final_Bollywood_songs.csv", "final_Bollywood_songs.csv", CatalogFormat.BollywoodMoods),
            ("hindi-spotify-features/hindi_songs.csv", "hindi_songs.csv", CatalogFormat.HindiSpotify),
            ("deezer-mood-detection/train.csv", "train.csv", CatalogFormat.Deezer),
            ("moodylyrics/MoodyLyrics.csv", "MoodyLyrics.csv", CatalogFormat.MoodyLyrics),
            ("moodylyrics/MoodyLyrics4Q.csv", "MoodyLyrics4Q.csv", CatalogFormat.MoodyLyrics4Q),
            ("fer-emotion-playlists/happy.csv", "happy.csv", CatalogFormat.FerPlaylist),
            ("spotify-youtube-features-only/Spotify_Youtube.csv", "Spotify_Youtube.csv", CatalogFormat.SpotifyYouTubeFeaturesOnly),
            ("bollywood-songs-metadata/raw/songs/songs_1931_1944.csv", "songs_1931_1944.csv", CatalogFormat.BollywoodMetadata),
        })
        {
            var file = Path.Combine(TestPaths.SharedDataDir, "music", relative);
            if (File.Exists(file))
            {
                seeds.Add(new(name, format, FirstLines(file, 12)));
            }
        }

        return seeds;
    }

    // The raw bytes up to the nth line end: the excerpt keeps the file's own encoding and line ends.
    private static byte[] FirstLines(string path, int lines)
    {
        var buffer = new byte[64 * 1024];
        using var stream = File.OpenRead(path);
        var length = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        var end = 0;
        for (var seen = 0; end < length && seen < lines; end++)
        {
            seen += buffer[end] == (byte)'\n' ? 1 : 0;
        }

        return buffer[..end];
    }

    private sealed record CatalogSeed(string FileName, CatalogFormat Format, byte[] Bytes);
}
