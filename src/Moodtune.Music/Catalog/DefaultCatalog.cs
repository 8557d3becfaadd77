namespace Moodtune.Music.Catalog;

/// <summary>
/// The songs Moodtune ships with: English and Hindi songs with hand-estimated features, embedded in the assembly as
/// <c>default-catalog.csv</c> (the generic layout; docs/catalog-format.md says how it is made).
/// </summary>
public static class DefaultCatalog
{
    /// <summary>The manifest name of the embedded catalog.</summary>
    public const string ResourceName = "Moodtune.Music.default-catalog.csv";

    /// <summary>The <see cref="Song.Source"/> of every default song.</summary>
    public const string Source = "default";

    /// <summary>
    /// The mood words the default catalog tags songs with (docs/catalog-format.md). Imported songs may carry other words.
    /// </summary>
    public static IReadOnlyList<string> MoodVocabulary { get; } =
    [
        "happy", "upbeat", "party", "energetic", "calm", "relaxed", "peaceful", "sad", "melancholic", "heartbreak", "angry", "intense",
        "aggressive", "romantic", "devotional", "spiritual", "motivational", "patriotic", "nostalgic", "dreamy", "hopeful", "dark",
        "tense", "playful",
    ];

    /// <summary>A new catalog holding the default songs, in file order.</summary>
    /// <exception cref="InvalidDataException">A row of the embedded catalog is not a valid song (a build that shipped a bad file).</exception>
    public static SongCatalog Load()
    {
        var songs = new List<Song>();
        var problems = new List<string>();
        using (var stream = typeof(DefaultCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidDataException($"the assembly lacks the embedded resource {ResourceName}"))
        using (var reader = new StreamReader(stream))
        {
            foreach (var row in CatalogCsv.Read(reader, Source))
            {
                if (row.Song is { } song)
                {
                    songs.Add(song);
                }
                else
                {
                    problems.Add($"line {row.Line}: {row.Problem}");
                }
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidDataException(
                $"the default catalog has {problems.Count} bad row(s):{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
        }

        return new SongCatalog(songs);
    }
}
