using Moodtune.Music.Catalog;

namespace Moodtune.Music.Recommendation;

/// <summary>What the step from one song to the next looks at, read once per catalog snapshot.</summary>
internal readonly record struct SongTraits(float Energy, float? Tempo, int? Year, string Language, string[] Tags)
{
    public static SongTraits Of(Song song) => new(
        song.Energy,
        song.Tempo is float t && float.IsFinite(t) && t > 0 ? t : null,
        song.Year,
        song.Language,
        [.. song.Genres.Concat(song.Moods).Select(t => t.ToLowerInvariant()).Distinct(StringComparer.Ordinal)]);
}

/// <summary>
/// The cost of playing one song after another, added to the next song's score so a list changes gradually (the iso
/// principle asks for steps, not jumps): an energy step costs most, then a change of language, a tempo step, a leap of
/// decades and a change of genre and mood words. Every part is zero for a seamless step and at most its weight; the
/// energy weight is the largest because energy is what a listener feels change first (and what the flow measure counts).
/// </summary>
internal static class Transition
{
    public const float EnergyWeight = 0.8f;
    public const float LanguageWeight = 0.05f;
    public const float TempoWeight = 0.04f;
    public const float EraWeight = 0.04f;
    public const float TagWeight = 0.05f;

    // A tempo an octave away (double or half) and thirty years apart count as full steps.
    private const float Octave = 0.6931472f;
    private const float Generation = 30f;

    public static float Cost(in SongTraits from, in SongTraits to)
    {
        var cost = EnergyWeight * Math.Abs(from.Energy - to.Energy);
        if (!string.Equals(from.Language, to.Language, StringComparison.Ordinal))
        {
            cost += LanguageWeight;
        }

        if (from.Tempo is float a && to.Tempo is float b)
        {
            cost += TempoWeight * Math.Min(1f, Math.Abs(MathF.Log(a / b)) / Octave);
        }

        if (from.Year is int y1 && to.Year is int y2)
        {
            cost += EraWeight * Math.Min(1f, Math.Abs(y1 - y2) / Generation);
        }

        return cost + (TagWeight * (1 - Jaccard(from.Tags, to.Tags)));
    }

    private static float Jaccard(string[] a, string[] b)
    {
        if (a.Length == 0 && b.Length == 0)
        {
            return 1;
        }

        var shared = 0;
        foreach (var tag in a)
        {
            if (Array.IndexOf(b, tag) >= 0)
            {
                shared++;
            }
        }

        return (float)shared / (a.Length + b.Length - shared);
    }
}
