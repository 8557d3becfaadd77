namespace Moodtune.Music.Catalog;

/// <summary>
/// How much text one song may carry. Imported files come from anyone who can reach the import (issue 19: one row with a
/// 60 MB title made every playlist answer 189 MB), so rows beyond these are skipped with the reason. The limits sit far
/// above the real data sets: their longest title has 131 characters, their longest credit 752 (a film's singers).
/// </summary>
public static class SongLimits
{
    public const int MaxTitleLength = 500;

    public const int MaxArtistLength = 1000;

    public const int MaxAlbumLength = 500;

    /// <summary>Genres, and mood words, per song.</summary>
    public const int MaxTags = 64;

    public const int MaxTagLength = 100;

    public const int MaxSourceLength = 200;

    /// <summary>A CSV record longer than this (UTF-8 bytes) ends the file's import with an error: no real row comes near it.</summary>
    public const int MaxCsvRecordBytes = 1 << 20;

    /// <summary>Why the song holds more than a song may, or null.</summary>
    public static string? Problem(Song song)
    {
        ArgumentNullException.ThrowIfNull(song);
        return TooLong("title", song.Title, MaxTitleLength)
            ?? TooLong("artist", song.Artist, MaxArtistLength)
            ?? TooLong("album", song.Album, MaxAlbumLength)
            ?? TooLong("source", song.Source, MaxSourceLength)
            ?? TooMany("genres", song.Genres)
            ?? TooMany("mood words", song.Moods);
    }

    private static string? TooLong(string field, string? text, int limit) =>
        text?.Length > limit ? $"{field} longer than {limit} characters" : null;

    private static string? TooMany(string field, IReadOnlyList<string> tags) =>
        tags.Count > MaxTags ? $"more than {MaxTags} {field}"
        : tags.Any(t => t.Length > MaxTagLength) ? $"{field} longer than {MaxTagLength} characters"
        : null;
}
