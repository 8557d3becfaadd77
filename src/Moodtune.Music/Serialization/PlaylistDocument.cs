using System.Text.Json.Serialization;
using Moodtune.Mood;
using Moodtune.Music.Recommendation;

namespace Moodtune.Music.Serialization;

/// <summary>
/// The JSON form of a playlist, shared by `moodtune recommend --json` and the web API:
/// <c>{"strategy":..,"mood":{"valence":..,"arousal":..},"songs":[{"title":..,"artist":..,"youtube_id":..,"url":..,"reason":..}]}</c>.
/// </summary>
public sealed record PlaylistDocument(
    Strategy Strategy,
    Emotion Emotion,
    MoodDocument Mood,
    MoodDocument Goal,
    IReadOnlyList<SongDocument> Songs)
{
    public static PlaylistDocument From(Playlist playlist) => new(
        playlist.Strategy,
        playlist.Mood.Dominant,
        new MoodDocument(playlist.Mood.Point.Valence, playlist.Mood.Point.Arousal, playlist.Mood.Confidence),
        new MoodDocument(playlist.Goal.Valence, playlist.Goal.Arousal, null),
        [.. playlist.Songs.Select(SongDocument.From)]);
}

public sealed record MoodDocument(
    float Valence,
    float Arousal,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] float? Confidence);

public sealed record SongDocument(
    string Id,
    string Title,
    string Artist,
    string? Album,
    int? Year,
    string Language,
    float Valence,
    float Energy,
    float? Tempo,
    [property: JsonPropertyName("youtube_id")] string? YouTubeId,
    string Url,
    string Reason)
{
    public static SongDocument From(RecommendedSong recommended)
    {
        var song = recommended.Song;
        return new(song.Id, song.Title, song.Artist, song.Album, song.Year, song.Language, song.Valence, song.Energy, song.Tempo,
            song.YouTubeId, song.PlayUri.AbsoluteUri, recommended.Reason);
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, Converters = [typeof(WireNameConverter<Strategy>), typeof(WireNameConverter<Emotion>)])]
[JsonSerializable(typeof(PlaylistDocument))]
public sealed partial class MusicJsonContext : JsonSerializerContext;
