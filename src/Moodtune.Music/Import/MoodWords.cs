using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using Moodtune.Mood;

namespace Moodtune.Music.Import;

/// <summary>One mood word of the table: where it sits in valence/arousal space, and why.</summary>
public sealed record MoodWord(string Word, MoodPoint Point, string Basis);

/// <summary>
/// The mood words of the song data sets (and common tags) placed in valence/arousal space, so a label becomes a point.
/// Three sources, in order of preference (the full table with reasons is docs/mood-words.md):
/// the seven FER expression names take <see cref="Circumplex"/>'s points, so a "sad" face meets "sad" songs exactly;
/// words Russell (1980) placed on his circumplex take his mean angle at radius 0.8; words that name a purpose or a genre
/// rather than a feeling (devotional, patriotic, romantic...) are placed by the affect their music usually carries,
/// nearer the centre because the word says less about feeling.
/// Lookups ignore case, surrounding and repeated spaces, underscores and dashes, and a trailing " music" (AudioSet's "Sad music").
/// </summary>
public static class MoodWords
{
    private const float CircumplexRadius = 0.8f;

    private static readonly MoodWord[] Table =
    [
        // FER2013 expressions (fer-emotion-playlists, the face side of the app): Circumplex's points.
        Expression("angry", Emotion.Angry),
        Expression("anger", Emotion.Angry),
        Expression("disgusted", Emotion.Disgust),
        Expression("disgust", Emotion.Disgust),
        Expression("fearful", Emotion.Fear),
        Expression("fear", Emotion.Fear),
        Expression("scary", Emotion.Fear),
        Expression("scared", Emotion.Fear),
        Expression("happy", Emotion.Happy),
        Expression("happiness", Emotion.Happy),
        Expression("joy", Emotion.Happy),
        Expression("sad", Emotion.Sad),
        Expression("sadness", Emotion.Sad),
        Expression("surprised", Emotion.Surprise),
        Expression("surprise", Emotion.Surprise),
        Expression("neutral", Emotion.Neutral),

        // Russell (1980), mean angles of the affect words, at radius 0.8.
        Russell("calm", 316.2, "Russell 1980: calm"),
        Russell("relaxed", 318.0, "Russell 1980: relaxed"),
        Russell("chill", 318.0, "synonym of relaxed"),
        Russell("peaceful", 328.6, "Russell 1980: serene"),
        Russell("serene", 328.6, "Russell 1980: serene"),
        Russell("excited", 48.6, "Russell 1980: excited"),
        Russell("exciting", 48.6, "Russell 1980: excited (AudioSet \"Exciting music\")"),
        Russell("energetic", 73.8, "Russell 1980: aroused; energetic music is above all aroused, mildly pleasant"),
        Russell("tense", 92.8, "Russell 1980: tense"),
        Russell("melancholic", 209.0, "Russell 1980: gloomy/depressed; sadder and calmer than sad"),
        Russell("melancholy", 209.0, "as melancholic"),
        Russell("heartbreak", 188.7, "Russell 1980: miserable; unpleasant with little arousal either way"),
        Russell("upbeat", 24.9, "Russell 1980: delighted; pleasant and livelier than happy's angle"),

        // Words outside the circumplex: placed by the affect their music usually carries.
        Placed("romantic", 350, 0.7, "between happy (7.8 deg) and content (323 deg): love songs, most of them ballads, are pleasant and unhurried"),
        Placed("tender", 323, 0.7, "Russell 1980: content; AudioSet \"Tender music\""),
        Placed("devotional", 328.6, 0.5, "serene's angle at half radius: bhajans and hymns are peaceful and reverent; the word names a purpose, not a feeling"),
        Placed("spiritual", 328.6, 0.5, "as devotional"),
        Placed("patriotic", 45, 0.6, "excited's quadrant, weaker: anthems and marches stir pride"),
        Placed("motivational", 40, 0.8, "between delighted and excited: positive and driving"),
        Placed("party", 48.6, 0.9, "excited, further out: dance music at its most aroused"),
        Placed("intense", 83, 0.85, "between aroused (73.8 deg) and tense (92.8 deg): high arousal, valence undecided"),
        Placed("aggressive", 119, 0.92, "past angry towards afraid, more aroused than Circumplex's angry"),
        Placed("funny", 24.9, 0.7, "delighted's angle, nearer the centre: amused (AudioSet \"Funny music\")"),
        Placed("playful", 24.9, 0.7, "as funny"),
        Placed("hopeful", 19, 0.6, "Russell 1980: pleased, nearer the centre"),
        Placed("dreamy", 300, 0.7, "between sleepy (271.9 deg) and serene (328.6 deg)"),
        Placed("nostalgic", 300, 0.4, "bittersweet but mostly positive (Sedikides et al. 2008), calm; near the centre"),
        Placed("dark", 170, 0.56, "unpleasant and brooding: between miserable and tense, barely aroused"),
    ];

    private static readonly FrozenDictionary<string, MoodWord> ByWord = Table.ToFrozenDictionary(w => w.Word, StringComparer.Ordinal);

    /// <summary>Every word of the table, in table order.</summary>
    public static IReadOnlyList<MoodWord> All => Table;

    /// <summary>The point of one word, or null when the word is not in the table.</summary>
    public static MoodPoint? Lookup(string? word)
    {
        var key = Normalize(word);
        if (key.Length == 0)
        {
            return null;
        }

        if (ByWord.TryGetValue(key, out var known))
        {
            return known.Point;
        }

        return key.EndsWith(" music", StringComparison.Ordinal) && ByWord.TryGetValue(key[..^" music".Length], out known)
            ? known.Point
            : null;
    }

    /// <summary>The mean point of the words the table knows (unknown words are ignored), or null when it knows none.</summary>
    /// <remarks>Shaped to serve as the catalog readers' mood lookup.</remarks>
    public static MoodPoint? Lookup(IReadOnlyList<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        float valence = 0, arousal = 0;
        var known = 0;
        foreach (var word in words)
        {
            if (Lookup(word) is { } point)
            {
                valence += point.Valence;
                arousal += point.Arousal;
                known++;
            }
        }

        return known == 0 ? null : new MoodPoint(valence / known, arousal / known);
    }

    /// <summary>The table's spelling of a word: lower case, single spaces (underscores and dashes count as spaces), trimmed.</summary>
    public static string Normalize(string? word)
    {
        if (string.IsNullOrWhiteSpace(word))
        {
            return "";
        }

        var builder = new StringBuilder(word.Length);
        var space = false;
        foreach (var c in word.Trim())
        {
            if (char.IsWhiteSpace(c) || c is '_' or '-')
            {
                space = true;
                continue;
            }

            if (space && builder.Length > 0)
            {
                builder.Append(' ');
            }

            space = false;
            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }

    private static MoodWord Expression(string word, Emotion emotion) =>
        new(word, Circumplex.Of(emotion), $"FER expression {EmotionProbabilities.Name(emotion)}: Circumplex point");

    private static MoodWord Russell(string word, double degrees, string basis) => Placed(word, degrees, CircumplexRadius, basis);

    private static MoodWord Placed(string word, double degrees, double radius, string basis)
    {
        var radians = degrees * Math.PI / 180;
        var point = new MoodPoint((float)Math.Round(radius * Math.Cos(radians), 2), (float)Math.Round(radius * Math.Sin(radians), 2));
        return new MoodWord(word, point, string.Create(CultureInfo.InvariantCulture, $"{basis} ({degrees:0.#} deg, r {radius:0.##})"));
    }
}
