using System.Globalization;
using System.Text;
using Moodtune.Mood;

namespace Moodtune.Music.Catalog;

/// <summary>How a song's valence, energy and tempo were obtained, from least to most trustworthy.</summary>
public enum FeatureOrigin
{
    /// <summary>Derived from a mood word alone (a "Sad" label gives the sad point).</summary>
    FromMoodLabel = 0,

    /// <summary>Estimated by hand, as in the default catalog.</summary>
    Estimated = 1,

    /// <summary>Measured from the audio (Spotify audio features, annotated valence/arousal).</summary>
    Measured = 2,
}

/// <summary>One song of the catalog: who and what it is, where it sits in mood space, and how to play it.</summary>
public sealed record Song
{
    /// <summary>Stable identifier, by default the slug of artist and title (<see cref="MakeId"/>).</summary>
    public required string Id { get; init; }

    public required string Title { get; init; }

    /// <summary>Main artist or singers (comma-separated for duets, as film songs credit them).</summary>
    public required string Artist { get; init; }

    /// <summary>Album, or the film for film songs.</summary>
    public string? Album { get; init; }

    public int? Year { get; init; }

    /// <summary>ISO 639-1 code: en, hi, ...</summary>
    public required string Language { get; init; }

    public IReadOnlyList<string> Genres { get; init; } = [];

    /// <summary>Musical positiveness 0..1, as Spotify's audio features define it.</summary>
    public required float Valence { get; init; }

    /// <summary>Intensity and activity 0..1, as Spotify's audio features define it.</summary>
    public required float Energy { get; init; }

    /// <summary>How <see cref="Valence"/>, <see cref="Energy"/> and <see cref="Tempo"/> were obtained.</summary>
    public FeatureOrigin Features { get; init; } = FeatureOrigin.Estimated;

    /// <summary>Beats per minute, when known.</summary>
    public float? Tempo { get; init; }

    /// <summary>0..100, when known.</summary>
    public int? Popularity { get; init; }

    /// <summary>Mood words (happy, calm, romantic, devotional...), lower case.</summary>
    public IReadOnlyList<string> Moods { get; init; } = [];

    /// <summary>The 11-character YouTube video id, when known; otherwise the song is offered as a YouTube search.</summary>
    public string? YouTubeId { get; init; }

    /// <summary>The day the YouTube Data API was asked for this song's video, so it is never asked twice (null: never).</summary>
    public DateOnly? VideoSearchedOn { get; init; }

    /// <summary>Where the song came from: "default", or the data set it was imported from.</summary>
    public string Source { get; init; } = "default";

    public MoodPoint Point => MoodPoint.FromAudioFeatures(Valence, Energy, Tempo);

    /// <summary>Where the song sits on PAD's dominance axis, -1 (fragile) to 1 (commanding), from its mood words, genres and energy.</summary>
    public float Dominance => SongDominance.Estimate(this);

    /// <summary>The people and acts of <see cref="Artist"/> (<see cref="ArtistCredit"/>).</summary>
    public IReadOnlyList<string> Artists => ArtistCredit.Split(Artist);

    /// <summary>What to search YouTube for when the video id is unknown.</summary>
    public string SearchQuery => $"{Artist} {Title}";

    /// <summary>The video page, or a YouTube search for the song.</summary>
    public Uri PlayUri => YouTubeId is { } id
        ? new Uri($"https://www.youtube.com/watch?v={id}")
        : new Uri($"https://www.youtube.com/results?search_query={Uri.EscapeDataString(SearchQuery)}");

    /// <summary>
    /// The identity of a song across imports: artist and title folded to lower-case ASCII letters and digits
    /// joined by dashes ("Beyoncé", "Halo" → "beyonce--halo"), so the same song from two sources is one song.
    /// </summary>
    public static string MakeId(string artist, string title) => $"{Slug(artist)}--{Slug(title)}";

    private static string Slug(string text)
    {
        var builder = new StringBuilder(text.Length);
        var dash = false;
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
                dash = false;
            }
            else if (char.IsLetterOrDigit(c))
            {
                // Scripts other than Latin (Devanagari titles) keep their letters rather than vanish.
                builder.Append(c);
                dash = false;
            }
            else if (!dash && builder.Length > 0)
            {
                builder.Append('-');
                dash = true;
            }
        }

        return builder.ToString().TrimEnd('-');
    }
}
