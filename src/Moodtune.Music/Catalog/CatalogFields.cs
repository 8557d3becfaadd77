using System.Globalization;
using System.Text.RegularExpressions;
using Moodtune.Mood;

namespace Moodtune.Music.Catalog;

/// <summary>
/// The generic catalog layout shared by <see cref="CatalogCsv"/> and <see cref="CatalogJson"/>: its field names, and the
/// checks that turn one record's raw text into a <see cref="Song"/> or a problem naming the offending field.
/// </summary>
internal static partial class CatalogFields
{
    public const string Id = "id";
    public const string Title = "title";
    public const string Artist = "artist";
    public const string Album = "album";
    public const string Year = "year";
    public const string Language = "language";
    public const string Genres = "genres";
    public const string Valence = "valence";
    public const string Energy = "energy";
    public const string Tempo = "tempo";
    public const string Popularity = "popularity";
    public const string Moods = "moods";
    public const string YouTubeId = "youtube_id";
    public const string Features = "features";
    public const string Source = "source";
    public const string VideoSearchedOn = "video_searched_on";

    /// <summary>Every field, in the order the writers emit them.</summary>
    public static readonly IReadOnlyList<string> All =
        [Id, Title, Artist, Album, Year, Language, Genres, Valence, Energy, Tempo, Popularity, Moods, YouTubeId, Features, Source, VideoSearchedOn];

    public const string DefaultLanguage = "en";
    public const int MinYear = 1850;
    public const int MaxYear = 2100;
    public const float MaxTempo = 300;
    public const string DateFormat = "yyyy-MM-dd";

    public static string FeaturesText(FeatureOrigin origin) => origin switch
    {
        FeatureOrigin.FromMoodLabel => "mood-label",
        FeatureOrigin.Measured => "measured",
        _ => "estimated",
    };

    public static string FormatFloat(float value) => value.ToString(CultureInfo.InvariantCulture);

