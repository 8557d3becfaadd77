namespace Moodtune.Music.Catalog;

/// <summary>One record of a song list: a song, or the problem that kept it out (a song with a problem carries a warning).</summary>
/// <param name="Line">Where the record is: the line it starts on (CSV), or its element's number in the song array (JSON), from 1.</param>
public readonly record struct CatalogRow(long Line, Song? Song, string? Problem);
