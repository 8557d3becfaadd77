using Moodtune.Mood;
using Moodtune.Music.Catalog;
using Moodtune.Storage;

namespace Moodtune.Web;

/// <summary>A song as the catalog and the history show it (playlists use the command line's SongDocument, with a reason).</summary>
internal sealed record SongResponse(
    string Id, string Title, string Artist, string? Album, int? Year, string Language, float Valence, float Energy, float? Tempo,
    string? YoutubeId, string Url, IReadOnlyList<string> Moods, string Region)
{
    public static SongResponse From(Song song) => new(
        song.Id, song.Title, song.Artist, song.Album, song.Year, song.Language, song.Valence, song.Energy, song.Tempo,
        song.YouTubeId, song.PlayUri.AbsoluteUri, song.Moods, Names.Of(CatalogStats.RegionOf(song.Point)));
}

/// <summary>A stored mood reading.</summary>
internal sealed record ReadingResponse(
    long Id, DateTimeOffset Time, string Emotion, float Valence, float Arousal, float Confidence, string Source, IReadOnlyDictionary<string, float> Probabilities)
{
    public static ReadingResponse From(MoodReading reading) => new(
        reading.Id, reading.Time, EmotionProbabilities.Name(reading.Emotion), reading.Point.Valence, reading.Point.Arousal, reading.Confidence,
        Names.Of(reading.Source), reading.Probabilities.ToDictionary());
}

/// <summary>The lower-case names the contract uses.</summary>
internal static class Names
{
    public static string Of(MoodRegion region) => region.ToString().ToLowerInvariant();

    public static string Of(ReadingSource source) => source.ToString().ToLowerInvariant();

    public static string Of(PlayEvent play) => play.ToString().ToLowerInvariant();

    public static string Of(SongFeedback feedback) => feedback.ToString().ToLowerInvariant();

    public static bool TryParse<T>(string? text, out T value)
        where T : struct, Enum =>
        Enum.TryParse(text?.Trim(), ignoreCase: true, out value) && Enum.IsDefined(value) && !int.TryParse(text, out _);
}
