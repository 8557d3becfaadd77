using System.Globalization;

namespace Moodtune.Storage;

/// <summary>Times are stored as fixed-width UTC ISO 8601 text, so that text order is time order.</summary>
internal static class StorageTime
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static string ToText(DateTimeOffset time) => time.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string text) =>
        DateTimeOffset.ParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>The lower bound of a range query (inclusive); null means the beginning of time.</summary>
    public static string From(DateTimeOffset? time) => time is { } t ? ToText(t) : string.Empty;

    /// <summary>The upper bound of a range query (exclusive); null means no end.</summary>
    public static string To(DateTimeOffset? time) => time is { } t ? ToText(t) : "9999";
}
