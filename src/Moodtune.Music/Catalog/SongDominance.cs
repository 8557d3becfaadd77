using System.Collections.Frozen;

namespace Moodtune.Music.Catalog;

/// <summary>
/// A song's place on the dominance axis of Mehrabian and Russell's PAD space, -1 (submissive, fragile, helpless) to 1
/// (commanding, defiant, in control), estimated from what the catalog knows: its mood words above all, its genres, and its
/// energy. No data set we import measures dominance (the measured ones give valence and energy or arousal only), so every
/// song's value is this estimate, computed when the song is read; docs/music.md lists the rules.
/// </summary>
public static class SongDominance
{
    // Mood words: the FER names take the PAD ratings Circumplex uses (Russell and Mehrabian 1977); the rest are placed by
    // whether the music sounds in control (assertive, triumphant) or at the mercy of something (fragile, anxious, eerie).
    private static readonly FrozenDictionary<string, float> Words = new Dictionary<string, float>
    {
        ["angry"] = 0.25f, ["anger"] = 0.25f, ["disgusted"] = 0.11f, ["disgust"] = 0.11f,
        ["fearful"] = -0.43f, ["fear"] = -0.43f, ["scary"] = -0.43f, ["scared"] = -0.43f,
        ["happy"] = 0.46f, ["happiness"] = 0.46f, ["joy"] = 0.46f, ["sad"] = -0.33f, ["sadness"] = -0.33f,
        ["surprised"] = -0.13f, ["surprise"] = -0.13f, ["neutral"] = 0f,
        ["aggressive"] = 0.7f, ["defiant"] = 0.7f, ["triumphant"] = 0.7f, ["powerful"] = 0.6f, ["heroic"] = 0.6f,
        ["confident"] = 0.6f, ["epic"] = 0.5f, ["motivational"] = 0.5f, ["patriotic"] = 0.45f,
        ["energetic"] = 0.3f, ["party"] = 0.3f, ["excited"] = 0.3f, ["exciting"] = 0.3f, ["intense"] = 0.25f,
        ["upbeat"] = 0.2f, ["playful"] = 0.15f, ["funny"] = 0.15f, ["hopeful"] = 0.1f,
        ["calm"] = 0.1f, ["relaxed"] = 0.1f, ["chill"] = 0.1f, ["peaceful"] = 0.05f, ["serene"] = 0.05f,
        ["romantic"] = -0.05f, ["dark"] = -0.15f, ["spiritual"] = -0.15f, ["devotional"] = -0.2f, ["nostalgic"] = -0.2f,
        ["dreamy"] = -0.3f, ["tense"] = -0.35f, ["melancholic"] = -0.45f, ["melancholy"] = -0.45f, ["tender"] = -0.45f,
        ["heartbreak"] = -0.5f, ["lonely"] = -0.5f, ["eerie"] = -0.5f, ["anxious"] = -0.6f, ["fragile"] = -0.6f,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    // Genre fragments (matched inside genre names): forceful styles sound in control, hushed ones yield.
    private static readonly (string Fragment, float Dominance)[] Genres =
    [
        ("metal", 0.5f), ("hardcore", 0.5f), ("gangsta", 0.5f), ("drill", 0.5f), ("industrial", 0.4f), ("punk", 0.4f),
        ("dubstep", 0.4f), ("hard rock", 0.35f), ("trap", 0.35f), ("big room", 0.35f), ("hip hop", 0.3f), ("rap", 0.3f),
        ("march", 0.4f), ("lullaby", -0.5f), ("ambient", -0.3f), ("dream pop", -0.3f), ("shoegaze", -0.3f), ("new age", -0.25f),
        ("ballad", -0.25f), ("lo-fi", -0.2f), ("ghazal", -0.2f), ("bhajan", -0.2f),
    ];

    // Words that settle the question on their own: an aggressive song is never helpless, an angry one at least as much in
    // control as anger itself, a fragile one never commanding.
    private static readonly FrozenDictionary<string, float> Floors = new Dictionary<string, float>
    {
        ["aggressive"] = 0.4f, ["defiant"] = 0.4f, ["triumphant"] = 0.4f, ["angry"] = 0.25f, ["anger"] = 0.25f,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, float> Ceilings = new Dictionary<string, float>
    {
        ["fragile"] = -0.3f, ["anxious"] = -0.3f, ["eerie"] = -0.3f, ["scary"] = -0.3f, ["fearful"] = -0.3f,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>Words the table knows, for docs and tests.</summary>
    public static IReadOnlyDictionary<string, float> WordTable => Words;

    /// <summary>
    /// How far the estimate can be trusted: 1 when mood words carry it, 0.5 on genres alone, 0 on energy alone (energy is
    /// already the arousal axis; counting it twice would pull every untagged list towards loud or quiet songs).
    /// </summary>
    public static float Certainty(Song song)
    {
        ArgumentNullException.ThrowIfNull(song);
        return song.Moods.Any(Words.ContainsKey) ? 1f : song.Genres.Any(g => GenreCue(g) is not null) ? 0.5f : 0f;
    }

    /// <summary>
    /// The song's dominance: the mean of its known mood words (weight 2), of its genre cues (weight 1) and an energy cue
    /// (weight 1; loud, driving music sounds more potent, quiet music less: ±0.25 at the ends), then the floors and ceilings
    /// of decisive words. A song with neither words nor genres known rests on its energy alone.
    /// </summary>
    public static float Estimate(Song song)
    {
        ArgumentNullException.ThrowIfNull(song);
        float sum = 0, weight = 0;
        if (Mean(song.Moods, w => Words.TryGetValue(w, out var d) ? d : null) is float words)
        {
            sum += 2 * words;
            weight += 2;
        }

        if (Mean(song.Genres, GenreCue) is float genres)
        {
            sum += genres;
            weight += 1;
        }

        sum += 0.5f * (song.Energy - 0.5f);
        weight += 1;
        var dominance = sum / weight;
        foreach (var word in song.Moods)
        {
            if (Floors.TryGetValue(word, out var floor))
            {
                dominance = Math.Max(dominance, floor);
            }

            if (Ceilings.TryGetValue(word, out var ceiling))
            {
                dominance = Math.Min(dominance, ceiling);
            }
        }

        return Math.Clamp(dominance, -1, 1);
    }

    private static float? GenreCue(string genre)
    {
        foreach (var (fragment, dominance) in Genres)
        {
            if (genre.Contains(fragment, StringComparison.OrdinalIgnoreCase))
            {
                return dominance;
            }
        }

        return null;
    }

    private static float? Mean(IReadOnlyList<string> items, Func<string, float?> cue)
    {
        float sum = 0;
        var known = 0;
        foreach (var item in items)
        {
            if (cue(item) is float value)
            {
                sum += value;
                known++;
            }
        }

        return known == 0 ? null : sum / known;
    }
}
