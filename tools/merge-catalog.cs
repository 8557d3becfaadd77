#:project ../src/Moodtune.Music/Moodtune.Music.csproj

// Merges hand-written song lists (CSV fragments with the header
// title,artist,album,year,language,genres,valence,energy,tempo,popularity,moods,youtube_id)
// into src/Moodtune.Music/Catalog/default-catalog.csv. Run through tools/merge-catalog.sh; docs/catalog-format.md explains it.
// Every row is validated; a row that breaks a rule is dropped and reported, never repaired, except mood synonyms,
// which are mapped to the vocabulary word they mean.
using System.Text.RegularExpressions;
using Moodtune.Music.Catalog;
using Moodtune.Music.Import;

var repoRoot = Path.GetFullPath(Path.Combine(AppContext.GetData("EntryPointFileDirectoryPath") as string ?? Directory.GetCurrentDirectory(), ".."));
var partsDir = "/tmp/catalog-parts";
var output = Path.Combine(repoRoot, "src", "Moodtune.Music", "Catalog", "default-catalog.csv");
var mitDir = Path.GetFullPath(Path.Combine(repoRoot, "..", "shared", "data", "music", "bollywood-songs-metadata"));
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--parts" when i + 1 < args.Length:
            partsDir = args[++i];
            break;
        case "--out" when i + 1 < args.Length:
            output = args[++i];
            break;
        case "--mit-ids" when i + 1 < args.Length:
            mitDir = args[++i];
            break;
        default:
            Console.Error.WriteLine("usage: merge-catalog [--parts DIR] [--out FILE] [--mit-ids DIR]");
            return 2;
    }
}

if (!Directory.Exists(mitDir))
{
    Console.Error.WriteLine($"the MIT id set is needed to check Hindi video ids, and {mitDir} is absent");
    return 1;
}

var mitIds = ReadMitIds(mitDir);
var files = Directory.EnumerateFiles(partsDir, "*.csv").Order(StringComparer.Ordinal).ToList();
if (files.Count == 0)
{
    Console.Error.WriteLine($"{partsDir} holds no .csv fragments");
    return 1;
}

var kept = new List<Song>();
var ids = new Dictionary<string, string>(StringComparer.Ordinal);
var keys = new Dictionary<string, string>(StringComparer.Ordinal);
var perArtist = new Dictionary<string, int>(StringComparer.Ordinal);
var dropped = 0;
var mapped = 0;
foreach (var file in files)
{
    var name = Path.GetFileName(file);
    var done = File.Exists(Path.ChangeExtension(file, ".done")) ? "" : " (no .done file: still being written?)";
    var before = kept.Count;
    using var reader = new StreamReader(file);
    foreach (var row in CatalogCsv.Read(reader, DefaultCatalog.Source))
    {
        var where = $"{name}:{row.Line}";
        if (row.Song is not { } song)
        {
            Drop(where, row.Problem!);
            continue;
        }

        var moods = new List<string>();
        string? unknown = null;
        foreach (var mood in song.Moods)
        {
            var word = DefaultCatalog.MoodVocabulary.Contains(mood) ? mood : MoodSynonym(mood);
            if (word is null)
            {
                unknown = mood;
                break;
            }

            if (word != mood)
            {
                Console.Error.WriteLine($"{where}: mood '{mood}' mapped to '{word}'");
                mapped++;
            }

            if (!moods.Contains(word))
            {
                moods.Add(word);
            }
        }

        var problem = unknown is not null ? $"mood '{unknown}' is not in the vocabulary and has no known synonym"
            : moods.Count == 0 ? "no mood given"
            : song.Language is not ("en" or "hi") ? $"language '{song.Language}' is neither en nor hi"
            : song.Tempo is < 40 or > 220 ? $"tempo {song.Tempo} is outside 40..220"
            : song.Year is < 1930 or > 2026 ? $"year {song.Year} is outside 1930..2026"
            : song.Language == "en" && song.YouTubeId is not null ? $"an English song has a video id ({song.YouTubeId}); English songs are searched"
            : song.Language == "hi" && song.YouTubeId is { } video && !mitIds.Contains(video) ? $"video id {video} is not in the MIT bollywood-songs-metadata set"
            : ids.TryGetValue(song.Id, out var first) ? $"duplicate of {first} (id {song.Id})"
            : keys.TryGetValue(DuplicateKey(song), out first) ? $"duplicate of {first} (same first artist and title)"
            : perArtist.GetValueOrDefault(ArtistKey(song)) >= 10 ? $"{song.Artist} already has 10 songs"
            : null;
        if (problem is not null)
        {
            Drop(where, $"{song.Artist} - {song.Title}: {problem}");
            continue;
        }

        ids.Add(song.Id, where);
        keys.Add(DuplicateKey(song), where);
        perArtist[ArtistKey(song)] = perArtist.GetValueOrDefault(ArtistKey(song)) + 1;
        kept.Add(song with { Moods = moods, Features = FeatureOrigin.Estimated, Source = DefaultCatalog.Source });
    }

    Console.Error.WriteLine($"{name}: {kept.Count - before} songs kept{done}");
}

