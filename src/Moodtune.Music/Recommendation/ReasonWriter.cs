using Moodtune.Mood;
using Moodtune.Music.Catalog;

namespace Moodtune.Music.Recommendation;

/// <summary>Short human reasons: what the song feels like, and why it comes at this point of the playlist.</summary>
public static class ReasonWriter
{
    /// <summary>Ends the reason of a song chosen for a list that prefers playable songs although it has no video to play in the page.</summary>
    public const string DespiteNoVideo = "; no video to play here yet, and none that has one fits as well";

    public static string Reason(Song song, int position, int count, Strategy strategy, ListenerHistory history) =>
        Reason(song, position, count, strategy, history, history.LikedArtists.SelectMany(ArtistCredit.Split).ToHashSet(ArtistCredit.Comparer));

    /// <param name="likedArtists">The people and acts of the liked credits (<see cref="ArtistCredit.Split"/>), so the reason names the one the listener likes.</param>
    internal static string Reason(Song song, int position, int count, Strategy strategy, ListenerHistory history, IReadOnlySet<string> likedArtists)
    {
        var feel = Feel(song);
        var why = Step(strategy, position, count);
        var personal = history.Liked.Contains(song.Id) ? "; you liked it before"
            : song.Artists.FirstOrDefault(likedArtists.Contains) is { } artist ? $"; you like {artist}"
            : string.Empty;
        return $"{feel} — {why}{personal}";
    }

    /// <summary>Two words for the song: its own mood tags when it has them, else where it sits in mood space.</summary>
    public static string Feel(Song song)
    {
        if (song.Moods.Count > 0)
        {
            return string.Join(", ", song.Moods.Take(2));
        }

        return Region(song.Point);
    }

    public static string Region(MoodPoint p) => (p.Valence, p.Arousal) switch
    {
        ( >= 0.25f, >= 0.25f) => "bright, upbeat",
        ( >= 0.25f, <= -0.25f) => "calm, warm",
        ( >= 0.25f, _) => "warm, easy-going",
        ( <= -0.25f, >= 0.25f) => "intense, dark",
        ( <= -0.25f, <= -0.25f) => "soft, melancholic",
        ( <= -0.25f, _) => "wistful",
        (_, >= 0.25f) => "lively",
        (_, <= -0.25f) => "quiet, gentle",
        _ => "mellow",
    };

    private static string Step(Strategy strategy, int position, int count)
    {
        var last = position >= (int)MathF.Ceiling(count * 0.75f) - 1;
        return strategy switch
        {
            Strategy.Match => "close to your mood",
            Strategy.Uplift when position == 0 => "starting close to your mood",
            Strategy.Uplift when last => "brighter, where we were heading",
            Strategy.Uplift => "a step brighter",
            Strategy.Calm when position == 0 => "meeting you where you are",
            Strategy.Calm when last => "settled and calm",
            Strategy.Calm => "winding down",
            Strategy.Energize when position == 0 => "meeting you where you are",
            Strategy.Energize when last => "full energy",
            Strategy.Energize => "picking up the pace",
            _ => "for your mood",
        };
    }
}
