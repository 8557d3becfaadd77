namespace Moodtune.Music.Catalog;

public readonly record struct CatalogRow(long Line, Song? Song, string? Problem);
