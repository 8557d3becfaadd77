#:project ../src/Moodtune.Music/Moodtune.Music.csproj

// Gives the default catalog's Hindi songs without a video the id that the MIT-licensed bollywood-songs-metadata set
// (its raw song and album files, which carry a video on every row) lists for the same title, singer and film, and checks
// that every Hindi id already there is one the set lists for that song. Run through tools/catalog-video-ids.sh;
// docs/catalog-format.md explains it. A song whose film lists two different videos for it is left alone and reported:
// choosing between them would be a guess.
using Moodtune.Music.Catalog;
using Moodtune.Music.Import;

var repoRoot = Path.GetFullPath(Path.Combine(AppContext.GetData("EntryPointFileDirectoryPath") as string ?? Directory.GetCurrentDirectory(), ".."));
var catalogFile = Path.Combine(repoRoot, "src", "Moodtune.Music", "Catalog", "default-catalog.csv");
var mitDir = Path.GetFullPath(Path.Combine(repoRoot, "..", "shared", "data", "music", "bollywood-songs-metadata"));
var check = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--catalog" when i + 1 < args.Length:
            catalogFile = args[++i];
            break;
        case "--mit" when i + 1 < args.Length:
            mitDir = args[++i];
            break;
        case "--check":
            check = true;
            break;
        default:
            Console.Error.WriteLine("usage: catalog-video-ids [--catalog FILE] [--mit DIR] [--check]");
            return 2;
    }
}

if (!Directory.Exists(Path.Combine(mitDir, "raw", "songs")))
{
    Console.Error.WriteLine($"the MIT set's raw files are needed, and {mitDir}/raw/songs is absent");
    return 1;
}

var index = BollywoodMetadata.VideoIds(
    Directory.EnumerateFiles(Path.Combine(mitDir, "raw", "songs"), "*.csv").Order(StringComparer.Ordinal),
    Directory.EnumerateFiles(Path.Combine(mitDir, "raw", "albums"), "*.csv").Order(StringComparer.Ordinal));

var songs = new List<Song>();
using (var reader = new StreamReader(catalogFile))
{
    foreach (var row in CatalogCsv.Read(reader, DefaultCatalog.Source))
    {
        if (row.Song is null)
        {
            Console.Error.WriteLine($"{catalogFile}:{row.Line}: {row.Problem}");
            return 1;
        }

        songs.Add(row.Song);
    }
}

int added = 0, unmatched = 0, ambiguous = 0, wrong = 0;
for (var i = 0; i < songs.Count; i++)
{
    var song = songs[i];
    if (song.Language != "hi")
    {
        continue;
    }

    var videos = index.FindInFilm(song.Title, song.Artist, song.Album ?? "");
    if (song.YouTubeId is { } existing)
    {
        if (!videos.Contains(existing))
        {
            Console.Error.WriteLine($"{song.Id}: video {existing} is not one the MIT set lists for this title, singer and film ({Found(videos)})");
            wrong++;
        }

        continue;
    }

    switch (videos.Count)
    {
        case 1:
            songs[i] = song with { YouTubeId = videos[0] };
            Console.Error.WriteLine($"{song.Id}: {videos[0]}");
            added++;
            break;
        case 0:
            var films = index.FilmsOf(song.Title, song.Artist);
            Console.Error.WriteLine($"{song.Id}: no video for film '{song.Album}'"
                + (films.Count > 0 ? $" (title and singer match in: {string.Join(", ", films)})" : ""));
            unmatched++;
            break;
        default:
            Console.Error.WriteLine($"{song.Id}: film '{song.Album}' lists {Found(videos)}; left without one");
            ambiguous++;
            break;
    }
}

var hindi = songs.Count(s => s.Language == "hi");
Console.Error.WriteLine($"{(check ? "would add" : "added")} {added} ids; {unmatched} Hindi songs unmatched, {ambiguous} ambiguous, {wrong} ids not matching their song; "
    + $"Hindi songs with a video: {songs.Count(s => s.Language == "hi" && s.YouTubeId is not null) - (check ? added : 0)} of {hindi}");
if (!check && added > 0)
{
    using var writer = new StreamWriter(catalogFile, append: false, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    CatalogCsv.Write(writer, songs);
}

return wrong > 0 ? 1 : 0;

static string Found(IReadOnlyList<string> videos) => videos.Count == 0 ? "none" : string.Join(" or ", videos);
