using System.Text.Json.Serialization;
using Moodtune.Mood;
using Moodtune.Music.Recommendation;

namespace Moodtune.Music.Serialization;

/// <summary>
/// The JSON form of a playlist, shared by `moodtune recommend --json` and the web API:
/// <c>{"strategy":..,"mood":{"valence":..,"arousal":..},"songs":[{"title":..,"artist":..,"youtube_id":..,"url":..,"reason":..}]}</c>.
/// </summary>
public sealed record PlaylistDocument(
    [property: JsonPropertyName("strategy")] string Strategy,
    [property: JsonPropertyName("emotion")] string Emotion,
    [property: JsonPropertyName("mood")] MoodDocument Mood,
    [property: JsonPropertyName("goal")] MoodDocument Goal,
    [property: JsonPropertyName("songs")] IReadOnlyList<SongDocument> Songs)
{
    public static PlaylistDocument From(Playlist playlist) => new(
        playlist.Strategy.ToString().ToLowerInvariant(),
        EmotionProbabilities.Name(playlist.Mood.Dominant),
        new MoodDocument(playlist.Mood.Point.Valence, playlist.Mood.Point.Arousal, playlist.Mood.Confidence),
        new MoodDocument(playlist.Goal.Valence, playlist.Goal.Arousal, null),
        [.. playlist.Songs.Select(SongDocument.From)]);
}

public sealed record MoodDocument(
    [property: JsonPropertyName("valence")] float Valence,
    [property: JsonPropertyName("arousal")] float Arousal,
    [property: JsonPropertyName("confidence"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] float? Confidence);

public sealed record SongDocument(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("artist")] string Artist,
    [property: JsonPropertyName("album")] string? Album,
    [property: JsonPropertyName("year")] int? Year,
    [property: JsonPropertyName("language")] string Language,
    [property: JsonPropertyName("valence")] float Valence,
    [property: JsonPropertyName("energy")] float Energy,
    [property: JsonPropertyName("tempo")] float? Tempo,
    [property: JsonPropertyName("youtube_id")] string? YouTubeId,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("reason")] string Reason)
{
    public static SongDocument From(RecommendedSong recommended)
    {
        var song = recommended.Song;
        return new(song.Id, song.Title, song.Artist, song.Album, song.Year, song.Language, song.Valence, song.Energy, song.Tempo,
            song.YouTubeId, song.PlayUri.AbsoluteUri, recommended.Reason);
    }
}

[JsonSerializable(typeof(PlaylistDocument))]
public sealed partial class MusicJsonContext : JsonSerializerContext;
