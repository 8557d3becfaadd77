using Moodtune.Music.Catalog;
using Moodtune.Music.Import;
using Moodtune.Tests;

namespace Moodtune.Music.Tests.Import;

/// <summary>Imports every data set of shared/data/music/README.md and checks the counts against what the README says.</summary>
public class RealDataImportTests
{
    private const string Music = "music";

    [Fact]
    public void DataMoods_adds_all_686_songs_with_measured_features()
    {
        var (catalog, report) = ImportTwice("data-moods/data_moods.csv", out var again);

        Assert.Equal(CatalogFormat.DataMoods, report.Format);
        Assert.Equal((686, 0, 0, 0), Counts(report));
        Assert.Equal(686, catalog.Count);
        Assert.All(catalog.Songs, s => Assert.Equal(FeatureOrigin.Measured, s.Features));
        Assert.Equal(140, catalog.Songs.Count(s => s.Moods.Contains("happy")));
        Assert.Equal(197, catalog.Songs.Count(s => s.Moods.Contains("sad")));
        Assert.Equal(154, catalog.Songs.Count(s => s.Moods.Contains("energetic")));
        Assert.Equal(195, catalog.Songs.Count(s => s.Moods.Contains("calm")));
        Assert.Equal((0, 0, 686, 0), Counts(again));
    }

    [Fact]
    public void BollywoodMoods_accounts_for_all_2870_rows_and_merges_duplicates()
    {
        var (catalog, report) = ImportTwice("bollywood-moods/final_Bollywood_songs.csv", out var again);

        Assert.Equal(CatalogFormat.BollywoodMoods, report.Format);
        Assert.Equal(2870, report.Rows);
        Assert.Equal(0, report.Skipped);

        // 66 rows repeat a song already read (the README counts 69 duplicate title+artist pairs, before trimming and
        // .opus removal merge spellings): 38 change it (a second mood, an album, another spelling), 28 repeat it exactly.
        Assert.Equal((2804, 38, 28, 0), Counts(report));
        Assert.Equal(2804, catalog.Count);
        Assert.DoesNotContain(catalog.Songs, s => s.Title.EndsWith(".opus", StringComparison.Ordinal) || s.Title != s.Title.Trim());
        Assert.All(catalog.Songs, s => Assert.Equal(FeatureOrigin.FromMoodLabel, s.Features));

        // Spelling variants of one song rewrite each other again, but the catalog ends as it was (checked in ImportTwice).
        Assert.Equal(14, again.Updated);
    }

    [Fact]
    public void HindiSpotify_skips_the_25_nameless_rows_and_merges_repeated_tracks()
    {
        var (catalog, report) = ImportTwice("hindi-spotify-features/hindi_songs.csv", out _);

        Assert.Equal(CatalogFormat.HindiSpotify, report.Format);
        Assert.Equal(476, report.Rows);
        var skip = Assert.Single(report.SkipReasons);
        Assert.Equal(25, skip.Count);
        Assert.Equal(432, report.Added);
        Assert.Equal(19, report.Updated + report.Unchanged);
        Assert.Equal(432, catalog.Count);
        Assert.All(catalog.Songs, s => Assert.Equal("hi", s.Language));
    }

    [Theory]
    [InlineData("train.csv", 11267, 11266)]
    [InlineData("validation.csv", 3863, 3863)]
    [InlineData("test.csv", 3514, 3514)]
    public void Deezer_splits_import_with_squashed_scores(string file, int rows, int added)
    {
        var (catalog, report) = ImportTwice($"deezer-mood-detection/{file}", out _);

        Assert.Equal(CatalogFormat.Deezer, report.Format);
        Assert.Equal((rows, added, 0), (report.Rows, report.Added, report.Skipped));
        Assert.All(catalog.Songs, s => Assert.True(s.Valence is > 0 and < 1 && s.Energy is > 0 and < 1));
        var meanValence = catalog.Songs.Average(s => s.Valence);
        Assert.InRange(meanValence, 0.45, 0.55);
    }

    [Fact]
    public void MoodyLyrics_imports_2595_rows_and_merges_repeated_pairs()
    {
        var (catalog, report) = ImportTwice("moodylyrics/MoodyLyrics.csv", out var again);

        Assert.Equal(CatalogFormat.MoodyLyrics, report.Format);
        // 115 rows repeat an artist and title (same label each time); 18 of them spell it differently (green_day, Green Day).
        Assert.Equal((2480, 18, 97, 0), Counts(report));
        Assert.True(catalog.TryGet(Song.MakeId("Månegarm", "Ur Själslig Död"), out _));
        Assert.Equal(36, again.Updated);
    }

    [Fact]
    public void MoodyLyrics4Q_imports_2000_rows_and_repairs_the_mojibake()
    {
        var (catalog, report) = ImportTwice("moodylyrics/MoodyLyrics4Q.csv", out _);

        Assert.Equal(CatalogFormat.MoodyLyrics4Q, report.Format);
        // Nine titles repeat, seven in another case (Sleep Now In The Fire, Sleep Now in the Fire).
        Assert.Equal((1991, 7, 2, 0), Counts(report));
        Assert.True(catalog.TryGet(Song.MakeId("José Padilla", "Adios Ayer"), out var jose));
        Assert.Equal("José Padilla", jose.Artist);
        Assert.Equal("moodylyrics4q", jose.Source);
        Assert.DoesNotContain(catalog.Songs, s => s.Artist.Contains('Ã', StringComparison.Ordinal) || s.Title.Contains('Ã', StringComparison.Ordinal));
        Assert.Equal(497, catalog.Songs.Count(s => s.Moods.Contains("angry")));
    }

