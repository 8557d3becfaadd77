namespace Moodtune.Music.Catalog;

/// <summary>
/// The people and acts a song's credit names, so "Kishore Kumar, Manna Dey" counts as Kishore Kumar for the diversity
/// rule and for likes. Splitting must not tear band names apart, so each separator has its own rule:
/// <list type="bullet">
/// <item>"feat.", "ft.", "featuring" (with or without parentheses) always separate: a guest is a second act.</item>
/// <item>" x " separates only in lower case between two names ("Marshmello x Bastille"); "Lil Nas X" and
/// "X Ambassadors" keep their capital X.</item>
/// <item>", " separates (film songs credit their singers that way), except in a band named after a list of single words
/// joined by "&amp;" or "and" ("Earth, Wind &amp; Fire", "Crosby, Stills, Nash &amp; Young", "Peter, Paul and Mary"), and
/// except before "The" ("Tyler, The Creator").</item>
/// <item>" &amp; " and " and " separate two full names ("Marvin Gaye &amp; Tammi Terrell", "Rob Base and DJ E-Z Rock"); a
/// duo named by single words is one act ("Simon &amp; Garfunkel", "Iron &amp; Wine", "Seals and Crofts"); a leader with a
/// backing band ("Bob Marley &amp; The Wailers") is the band's name and, as well, the leader's.</item>
/// </list>
/// Names compare case-insensitively (<see cref="Comparer"/>).
/// </summary>
public static class ArtistCredit
{
    public static StringComparer Comparer => StringComparer.OrdinalIgnoreCase;

    private static readonly string[] Featuring = [" featuring ", " feat. ", " feat ", " ft. ", " ft ", " (feat. ", " (ft. ", " (featuring "];

    private static readonly string[] Conjunctions = [" & ", " and "];

    /// <summary>The names a credit answers to, first as credited; never empty for a non-blank credit.</summary>
    public static IReadOnlyList<string> Split(string credit)
    {
        ArgumentNullException.ThrowIfNull(credit);
        var names = new List<string>(2);
        foreach (var act in SplitFeaturing(credit.Trim()))
        {
            foreach (var part in act.Split(" x ", StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                foreach (var listed in SplitList(part))
                {
                    AddPair(listed, names);
                }
            }
        }

        return names.Count == 0 && credit.Length > 0 ? [credit] : names.Distinct(Comparer).ToList();
    }

    /// <summary>Whether two credits share a name.</summary>
    public static bool Overlap(string a, string b) =>
        Comparer.Equals(a, b) || Split(a).Intersect(Split(b), Comparer).Any();

    private static IEnumerable<string> SplitFeaturing(string credit)
    {
        var rest = credit;
        while (true)
        {
            var (at, marker) = FirstOf(rest, Featuring);
            if (at < 0)
            {
                yield return rest;
                yield break;
            }

            yield return rest[..at].Trim();
            rest = rest[(at + marker.Length)..].TrimEnd(')', ' ');
        }
    }

    private static List<string> SplitList(string credit)
    {
        var parts = credit.Split(", ", StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 1 || IsListBandName(parts))
        {
            return [credit];
        }

        // In a list, the last "&" or "and" is the list's own ("A, B & C"), unless a backing band follows it.
        var (at, marker) = FirstOf(parts[^1], Conjunctions);
        if (at > 0 && !parts[^1][(at + marker.Length)..].StartsWith("the ", StringComparison.OrdinalIgnoreCase))
        {
            parts = [.. parts[..^1], parts[^1][..at].Trim(), parts[^1][(at + marker.Length)..].Trim()];
        }

        // "Tyler, The Creator": a part starting with "The" belongs to the name before it.
        var joined = new List<string>(parts.Length);
        foreach (var part in parts)
        {
            if (joined.Count > 0 && part.StartsWith("the ", StringComparison.OrdinalIgnoreCase))
            {
                joined[^1] = $"{joined[^1]}, {part}";
            }
            else
            {
                joined.Add(part);
            }
        }

        return joined;
    }

    private static bool IsListBandName(string[] parts)
    {
        var (at, _) = FirstOf(parts[^1], Conjunctions);
        if (at < 0)
        {
            return false;
        }

        var words = parts[..^1].Concat(parts[^1].Split(Conjunctions, StringSplitOptions.TrimEntries));
        return words.All(w => w.Length > 0 && !w.Contains(' ', StringComparison.Ordinal));
    }

    private static void AddPair(string credit, List<string> names)
    {
        var (at, marker) = FirstOf(credit, Conjunctions);
        if (at < 0)
        {
            names.Add(credit);
            return;
        }

        var left = credit[..at].Trim();
        var right = credit[(at + marker.Length)..].Trim();
        if (right.StartsWith("the ", StringComparison.OrdinalIgnoreCase))
        {
            names.Add(credit);
            names.Add(left);
        }
        else if (left.Contains(' ', StringComparison.Ordinal) && right.Contains(' ', StringComparison.Ordinal))
        {
            names.Add(left);
            AddPair(right, names);
        }
        else
        {
            names.Add(credit);
        }
    }

    private static (int At, string Marker) FirstOf(string text, string[] markers)
    {
        var best = (-1, string.Empty);
        foreach (var marker in markers)
        {
            var at = text.IndexOf(marker, StringComparison.OrdinalIgnoreCase);
            if (at > 0 && (best.Item1 < 0 || at < best.Item1))
            {
                best = (at, marker);
            }
        }

        return best;
    }
}