var sorted = kept
    .OrderBy(s => s.Language, StringComparer.Ordinal)
    .ThenBy(s => s.Artist, StringComparer.OrdinalIgnoreCase)
    .ThenBy(s => s.Title, StringComparer.OrdinalIgnoreCase)
    .ThenBy(s => s.Id, StringComparer.Ordinal)
    .ToList();
using (var writer = new StreamWriter(output, append: false, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
{
    CatalogCsv.Write(writer, sorted);
}

Console.Error.WriteLine($"wrote {sorted.Count} songs to {output}; dropped {dropped} rows, mapped {mapped} mood synonyms");
foreach (var language in sorted.GroupBy(s => s.Language))
{
    var songs = language.ToList();
    string Share(Func<Song, bool> where) => $"{songs.Count(where)} ({100.0 * songs.Count(where) / songs.Count:0}%)";
    Console.Error.WriteLine(
        $"{language.Key}: {songs.Count} songs, {songs.Count(s => s.YouTubeId is not null)} with video ids; quadrants "
        + $"happy/excited {Share(s => s.Point.Valence > 0 && s.Point.Arousal > 0)}, "
        + $"angry/tense {Share(s => s.Point.Valence < 0 && s.Point.Arousal > 0)}, "
        + $"sad/tired {Share(s => s.Point.Valence < 0 && s.Point.Arousal < 0)}, "
        + $"calm/content {Share(s => s.Point.Valence > 0 && s.Point.Arousal < 0)}; regions "
        + $"calm {Share(s => s.Energy < 0.4f && s.Valence >= 0.4f)}, sad {Share(s => s.Valence < 0.35f)}, "
        + $"intense {Share(s => s.Energy > 0.75f && s.Valence < 0.4f)}");
}

return 0;

void Drop(string where, string why)
{
    Console.Error.WriteLine($"{where}: dropped: {why}");
    dropped++;
}

// Words that fragments use for a vocabulary mood. Anything else drops the row.
static string? MoodSynonym(string mood) => mood switch
{
    "joyful" or "joy" or "cheerful" or "feel-good" or "feelgood" or "fun" or "celebratory" or "festive" => "happy",
    "dance" or "danceable" or "groovy" => "party",
    "energised" or "energized" or "high-energy" or "pumped" => "energetic",
    "chill" or "chilled" or "mellow" or "laid-back" or "laidback" => "relaxed",
    "soothing" or "serene" or "tranquil" => "peaceful",
    "sorrowful" or "sorrow" or "lonely" or "grief" => "sad",
    "melancholy" or "wistful" or "longing" or "bittersweet" => "melancholic",
    "heartbroken" or "breakup" or "heartache" => "heartbreak",
    "love" or "loving" or "sensual" => "romantic",
    "rage" or "furious" => "angry",
    "inspirational" or "inspiring" or "empowering" or "uplifting" => "motivational",
    "devotion" or "bhakti" => "devotional",
    "nostalgia" => "nostalgic",
    "dreamlike" or "ethereal" => "dreamy",
    "hope" => "hopeful",
    "brooding" or "sinister" => "dark",
    "suspense" or "anxious" => "tense",
    "playfull" or "cheeky" or "quirky" or "flirty" => "playful",
    "aggression" => "aggressive",
    "spirituality" or "sufi" => "spiritual",
    _ => null,
};

// The song's first credited artist and its title without a parenthesised or dashed suffix, as slugs: the same song
// credited "Arijit Singh" and "Arijit Singh, Mithoon", or titled "Tum Hi Ho (From Aashiqui 2)", is one song.
static string DuplicateKey(Song song)
{
    var artist = song.Artist.Split([",", "&", " feat.", " ft.", " featuring ", " with "], 2, StringSplitOptions.None)[0];
    var title = Regex.Replace(song.Title, @"\s*[(\[].*?[)\]]|\s+-\s.*$", "");
    return Song.MakeId(artist, title);
}

static string ArtistKey(Song song) => Song.MakeId(song.Artist, "");

// Every video of the set's song files (raw and filtered; album files carry none), wherever they lie under dir.
static HashSet<string> ReadMitIds(string dir)
{
    var set = new HashSet<string>(StringComparer.Ordinal);
    foreach (var file in Directory.EnumerateFiles(dir, "*.csv", SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).StartsWith("albums", StringComparison.Ordinal)))
    {
        using var reader = new StreamReader(file);
        foreach (var song in BollywoodMetadata.ReadSongs(reader))
        {
            if (song.YouTubeId is { } id)
            {
                set.Add(id);
            }
        }
    }

    return set;
}