    [Fact]
    public void FerPlaylists_directory_imports_490_rows_with_shared_songs_merging()
    {
        var (catalog, report) = ImportTwice("fer-emotion-playlists", out _);

        Assert.Equal(CatalogFormat.FerPlaylist, report.Format);
        Assert.Equal(7, report.Files.Count);
        Assert.Equal(490, report.Rows);
        Assert.Equal(0, report.Skipped);
        Assert.Equal(catalog.Count, report.Added);

        // disgusted.csv and sad.csv are the same playlist (99 songs, one listed twice): its songs carry both words.
        Assert.Equal(99, catalog.Songs.Count(s => s.Moods.Contains("disgusted") && s.Moods.Contains("sad")));
        Assert.Equal(15, catalog.Songs.Count(s => s.Moods.SequenceEqual(["fearful"])));
    }

    [Fact]
    public void BollywoodMetadata_filtered_songs_all_have_ids_but_no_mood()
    {
        var dir = TestPaths.RequireShared(Path.Combine(Music, "bollywood-songs-metadata", "filtered", "4.3_plus_songs_final_with_url_id_extracted"));
        var files = Directory.GetFiles(dir, "*.csv");

        var index = BollywoodMetadata.VideoIds(files);
        var report = CatalogImporter.Import(new SongCatalog(), dir, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(9, files.Length);
        // Five instrumentals credit no singer, so there is no one to match them by.
        Assert.Equal(1509, index.Count);
        Assert.True(index.TryFind("Baalam Aay Baso More Man Mein", "Kundan Lal Saigal", out var id));
        Assert.Equal("h0N1tL7kdL4", id);
        Assert.Equal(CatalogFormat.BollywoodMetadata, report.Format);
        Assert.Equal((0, 1514), (report.Added, report.Skipped));
        Assert.Equal(("no mood or audio features", 1514), (report.SkipReasons[0].Reason, report.SkipReasons[0].Count));
    }

    [Fact]
    public void BollywoodMetadata_raw_period_file_gives_mood_labelled_songs_their_videos()
    {
        var catalog = new SongCatalog();
        CatalogImporter.Import(catalog, TestPaths.RequireShared(Path.Combine(Music, "bollywood-moods", "final_Bollywood_songs.csv")), cancellationToken: TestContext.Current.CancellationToken);
        var raw = TestPaths.RequireShared(Path.Combine(Music, "bollywood-songs-metadata", "raw", "songs", "songs_2005_2014.csv"));

        var report = CatalogImporter.Import(catalog, raw, cancellationToken: TestContext.Current.CancellationToken);
        var again = CatalogImporter.Import(catalog, raw, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(8191, report.Rows);
        Assert.Equal(0, report.Added);
        Assert.InRange(report.Updated, 50, 2000);
        Assert.Equal(report.Updated, catalog.Songs.Count(s => s.YouTubeId is not null));
        Assert.Equal((0, 0), (again.Added, again.Updated));
    }

    [Theory]
    [InlineData("spotify-youtube-features-only/Spotify_Youtube.csv", CatalogFormat.SpotifyYouTubeFeaturesOnly, "no track titles")]
    [InlineData("audioset-music-mood/balanced_train_segments.csv", CatalogFormat.AudioSet, "not songs")]
    [InlineData("audioset-music-mood/eval_segments.csv", CatalogFormat.AudioSet, "not songs")]
    [InlineData("audioset-music-mood/class_labels_indices.csv", CatalogFormat.AudioSet, "not songs")]
    [InlineData("bollywood-songs-metadata/raw/albums/albums_1931_1944.csv", CatalogFormat.BollywoodAlbums, "albums, not songs")]
    public void Sets_without_songs_are_refused_with_a_reason(string file, CatalogFormat format, string reason)
    {
        var catalog = new SongCatalog();
        var report = CatalogImporter.Import(catalog, TestPaths.RequireShared(Path.Combine(Music, file)), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(format, report.Format);
        Assert.Equal(0, report.Rows);
        Assert.Equal(0, catalog.Count);
        Assert.Contains(reason, Assert.Single(report.Errors), StringComparison.Ordinal);
    }

    private static (SongCatalog Catalog, ImportReport Report) ImportTwice(string relativePath, out ImportReport again)
    {
        var path = TestPaths.RequireShared(Path.Combine(Music, relativePath));
        var catalog = new SongCatalog();
        var report = CatalogImporter.Import(catalog, path, cancellationToken: TestContext.Current.CancellationToken);
        var before = Contents(catalog);
        again = CatalogImporter.Import(catalog, path, cancellationToken: TestContext.Current.CancellationToken);

        // A second import leaves the catalog as it was, even where duplicate rows disagree and rewrite each other.
        Assert.Empty(report.Errors);
        Assert.Equal(before, Contents(catalog));
        Assert.Equal((0, report.Rows, report.Skipped), (again.Added, again.Rows, again.Skipped));
        TestContext.Current.TestOutputHelper?.WriteLine($"{relativePath}: {report}");
        return (catalog, report);
    }

    private static List<string> Contents(SongCatalog catalog) =>
        [.. catalog.Songs.Select(s => $"{s with { Genres = [], Moods = [] }} {string.Join(",", s.Genres)} {string.Join(",", s.Moods)}")];

    private static (int Added, int Updated, int Unchanged, int Skipped) Counts(ImportReport report) =>
        (report.Added, report.Updated, report.Unchanged, report.Skipped);
}
