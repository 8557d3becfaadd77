using Moodtune.Mood;
using Moodtune.Music.Catalog;
using Moodtune.Storage;

namespace Moodtune.Web;

/// <summary>A song as the catalog and the history show it (playlists use the command line's SongDocument, with a reason).</summary>
internal sealed record SongResponse(
    string Id, string Title, string Artist, string? Album, int? Year, string Language, float Valence, float Energy, float? Tempo,
    string? YoutubeId, string Url, IReadOnlyList<string> Moods, MoodRegion Region)
{
    public static SongResponse From(Song song) => new(
        song.Id, song.Title, song.Artist, song.Album, song.Year, song.Language, song.Valence, song.Energy, song.Tempo,
        song.YouTubeId, song.PlayUri.AbsoluteUri, song.Moods, CatalogStats.RegionOf(song.Point));
}

/// <summary>A stored mood reading.</summary>
internal sealed record ReadingResponse(
    long Id, DateTimeOffset Time, Emotion Emotion, float Valence, float Arousal, float Confidence, ReadingSource Source, IReadOnlyDictionary<string, float> Probabilities)
{
    public static ReadingResponse From(MoodReading reading) => new(
        reading.Id, reading.Time, reading.Emotion, reading.Point.Valence, reading.Point.Arousal, reading.Confidence,
        reading.Source, reading.Probabilities.ToDictionary());
}

/// <summary>Enum values in requests: their names in any case, not their numbers.</summary>
internal static class Names
{
    public static bool TryParse<T>(string? text, out T value)
        where T : struct, Enum =>
        Enum.TryParse(text?.Trim(), ignoreCase: true, out value) && Enum.IsDefined(value) && !int.TryParse(text, out _);
}
