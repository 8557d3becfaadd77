using Moodtune.Music.Catalog;

namespace Moodtune.Storage.Tests;

public sealed class SongStoreTests
{
    [Fact]
    public async Task An_empty_songs_table_is_seeded_with_the_default_catalog_and_every_field_round_trips()
    {
        await using var db = await TempDatabase.CreateAsync();
        var expected = DefaultCatalog.Load().Songs.OrderBy(s => s.Id, StringComparer.Ordinal).ToList();

        using var again = new SongStore(db.Database);
        var loaded = (await again.LoadAsync(cancellationToken: TestContext.Current.CancellationToken)).Songs.OrderBy(s => s.Id, StringComparer.Ordinal).ToList();

        Assert.Equal(expected.Count, loaded.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i] with { Genres = [], Moods = [] }, loaded[i] with { Genres = [], Moods = [] });
            Assert.Equal(expected[i].Genres, loaded[i].Genres);
            Assert.Equal(expected[i].Moods, loaded[i].Moods);
        }
    }

    [Fact]
    public async Task Refresh_brings_in_what_another_store_on_the_same_database_wrote_and_only_that()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = TempDatabase.Song("Artist", "First", 0.8f, 0.7f);
        await using var db = await TempDatabase.CreateAsync(first);

        // Two stores on one database stand for two processes (`serve` and `moodtune catalog import`).
        using var other = new SongStore(db.Database);
        await other.LoadAsync(cancellationToken: ct);
        Assert.Equal(0, await db.Songs.RefreshAsync(ct));

        var added = TempDatabase.Song("Someone", "New", 0.2f, 0.3f);
        await other.SaveAsync([added, first with { YouTubeId = "dQw4w9WgXcQ" }], ct);
        Assert.False(db.Songs.Catalog.TryGet(added.Id, out _));

        Assert.Equal(2, await db.Songs.RefreshAsync(ct));
        Assert.True(db.Songs.Catalog.TryGet(added.Id, out _));
        Assert.True(db.Songs.Catalog.TryGet(first.Id, out var updated));
        Assert.Equal("dQw4w9WgXcQ", updated.YouTubeId);

        // Seen rows are not read again, and a store's own writes change nothing when they come back.
        Assert.Equal(0, await db.Songs.RefreshAsync(ct));
        await db.Songs.SaveAsync([added with { Album = "Mine" }], ct);
        Assert.Equal(0, await db.Songs.RefreshAsync(ct));
        Assert.Equal(1, await other.RefreshAsync(ct));
        Assert.True(other.Catalog.TryGet(added.Id, out var album));
        Assert.Equal("Mine", album.Album);
    }

    [Fact]
    public async Task Refresh_before_the_catalog_is_loaded_does_nothing()
    {
        await using var db = await TempDatabase.CreateAsync();
        using var unloaded = new SongStore(db.Database);

        Assert.Equal(0, await unloaded.RefreshAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Save_follows_the_catalog_merge_rules_and_persists()
    {
        var measured = TempDatabase.Song("Artist", "Measured", 0.8f, 0.7f) with { Features = FeatureOrigin.Measured, Album = "First" };
        await using var db = await TempDatabase.CreateAsync(measured);

        // An estimate never overwrites measured features; a missing album keeps the old one; a video id is added.
        var changed = await db.Songs.SaveAsync(
            [measured with { Valence = 0.1f, Energy = 0.1f, Features = FeatureOrigin.Estimated, Album = null, YouTubeId = "dQw4w9WgXcQ" }],
            TestContext.Current.CancellationToken);

        Assert.Equal(1, changed);
        using var reloaded = new SongStore(db.Database);
        var catalog = await reloaded.LoadAsync(cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(catalog.TryGet(measured.Id, out var song));
        Assert.Equal((0.8f, 0.7f, "First", "dQw4w9WgXcQ"), (song.Valence, song.Energy, song.Album, song.YouTubeId));
        Assert.Equal(song, db.Songs.Catalog.TryGet(measured.Id, out var live) ? live : null);
        Assert.Equal(0, await db.Songs.SaveAsync([song], TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Import_upserts_into_the_table_and_the_catalog_in_memory()
    {
        await using var db = await TempDatabase.CreateAsync(TempDatabase.Song("Old Band", "Old Song"));
        var file = Path.Combine(db.Folder, "songs.csv");
        await File.WriteAllTextAsync(file, "title,artist,language,valence,energy,youtube_id\nOld Song,Old Band,en,0.5,0.5,dQw4w9WgXcQ\nNew Song,New Band,hi,0.2,0.9,\n", TestContext.Current.CancellationToken);

        var report = await db.Songs.ImportAsync(file, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal((1, 1), (report.Added, report.Updated));
        Assert.Equal(2, db.Songs.Catalog.Count);
        using var reloaded = new SongStore(db.Database);
        var catalog = await reloaded.LoadAsync(cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(2, catalog.Count);
        Assert.True(catalog.TryGet(Song.MakeId("Old Band", "Old Song"), out var old));
        Assert.Equal("dQw4w9WgXcQ", old.YouTubeId);
        Assert.True(catalog.TryGet(Song.MakeId("New Band", "New Song"), out var added));
        Assert.Equal("hi", added.Language);
    }
}
