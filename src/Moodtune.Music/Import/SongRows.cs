using System.Globalization;
using Moodtune.Music.Catalog;

namespace Moodtune.Music.Import;

/// <summary>What the layout readers share: parsing cells into song fields, and the reasons a row is skipped.</summary>
internal static class SongRows
{
    public const string NoMoodOrFeatures = "no mood or audio features";
    public const string UnrecognisedYouTubeUrl = "YouTube URL not recognised: song kept without a video id";

    public static CatalogRow Skip(long line, string reason) => new(line, null, reason);

    /// <summary>The valence and energy columns (0..1), or the row that skips the song when either is missing or out of range.</summary>
    public static CatalogRow? Features(long line, string valenceText, string energyText, out float valence, out float energy)
    {
        energy = 0;
        if (Unit(valenceText, "valence", out valence) is { } badValence)
        {
            return Skip(line, badValence);
        }

        return Unit(energyText, "energy", out energy) is { } badEnergy ? Skip(line, badEnergy) : null;
    }

    /// <summary>A 0..1 audio feature (valence, energy...), or why the cell is unusable.</summary>
    public static string? Unit(string text, string column, out float value)
    {
        if (!TryFloat(text, column, out value, out var problem))
        {
            return problem;
        }

        return value is < 0 or > 1 ? $"'{column}' outside 0..1" : null;
    }

    /// <summary>A number, or why the cell is unusable.</summary>
    public static string? Number(string text, string column, out float value) =>
        TryFloat(text, column, out value, out var problem) ? null : problem;

    /// <summary>An optional whole number (popularity): null when empty or not a number.</summary>
    public static int? OptionalInt(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? (int)Math.Round(value)
            : null;

    /// <summary>An optional tempo in BPM: null when empty, not a number or not positive.</summary>
    public static float? OptionalTempo(string text) =>
        float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && float.IsFinite(value) && value > 0
            ? value
            : null;

    /// <summary>The year of a date written YYYY, YYYY-MM or YYYY-MM-DD.</summary>
    public static int? Year(string text) =>
        text.Length >= 4 && int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is > 1800 and < 2200
            ? year
            : null;

    public static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    /// <summary>
    /// A song whose only mood evidence is a word: its valence and energy are the word's point (<see cref="MoodWords"/>),
    /// and <see cref="Song.Features"/> says so. Null when the word is not in the table.
    /// </summary>
    public static Song? FromMoodLabel(string title, string artist, string mood, string language, string source, string? album = null)
    {
        if (MoodWords.Lookup(mood) is not { } point)
        {
            return null;
        }

        return new Song
        {
            Id = Song.MakeId(artist, title),
            Title = title,
            Artist = artist,
            Album = album,
            Language = language,
            Valence = point.ToFeatureValence(),
            Energy = point.ToFeatureEnergy(),
            Features = FeatureOrigin.FromMoodLabel,
            Moods = [MoodWords.Normalize(mood)],
            Source = source,
        };
    }

    public static string UnknownMood(string mood) => mood.Length == 0 ? "empty mood label" : $"unknown mood '{mood}'";

    private static bool TryFloat(string text, string column, out float value, out string? problem)
    {
        problem = null;
        if (text.Length == 0)
        {
            value = 0;
            problem = $"'{column}' is empty";
            return false;
        }

        if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) || !float.IsFinite(value))
        {
            problem = $"'{column}' is not a number";
            return false;
        }

        return true;
    }
}
