using System.Text;
using Moodtune.Music.Catalog;
using Moodtune.Music.Import;

namespace Moodtune.Music.Tests.Import;

public sealed class CatalogImporterTests : IDisposable
{
    private const string SpotifyYouTubeHeader =
        "Artist,Url_spotify,Track,Album,Album_type,Uri,Danceability,Energy,Key,Loudness,Speechiness,Acousticness,Instrumentalness,Liveness,Valence,Tempo,Duration_ms,Url_youtube,Title,Channel,Views,Likes,Comments,Licensed,official_video,Stream";

    private readonly string _dir = Directory.CreateTempSubdirectory("moodtune-import-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("name,album,artist,id,release_date,popularity,length,danceability,acousticness,energy,instrumentalness,liveness,valence,loudness,speechiness,tempo,key,time_signature,mood", "x.csv", CatalogFormat.DataMoods)]
    [InlineData("song_uuid,album_uuid,track_number,song_title,song_singers,song_rating,youtube_url", "x.csv", CatalogFormat.BollywoodMetadata)]
    [InlineData("album_uuid,album_title,album_year,album_category,album_music_director,album_lyricist,album_label,album_rating", "x.csv", CatalogFormat.BollywoodAlbums)]
    [InlineData("S.No.,Lastfm_url,name,artist,Genre,Album/Movie,User-Rating", "x.csv", CatalogFormat.BollywoodMoods)]
    [InlineData(",Track URI,Track Name,Artist URI,Artist Name,Artist Popularity,Artist Genres,Album,Track Popularity,Danceability,Energy,Valence", "x.csv", CatalogFormat.HindiSpotify)]
    [InlineData("dzr_sng_id,MSD_sng_id,MSD_track_id,valence,arousal,artist_name,track_name", "x.csv", CatalogFormat.Deezer)]
    [InlineData("Index,Artist,Song,Emotion", "x.csv", CatalogFormat.MoodyLyrics)]
    [InlineData("Index,Artist,Title,Mood", "x.csv", CatalogFormat.MoodyLyrics4Q)]
    [InlineData(",Name,Album,Artist", "fearful.csv", CatalogFormat.FerPlaylist)]
    [InlineData(",Name,Album,Artist", "songs.csv", CatalogFormat.Auto)]
    [InlineData(SpotifyYouTubeHeader, "x.csv", CatalogFormat.SpotifyYouTube)]
    [InlineData(",Artist,Album_type,Danceability,Energy,Key,Loudness,Speechiness,Acousticness,Instrumentalness,Liveness,Valence,Tempo,Duration_ms,Stream", "x.csv", CatalogFormat.SpotifyYouTubeFeaturesOnly)]
    [InlineData("YTID,start_seconds,end_seconds,positive_labels", "x.csv", CatalogFormat.AudioSet)]
    [InlineData("index,mid,display_name", "x.csv", CatalogFormat.AudioSet)]
    [InlineData("id,title,artist,album,year,language,genres,valence,energy,tempo,popularity,moods,youtube_id,features,source", "x.csv", CatalogFormat.GenericCsv)]
    [InlineData("[{\"title\":\"x\"}]", "x.txt", CatalogFormat.GenericJson)]
    [InlineData("a,b,c", "x.csv", CatalogFormat.Auto)]
    public void Detect_picks_the_layout_from_the_header(string header, string fileName, CatalogFormat expected) =>
        Assert.Equal(expected, CatalogFormats.Detect(header.Split(','), fileName));

    [Theory]
    [InlineData("data-moods", CatalogFormat.DataMoods)]
    [InlineData("Bollywood-Metadata", CatalogFormat.BollywoodMetadata)]
    [InlineData("moodylyrics4q", CatalogFormat.MoodyLyrics4Q)]
    [InlineData("fer-emotion-playlists", CatalogFormat.FerPlaylist)]
    [InlineData("generic-json", CatalogFormat.GenericJson)]
    public void Format_names_parse(string name, CatalogFormat expected)
    {
        Assert.True(CatalogFormats.TryParse(name, out var format));
        Assert.Equal(expected, format);
        Assert.False(CatalogFormats.TryParse("xlsx", out _));
        Assert.All(CatalogFormats.Choices, c => Assert.True(CatalogFormats.TryParse(c, out _)));
    }

    [Fact]
    public void Importing_the_same_file_twice_adds_nothing_the_second_time()
    {
        var path = Write("moody.csv", "Index,Artist,Song,Emotion\nML1,Usher,There Goes My Baby,relaxed\nML2,Adele,Hello,sad\nML3,Adele,Hello,sad\n");
        var catalog = new SongCatalog();

        var first = Import(catalog, path);
        var second = Import(catalog, path);

        Assert.Equal((2, 0, 1, 0), (first.Added, first.Updated, first.Unchanged, first.Skipped));
        Assert.Equal((0, 0, 3, 0), (second.Added, second.Updated, second.Unchanged, second.Skipped));
        Assert.Equal(CatalogFormat.MoodyLyrics, first.Format);
        Assert.Equal(2, catalog.Count);
    }

    [Fact]
    public void A_song_labelled_twice_keeps_both_moods_at_their_mean_and_a_reimport_changes_nothing()
    {
        var path = Write("bm.csv", "S.No.,Lastfm_url,name,artist,Genre,Album/Movie,User-Rating\n1,u,Kun Faya Kun,A.R. Rahman,Devotional,Rockstar,\n2,u,Kun Faya Kun ,A.R. Rahman,Calm,,\n");
        var catalog = new SongCatalog();

        var first = Import(catalog, path);
        var second = Import(catalog, path);

        var song = Assert.Single(catalog.Songs);
        Assert.Equal(["devotional", "calm"], song.Moods);
        Assert.Equal(MoodWords.Lookup(["devotional", "calm"])!.Value.ToFeatureValence(), song.Valence, 5);
        Assert.Equal("Rockstar", song.Album);
        Assert.Equal((1, 1, 0), (first.Added, first.Updated, first.Unchanged));
        Assert.Equal((0, 0, 2), (second.Added, second.Updated, second.Unchanged));
    }

    [Fact]
    public void A_label_never_overwrites_measured_features()
    {
        var measured = Write("data_moods.csv",
            "name,album,artist,id,release_date,popularity,length,danceability,acousticness,energy,instrumentalness,liveness,valence,loudness,speechiness,tempo,key,time_signature,mood\n"
            + "Hello,25,Adele,x,2015-10-23,80,1,0.5,0.3,0.45,0,0.1,0.29,-6,0.03,79,5,4,Sad\n");
        var labelled = Write("happy.csv", ",Name,Album,Artist\n0,Hello,25,Adele\n");
        var catalog = new SongCatalog();

        Import(catalog, measured);
        var report = Import(catalog, labelled);

        var song = Assert.Single(catalog.Songs);
        Assert.Equal(1, report.Updated);
        Assert.Equal(FeatureOrigin.Measured, song.Features);
        Assert.Equal((0.29f, 0.45f, 79f), (song.Valence, song.Energy, song.Tempo!.Value));
        Assert.Equal(["sad", "happy"], song.Moods);
        Assert.Equal(2015, song.Year);
    }

    [Fact]
    public void A_windows_1252_file_is_read_as_such_and_reported()
    {
        var bytes = Encoding.Latin1.GetBytes("Index,Artist,Song,Emotion\r\nML1,Beyonc\u00e9,Halo,happy\r\nML2,Caf\u00e9 Tacuba,Las Flores,happy\r\n");
        var path = Path.Combine(_dir, "latin1.csv");
        File.WriteAllBytes(path, bytes);
        var catalog = new SongCatalog();

        var report = Import(catalog, path);

        Assert.Equal(2, report.Added);
        Assert.True(catalog.TryGet(Song.MakeId("Beyoncé", "Halo"), out var song));
        Assert.Equal("Beyoncé", song.Artist);
        var warning = Assert.Single(report.Warnings);
        Assert.Contains("not valid UTF-8", warning.Reason, StringComparison.Ordinal);
        Assert.Contains("windows-1252", warning.Reason, StringComparison.Ordinal);
        Assert.Equal("windows-1252", Assert.Single(report.Files).Encoding);
    }

    [Fact]
    public void A_utf8_bom_is_not_part_of_the_first_column()
    {
        var path = Path.Combine(_dir, "bom.csv");
        File.WriteAllText(path, "Index,Artist,Song,Emotion\nML1,Björk,Army Of Me,angry\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        var catalog = new SongCatalog();
        var report = Import(catalog, path);

        Assert.Equal(1, report.Added);
        Assert.Empty(report.Warnings);
        Assert.Equal("Björk", catalog.Songs[0].Artist);
    }

    [Fact]
    public void Empty_and_header_only_files_import_nothing_without_failing()
    {
        var empty = Write("empty.csv", "");
        var headerOnly = Write("header.csv", "Index,Artist,Song,Emotion\r\n");
        var catalog = new SongCatalog();

        var fromEmpty = Import(catalog, empty);
        var fromHeader = Import(catalog, headerOnly);

        Assert.Equal(0, fromEmpty.Rows);
        Assert.Contains("empty", Assert.Single(fromEmpty.Warnings).Reason, StringComparison.Ordinal);
        Assert.Equal(0, fromHeader.Rows);
        Assert.Empty(fromHeader.Errors);
        Assert.Equal(CatalogFormat.MoodyLyrics, fromHeader.Format);
    }

    [Fact]
    public void A_named_format_that_does_not_fit_reports_the_missing_columns()
    {
        var path = Write("moody.csv", "Index,Artist,Song,Emotion\nML1,Usher,There Goes My Baby,relaxed\n");

        var report = Import(new SongCatalog(), path, CatalogFormat.Deezer);

        var error = Assert.Single(report.Errors);
        Assert.Contains("missing columns 'track_name', 'artist_name', 'valence', 'arousal'", error, StringComparison.Ordinal);
        Assert.Equal(0, report.Rows);
    }

    [Fact]
    public void An_unknown_layout_is_an_error_that_names_the_choices()
    {
        var report = Import(new SongCatalog(), Write("what.csv", "a,b,c\n1,2,3\n"));

        Assert.Contains("unrecognised layout", Assert.Single(report.Errors), StringComparison.Ordinal);
        Assert.Contains("--format", report.Errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_rows_are_skipped_with_grouped_reasons_and_lines()
    {
        var path = Write("moody.csv", "Index,Artist,Song,Emotion\nML1,A,B,happy\nML2,A,C,grumpy\nML3,A\nML4,A,D,sad\nML5,A,E,grumpy\n");
        var catalog = new SongCatalog();

        var report = Import(catalog, path);

        Assert.Equal((2, 3), (report.Added, report.Skipped));
        Assert.Equal(5, report.Rows);
        var grumpy = report.SkipReasons[0];
        Assert.Equal(("unknown mood 'grumpy'", 2), (grumpy.Reason, grumpy.Count));
        Assert.Equal([new RowLocation("moody.csv", 3), new RowLocation("moody.csv", 6)], grumpy.FirstRows);
        Assert.Equal("moody.csv:4", report.SkipReasons[1].FirstRows[0].ToString());
    }

    [Fact]
    public void The_full_spotify_youtube_layout_gives_video_ids_and_warns_about_bad_urls()
    {
        var path = Write("Spotify_Youtube.csv", SpotifyYouTubeHeader + "\n"
            + "Gorillaz,https://open.spotify.com/artist/3AA28KZvwAUcZuOKwyblJQ,Feel Good Inc.,Demon Days,album,spotify:track:0d28khcov6AiegSCpG5TuT,0.818,0.705,6.0,-6.679,0.177,0.00836,0.00233,0.613,0.772,138.559,222640.0,https://www.youtube.com/watch?v=HyHNuVaZJ-k,Gorillaz - Feel Good Inc. (Official Video),Gorillaz,693555221.0,6220896.0,169907.0,True,True,1040234854.0\n"
            + "Gorillaz,x,Rhinestone Eyes,Plastic Beach,album,y,0.676,0.703,8.0,-5.815,0.0302,0.0869,0.000687,0.0463,0.852,92.761,200173.0,https://vimeo.com/123,\"Gorillaz - Rhinestone Eyes, Storyboard\",Gorillaz,72011645.0,1079128.0,31003.0,True,True,310083733.0\n"
            + "Gorillaz,x,New Gold,New Gold,single,y,0.695,0.923,1.0,-3.93,0.0522,0.0425,0.0469,0.116,,108.014,215150.0,,,,,,,,,157673210.0\n");
        var catalog = new SongCatalog();

        var report = Import(catalog, path);

        Assert.Equal(CatalogFormat.SpotifyYouTube, report.Format);
        Assert.Equal((2, 1), (report.Added, report.Skipped));
        Assert.True(catalog.TryGet(Song.MakeId("Gorillaz", "Feel Good Inc."), out var feelGood));
        Assert.Equal("HyHNuVaZJ-k", feelGood.YouTubeId);
        Assert.Equal(FeatureOrigin.Measured, feelGood.Features);
        Assert.Equal(0.772f, feelGood.Valence);
        Assert.True(catalog.TryGet(Song.MakeId("Gorillaz", "Rhinestone Eyes"), out var rhinestone));
        Assert.Null(rhinestone.YouTubeId);
        var warning = Assert.Single(report.Warnings);
        Assert.Equal(("YouTube URL not recognised: song kept without a video id", 1), (warning.Reason, warning.Count));
        Assert.Equal(3, warning.FirstRows[0].Line);
        Assert.Equal("'valence' is empty", report.SkipReasons[0].Reason);
    }

    [Fact]
    public void A_directory_of_playlists_imports_every_file_with_its_mood()
    {
        var dir = Directory.CreateDirectory(Path.Combine(_dir, "fer")).FullName;
        File.WriteAllText(Path.Combine(dir, "sad.csv"), ",Name,Album,Artist\r\n0,Hello,25,Adele\r\n1,Hurt,X,Johnny Cash\r\n");
        File.WriteAllText(Path.Combine(dir, "disgusted.csv"), ",Name,Album,Artist\r\n0,Hello,25,Adele\r\n");
        File.WriteAllText(Path.Combine(dir, "notes.txt"), "not a playlist");
        var catalog = new SongCatalog();

        var report = Import(catalog, dir);

        Assert.Equal(CatalogFormat.FerPlaylist, report.Format);
        Assert.Equal(2, report.Files.Count);
        Assert.Equal((2, 1), (report.Added, report.Updated));
        Assert.True(catalog.TryGet(Song.MakeId("Adele", "Hello"), out var hello));
        Assert.Equal(["disgusted", "sad"], hello.Moods);
    }

    [Fact]
    public void Bollywood_metadata_gives_catalog_songs_their_video_and_skips_the_rest()
    {
        var moods = Write("moods.csv", "S.No.,Lastfm_url,name,artist,Genre,Album/Movie,User-Rating\n1,u, Lag Jaa Gale ,Lata Mangeshkar,Romantic,Woh Kaun Thi,\n");
        var metadata = Write("songs_1955_1964.csv", "song_uuid,album_uuid,track_number,song_title,song_singers,song_rating,youtube_url\n"
            + "u1,a,1,Lag Jaa Gale,Lata Mangeshkar,4.5,https://www.youtube.com/watch?v=aaaaaaaaaaa\n"
            + "u2,a,2,Naina Barse,Lata Mangeshkar,4.5,https://www.youtube.com/watch?v=bbbbbbbbbbb\n"
            + "u3,a,3,Jo Humne Dastan,Lata Mangeshkar,4.5,https://myswar.co/song_details/x\n");
        var catalog = new SongCatalog();
        Import(catalog, moods);

        var first = Import(catalog, metadata);
        var second = Import(catalog, metadata);

        Assert.Equal(CatalogFormat.BollywoodMetadata, first.Format);
        Assert.Equal((0, 1, 2), (first.Added, first.Updated, first.Skipped));
        Assert.Equal((0, 0, 1), (second.Added, second.Updated, second.Unchanged));
        Assert.Equal("aaaaaaaaaaa", catalog.Songs.Single().YouTubeId);
        Assert.Contains(first.SkipReasons, r => r.Reason == "no mood or audio features");
        Assert.Contains(first.SkipReasons, r => r.Reason.Contains("YouTube URL not recognised", StringComparison.Ordinal));
    }

    [Fact]
    public void The_generic_layouts_read_through_the_catalog_readers_with_the_mood_table()
    {
        var csv = Write("mine.csv", "id,title,artist,album,year,language,genres,valence,energy,tempo,popularity,moods,youtube_id,features,source\n"
            + ",Tum Hi Ho,Arijit Singh,Aashiqui 2,2013,hi,filmi,,,,,sad;romantic,Umqb9KENgmk,,\n");
        var json = Write("mine.json", "[{\"title\": \"Halo\", \"artist\": \"Beyonce\", \"language\": \"en\", \"moods\": [\"upbeat\"]}]");
        var catalog = new SongCatalog();

        var fromCsv = Import(catalog, csv);
        var fromJson = Import(catalog, json);

        Assert.Equal((CatalogFormat.GenericCsv, 1), (fromCsv.Format, fromCsv.Added));
        Assert.Equal((CatalogFormat.GenericJson, 1), (fromJson.Format, fromJson.Added));
        Assert.True(catalog.TryGet(Song.MakeId("Arijit Singh", "Tum Hi Ho"), out var tumHiHo));
        Assert.Equal(MoodWords.Lookup(["sad", "romantic"])!.Value.ToFeatureValence(), tumHiHo.Valence, 5);
        Assert.Equal("Umqb9KENgmk", tumHiHo.YouTubeId);
        Assert.True(catalog.TryGet(Song.MakeId("Beyonce", "Halo"), out var halo));
        Assert.Equal(MoodWords.Lookup("upbeat")!.Value.ToFeatureEnergy(), halo.Energy, 5);
    }

    [Fact]
    public void Layouts_without_songs_are_refused_with_the_reason()
    {
        var path = Write("Spotify_Youtube.csv", ",Artist,Album_type,Danceability,Energy,Key,Loudness,Speechiness,Acousticness,Instrumentalness,Liveness,Valence,Tempo,Duration_ms,Stream\n0,Gorillaz,album,0.818,0.705,6,-6.679,0.177,0.00836,0.00233,0.613,0.772,138.559,222640,1040234854\n");

        var report = Import(new SongCatalog(), path);

        Assert.Equal(CatalogFormat.SpotifyYouTubeFeaturesOnly, report.Format);
        Assert.Equal(0, report.Rows);
        Assert.Contains("no track titles", Assert.Single(report.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_path_throws_and_a_cancelled_import_stops()
    {
        Assert.Throws<FileNotFoundException>(() => Import(new SongCatalog(), Path.Combine(_dir, "nope.csv")));

        var path = Write("moody.csv", "Index,Artist,Song,Emotion\nML1,A,B,happy\n");
        Assert.ThrowsAny<OperationCanceledException>(() => CatalogImporter.Import(new SongCatalog(), path, cancellationToken: new CancellationToken(canceled: true)));
    }

    // Issue 19: one row with a 60 MB title was accepted, and every playlist then carried it.
    [Fact]
    public void Rows_with_more_text_than_a_song_may_hold_are_skipped_with_the_reason()
    {
        var header = "title,artist,language,valence,energy,genres\n";
        var path = Write("big.csv", header
            + $"{new string('x', SongLimits.MaxTitleLength + 1)},A,en,0.5,0.5,\n"
            + $"Fine,{new string('y', SongLimits.MaxArtistLength + 1)},en,0.5,0.5,\n"
            + $"Tags,B,en,0.5,0.5,\"{string.Join(';', Enumerable.Range(0, SongLimits.MaxTags + 1).Select(i => $"genre{i}"))}\"\n"
            + $"Just Right,{new string('z', SongLimits.MaxArtistLength)},en,0.5,0.5,pop\n");
        var catalog = new SongCatalog();

        var report = Import(catalog, path);

        Assert.Equal((1, 3), (report.Added, report.Skipped));
        Assert.Equal(
            ["artist longer than 1000 characters", "more than 64 genres", "title longer than 500 characters"],
            report.SkipReasons.Select(r => r.Reason).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_csv_record_of_megabytes_ends_the_file_with_an_error_and_keeps_the_rows_before_it()
    {
        var path = Write("huge.csv", "title,artist,language,valence,energy\nBefore,A,en,0.5,0.5\n"
            + $"\"{new string('x', SongLimits.MaxCsvRecordBytes * 2)}\",B,en,0.5,0.5\nAfter,C,en,0.5,0.5\n");
        var catalog = new SongCatalog();

        var report = Import(catalog, path);

        Assert.True(catalog.TryGet(Song.MakeId("A", "Before"), out _));
        Assert.Equal(1, catalog.Count);
        Assert.NotEmpty(report.Errors.Concat(report.SkipReasons.Select(r => r.Reason)));
    }

    [Fact]
    public void A_full_catalog_refuses_new_songs_with_an_error_but_still_updates_its_songs()
    {
        var catalog = new SongCatalog();
        Import(catalog, Write("first.csv", "title,artist,language,valence,energy\nOne,A,en,0.5,0.5\n"));
        var path = Write("more.csv", "title,artist,language,valence,energy,youtube_id\nOne,A,en,0.5,0.5,dQw4w9WgXcQ\nTwo,B,en,0.5,0.5,\nThree,C,en,0.5,0.5,\nFour,D,en,0.5,0.5,\n");

        var report = CatalogImporter.Import(catalog, path, CatalogFormat.Auto, maxSongs: 2, TestContext.Current.CancellationToken);

        Assert.Equal((1, 1), (report.Added, report.Updated));
        Assert.Equal(2, catalog.Count);
        Assert.Contains(report.Errors, e => e.Contains("the catalog is full (2 songs", StringComparison.Ordinal) && e.Contains("2 new songs were not added", StringComparison.Ordinal));
        Assert.True(catalog.TryGet(Song.MakeId("A", "One"), out var one));
        Assert.Equal("dQw4w9WgXcQ", one.YouTubeId);
    }

    private static ImportReport Import(SongCatalog catalog, string path, CatalogFormat format = CatalogFormat.Auto) =>
        CatalogImporter.Import(catalog, path, format, cancellationToken: TestContext.Current.CancellationToken);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }
}
