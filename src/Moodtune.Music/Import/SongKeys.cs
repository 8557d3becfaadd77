using System.Text.RegularExpressions;
using Moodtune.Music.Catalog;

namespace Moodtune.Music.Import;

/// <summary>The spelling-proof keys songs are matched by across data sets.</summary>
internal static partial class SongKeys
{
    private static readonly string[] ArtistSeparators = [",", "&", "/", ";", " and ", " feat. ", " feat ", " ft. ", " with "];

    /// <summary>
    /// A title without case, accents, punctuation, an <c>.opus</c> extension or a film credit ("(From Bajirao Mastani)");
    /// other brackets stay, because "(Unplugged)" or "(Remix)" is another recording.
    /// </summary>
    public static string Title(string title) => Song.MakeId("", FilmCredit().Replace(BollywoodMoodsCsv.CleanTitle(title), " "));

    /// <summary>Each credited name, as a key.</summary>
    public static string[] Artists(string artist) =>
        [.. artist.Split(ArtistSeparators, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(a => Song.MakeId(a, ""))
            .Where(k => k.Length > 2)
            .Distinct()];

    [GeneratedRegex(@"[(\[]\s*(from|film|movie)\b[^)\]]*[)\]]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FilmCredit();
}