    public static string FormatInt(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string FormatDate(DateOnly value) => value.ToString(DateFormat, CultureInfo.InvariantCulture);

    /// <summary>Splits a ';'-separated list into trimmed, lower-case, distinct, non-empty words.</summary>
    public static List<string> SplitList(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : NormalizeList(text.Split(';'));

    public static List<string> NormalizeList(IEnumerable<string?> words)
    {
        var list = new List<string>();
        foreach (var word in words)
        {
            var w = word?.Trim().ToLowerInvariant();
            if (!string.IsNullOrEmpty(w) && !list.Contains(w))
            {
                list.Add(w);
            }
        }

        return list;
    }

    /// <summary>
    /// Builds a song from one record. <paramref name="text"/> gives a field's raw text (null or empty when absent);
    /// <paramref name="genres"/> and <paramref name="moods"/> are already split. Every problem of the record is reported, each naming its field.
    /// </summary>
    public static (Song? Song, string? Problem) Build(
        Func<string, string?> text,
        List<string> genres,
        List<string> moods,
        string source,
        Func<IReadOnlyList<string>, MoodPoint?>? moodLookup)
    {
        var problems = new List<string>();
        var title = Clean(text(Title));
        var artist = Clean(text(Artist));
        if (title is null)
        {
            problems.Add("title is empty");
        }

        if (artist is null)
        {
            problems.Add("artist is empty");
        }

        var year = ParseInt(text, Year, MinYear, MaxYear, problems);
        var popularity = ParseInt(text, Popularity, 0, 100, problems);
        var valence = ParseFloat(text, Valence, 0, 1, problems);
        var energy = ParseFloat(text, Energy, 0, 1, problems);
        var tempo = ParseFloat(text, Tempo, float.Epsilon, MaxTempo, problems);

        var language = Clean(text(Language))?.ToLowerInvariant() ?? DefaultLanguage;
        if (!LanguagePattern().IsMatch(language))
        {
            problems.Add($"language '{language}' is not an ISO 639 code (en, hi...)");
        }

        var youTubeId = Clean(text(YouTubeId));
        if (youTubeId is not null && !YouTubeIdPattern().IsMatch(youTubeId))
        {
            problems.Add($"youtube_id '{youTubeId}' is not 11 characters of A-Z, a-z, 0-9, '_' and '-'");
        }

        DateOnly? searchedOn = null;
        if (Clean(text(VideoSearchedOn)) is { } searchedText)
        {
            if (DateOnly.TryParseExact(searchedText, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                searchedOn = date;
            }
            else
            {
                problems.Add($"video_searched_on '{searchedText}' is not a date written yyyy-MM-dd");
            }
        }

        FeatureOrigin? declared = null;
        if (Clean(text(Features)) is { } featuresText)
        {
            declared = ParseFeatures(featuresText);
            if (declared is null)
            {
                problems.Add($"features '{featuresText}' is not one of estimated, measured, mood-label");
            }
        }

        FeatureOrigin origin;
        var hasValence = HasText(text, Valence);
        var hasEnergy = HasText(text, Energy);
        if (hasValence || hasEnergy)
        {
            // Given features are used as they are (bad ones are already reported); half of them cannot be completed from a mood word.
            if (hasValence != hasEnergy)
            {
                problems.Add(hasValence ? "energy is missing (valence is given)" : "valence is missing (energy is given)");
            }

            origin = declared ?? FeatureOrigin.Estimated;
        }
        else if (moods.Count == 0)
        {
            problems.Add("neither valence and energy nor moods are given");
            origin = FeatureOrigin.FromMoodLabel;
        }
        else if (moodLookup?.Invoke(moods) is { } point)
        {
            valence = point.ToFeatureValence();
            energy = point.ToFeatureEnergy();
            origin = FeatureOrigin.FromMoodLabel;
        }
        else
        {
            problems.Add(moodLookup is null
                ? "moods without valence and energy need a mood lookup, and none was given"
                : $"moods '{string.Join(';', moods)}' name no known mood, and valence and energy are not given");
            origin = FeatureOrigin.FromMoodLabel;
        }

        if (problems.Count > 0)
        {
            return (null, string.Join("; ", problems));
        }

        var song = new Song
        {
            Id = Clean(text(Id)) ?? Song.MakeId(artist!, title!),
            Title = title!,
            Artist = artist!,
            Album = Clean(text(Album)),
            Year = year,
            Language = language,
            Genres = genres,
            Valence = valence!.Value,
            Energy = energy!.Value,
            Features = origin,
            Tempo = tempo,
            Popularity = popularity,
            Moods = moods,
            YouTubeId = youTubeId,
            VideoSearchedOn = searchedOn,
            Source = Clean(text(Source)) ?? source,
        };
        return (song, null);
    }

    private static FeatureOrigin? ParseFeatures(string text) => text.ToLowerInvariant() switch
    {
        "estimated" => FeatureOrigin.Estimated,
        "measured" => FeatureOrigin.Measured,
        "mood-label" or "mood_label" or "moodlabel" or "frommoodlabel" => FeatureOrigin.FromMoodLabel,
        _ => null,
    };

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static bool HasText(Func<string, string?> text, string field) => !string.IsNullOrWhiteSpace(text(field));

    private static int? ParseInt(Func<string, string?> text, string field, int min, int max, List<string> problems)
    {
        if (Clean(text(field)) is not { } raw)
        {
            return null;
        }

        if (int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        problems.Add($"{field} '{raw}' is not a whole number from {min} to {max}");
        return null;
    }

    private static float? ParseFloat(Func<string, string?> text, string field, float min, float max, List<string> problems)
    {
        if (Clean(text(field)) is not { } raw)
        {
            return null;
        }

        if (float.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && float.IsFinite(value) && value >= min && value <= max)
        {
            return value;
        }

        problems.Add(min == float.Epsilon
            ? $"{field} '{raw}' is not a number above 0 and at most {FormatFloat(max)}"
            : $"{field} '{raw}' is not a number from {FormatFloat(min)} to {FormatFloat(max)}");
        return null;
    }

    [GeneratedRegex("^[a-z]{2,3}$")]
    private static partial Regex LanguagePattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{11}$")]
    private static partial Regex YouTubeIdPattern();
}
