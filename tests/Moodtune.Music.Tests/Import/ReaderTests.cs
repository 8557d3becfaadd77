using Moodtune.Music.Catalog;
using Moodtune.Music.Import;

namespace Moodtune.Music.Tests.Import;

public class ReaderTests
{
    private const string DataMoodsHeader =
        "name,album,artist,id,release_date,popularity,length,danceability,acousticness,energy,instrumentalness,liveness,valence,loudness,speechiness,tempo,key,time_signature,mood";

    [Fact]
    public void DataMoods_reads_measured_features_and_the_label()
    {
        var rows = Read(DataMoodsCsv.Read, DataMoodsHeader + "\r\n"
            + "1999,1999,Prince,2H7PHVdQ3mXqEHXcvclTB0,1982-10-27,68,379266,0.866,0.13699999999999998,0.73,0.0,0.0843,0.625,-8.201,0.0767,118.523,5,4,Happy\r\n");

        var song = Assert.Single(rows).Song!;
        Assert.Equal("prince--1999", song.Id);
        Assert.Equal(0.625f, song.Valence);
        Assert.Equal(0.73f, song.Energy);
        Assert.Equal(118.523f, song.Tempo);
        Assert.Equal(1982, song.Year);
        Assert.Equal(68, song.Popularity);
        Assert.Equal(["happy"], song.Moods);
        Assert.Equal(FeatureOrigin.Measured, song.Features);
        Assert.Equal("en", song.Language);
        Assert.Equal("test", song.Source);
    }

    [Fact]
    public void Quoted_fields_keep_commas_quotes_and_line_breaks()
    {
        var rows = Read(DataMoodsCsv.Read, "\uFEFF" + DataMoodsHeader + "\n"
            + "\"Hello, \"\"World\"\"\",\"Album\nwith a break\",\"Smith, Jones\",x,2001,1,1,0.5,0.1,0.6,0,0.1,0.4,-5,0.05,100,1,4,Sad\n"
            + "Next,A,B,y,2002,1,1,0.5,0.1,0.6,0,0.1,0.4,-5,0.05,100,1,4,Calm\n");

        Assert.Equal(2, rows.Count);
        Assert.Equal("Hello, \"World\"", rows[0].Song!.Title);
        Assert.Equal("Smith, Jones", rows[0].Song!.Artist);
        Assert.Equal("Album\nwith a break", rows[0].Song!.Album);
        Assert.Equal(2, rows[0].Line);
        Assert.Equal(4, rows[1].Line);
    }

    [Fact]
    public void A_bad_number_skips_the_row_with_its_reason_and_line()
    {
        var rows = Read(DataMoodsCsv.Read, DataMoodsHeader + "\n"
            + "A,A,B,x,2001,1,1,0.5,0.1,lots,0,0.1,0.4,-5,0.05,100,1,4,Sad\n"
            + "C,A,B,x,2001,1,1,0.5,0.1,0.6,0,0.1,1.7,-5,0.05,100,1,4,Sad\n"
            + "D,A,B,x,2001,1,1,0.5,0.1,0.6,0,0.1,,-5,0.05,100,1,4,Sad\n"
            + "E,A,B,x,2001,1,1,0.5,0.1,0.6,0,0.1,0.4,-5,0.05,100,1,4,Sad\n");

        Assert.Equal(new CatalogRow(2, null, "'energy' is not a number"), rows[0]);
        Assert.Equal(new CatalogRow(3, null, "'valence' outside 0..1"), rows[1]);
        Assert.Equal(new CatalogRow(4, null, "'valence' is empty"), rows[2]);
        Assert.NotNull(rows[3].Song);
    }

    [Fact]
    public void Rows_with_the_wrong_field_count_or_broken_quotes_are_problems()
    {
        var rows = Read(MoodyLyricsCsv.Read, "Index,Artist,Song,Emotion\n"
            + "ML1,Usher,There Goes My Baby,relaxed,extra\n"
            + "ML2,Da\"Ville,On My Mind,relaxed\n"
            + "ML3,Usher\n"
            + "ML4,Usher,Yeah,happy\n");

        Assert.Equal("5 fields where the header has 4", rows[0].Problem);
        Assert.Equal("broken quoting", rows[1].Problem);
        Assert.Equal("2 fields where the header has 4", rows[2].Problem);
        Assert.Equal("usher--yeah", rows[3].Song!.Id);
    }

    [Fact]
    public void An_unclosed_quote_is_a_problem_on_its_line_after_the_rows_before_it()
    {
        var rows = Read(MoodyLyricsCsv.Read, "Index,Artist,Song,Emotion\r\n"
            + "ML1,Usher,Yeah,happy\r\n"
            + "ML2,Adele,\"Hello,sad\r\n"
            + "ML3,Adele,Skyfall,sad\r\n");

        Assert.Equal("usher--yeah", rows[0].Song!.Id);
        Assert.Equal(3, rows[1].Line);
        Assert.StartsWith("broken quoting: a quote opened on this line is never closed", rows[1].Problem, StringComparison.Ordinal);
        Assert.Equal(2, rows.Count);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public void Any_line_end_counts_lines(string end)
    {
        var rows = Read(MoodyLyricsCsv.Read, string.Join(end, "Index,Artist,Song,Emotion", "ML1,Usher,Yeah,happy", "", "ML2,Adele,Hello,sad") + end);

        Assert.Equal([2L, 4L], rows.Select(r => r.Line));
        Assert.Equal("adele--hello", rows[1].Song!.Id);
    }

    [Fact]
    public void A_byte_order_mark_and_quoted_header_names_still_match_the_layout()
    {
        var rows = Read(DeezerMoodCsv.Read, "\uFEFF\"dzr_sng_id\",\" MSD_sng_id\",MSD_track_id,Valence,AROUSAL,artist_name,track_name\n"
            + "1,S,T,0.1,-0.2,Fiona Apple,Criminal\n");

        Assert.Equal("Criminal", Assert.Single(rows).Song!.Title);
    }

    [Fact]
    public void Missing_columns_are_a_clear_error()
    {
        var error = Assert.Throws<InvalidDataException>(() => Read(DataMoodsCsv.Read, "name,artist,mood\nA,B,Happy\n"));

        Assert.Contains("missing columns 'valence', 'energy'", error.Message, StringComparison.Ordinal);
        Assert.Contains("the header has: name, artist, mood", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    [InlineData("Index,Artist,Song,Emotion\r\n")]
    [InlineData("Index,Artist,Song,Emotion")]
    public void Empty_files_and_header_only_files_have_no_rows(string text) => Assert.Empty(Read(MoodyLyricsCsv.Read, text));

    [Fact]
    public void MoodyLyrics_repairs_doubly_encoded_names_and_takes_the_label_point()
    {
        var rows = Read(MoodyLyricsCsv.Read, "\"Index\",\"Artist\",\"Title\",\"Mood\"\n"
            + "\"ML54\",\"JosÃƒÂ© Padilla\",\"Adios Ayer\",\"relaxed\"\n"
            + "\"ML55\",\"Beyoncé\",\"Halo \",\"happy\"\n"
            + "\"ML56\",\"X\",\"Y\",\"bored\"\n");

        var jose = rows[0].Song!;
        Assert.Equal("José Padilla", jose.Artist);
        Assert.Equal(FeatureOrigin.FromMoodLabel, jose.Features);
        Assert.Equal(MoodWords.Lookup("relaxed")!.Value.ToFeatureValence(), jose.Valence, 5);
        Assert.Equal(MoodWords.Lookup("relaxed")!.Value.ToFeatureEnergy(), jose.Energy, 5);
        Assert.True(jose.Point.DistanceTo(MoodWords.Lookup("relaxed")!.Value) < 1e-5f);
        Assert.Equal("Halo", rows[1].Song!.Title);
        Assert.Equal("Beyoncé", rows[1].Song!.Artist);
        Assert.Equal("unknown mood 'bored'", rows[2].Problem);
    }

    [Theory]
    [InlineData("JosÃƒÂ© Padilla", "José Padilla")]
    [InlineData("Blue ÃƒÂ–yster Cult", "Blue Öyster Cult")]
    [InlineData("Tone-L\u00C3\u2026\u00C2\u008Dc", "Tone-Lōc")]
    [InlineData("MÃ¥negarm", "Månegarm")]
    [InlineData("Beyoncé", "Beyoncé")]
    [InlineData("Ã", "Ã")]
    [InlineData("鼓動", "鼓動")]
    [InlineData("plain", "plain")]
    public void Mojibake_repair_only_when_it_round_trips(string text, string expected) => Assert.Equal(expected, Mojibake.Repair(text));

    [Fact]
    public void BollywoodMoods_trims_names_strips_opus_and_reads_the_genre_as_mood()
    {
        var rows = Read(BollywoodMoodsCsv.Read, "S.No.,Lastfm_url,name,artist,Genre,Album/Movie,User-Rating\n"
            + "2713,https://www.last.fm/music/Javed+Bashir/_/Tera, Aaj Ibaadat (From Bajirao Mastani).opus, Javed Bashir ,Romantic,,\n"
            + "12,https://www.last.fm/x,Tum Hi Ho,Arijit Singh,Sad,Aashiqui 2,9.3/10\n"
            + "13,https://www.last.fm/x,Lost,,Devotional,,\n"
            + "14,https://www.last.fm/x,Who,Someone,Grumpy,,\n");

        var first = rows[0].Song!;
        Assert.Equal("Aaj Ibaadat (From Bajirao Mastani)", first.Title);
        Assert.Equal("Javed Bashir", first.Artist);
        Assert.Null(first.Album);
        Assert.Equal(["romantic"], first.Moods);
        Assert.Equal("hi", first.Language);
        Assert.Equal("Aashiqui 2", rows[1].Song!.Album);
        Assert.Equal("", rows[2].Song!.Artist);
        Assert.Equal("unknown mood 'Grumpy'", rows[3].Problem);
    }

    [Fact]
    public void HindiSpotify_skips_empty_names_and_parses_genres()
    {
        var rows = Read(HindiSpotifyCsv.Read,
            ",Track URI,Track Name,Artist URI,Artist Name,Artist Popularity,Artist Genres,Album,Track Popularity,Danceability,Energy,Key,Loudness,Mode,Speechiness,Acousticness,Instrumentalness,Liveness,Valence,Tempo,Duration (ms),Time Signature\r\n"
            + "0,spotify:track:1,Tumse Milkar Na Jane,spotify:artist:6,Lata Mangeshkar,75,\"['classic bollywood', 'filmi', 'lata']\",Pyar Jhukta Nahin,52,0.37,0.54,1,-9.553,1,0.0378,0.953,0.593,0.594,0.731,102.032,412337,4\r\n"
            + "1,spotify:track:2,,,,0,[],,0,0.37,0.54,1,-9.553,1,0.0378,0.953,0.593,0.594,0.731,102.032,412337,4\r\n");

        var song = rows[0].Song!;
        Assert.Equal(["classic bollywood", "filmi", "lata"], song.Genres);
        Assert.Equal(0.731f, song.Valence);
        Assert.Equal(52, song.Popularity);
        Assert.Equal("hi", song.Language);
        Assert.Equal("empty track name (track no longer available)", rows[1].Problem);
    }

    [Theory]
    [InlineData(0, 0.5f)]
    [InlineData(1, 0.846f)]
    [InlineData(-1, 0.154f)]
    [InlineData(2.8, 0.992f)]
    [InlineData(-2.3, 0.02f)]
    public void Deezer_scores_squash_like_the_normal_cdf(double z, float expected) =>
        Assert.Equal(expected, DeezerMoodCsv.ToUnit(z), 0.003f);

    [Fact]
    public void Deezer_reads_standardised_scores_as_measured_features()
    {
        var rows = Read(DeezerMoodCsv.Read, "dzr_sng_id,MSD_sng_id,MSD_track_id,valence,arousal,artist_name,track_name\n"
            + "532171,S,T,-0.420759114214,0.75464367831,Fiona Apple,Fast As You Can\n"
            + "532172,S,T,NaN,0.1,Fiona Apple,X\n");

        var song = rows[0].Song!;
        Assert.Equal(FeatureOrigin.Measured, song.Features);
        Assert.True(song.Valence < 0.5f && song.Energy > 0.5f);
        Assert.Equal("'valence' is not a number", rows[1].Problem);
    }

    [Fact]
    public void FerPlaylist_takes_its_mood_from_the_caller()
    {
        var rows = Read((r, _) => FerPlaylistCsv.Read(r, "surprised"), ",Name,Album,Artist\r\n0,Sick Thoughts,Sick Thoughts,Lewis Blissett\r\n1,,X,Y\r\n");

        Assert.Equal(["surprised"], rows[0].Song!.Moods);
        Assert.Equal("empty title", rows[1].Problem);
        Assert.Equal("surprised", FerPlaylistCsv.MoodOf("/data/surprised.csv"));
        Assert.Null(FerPlaylistCsv.MoodOf("/data/playlist.csv"));
        Assert.Throws<ArgumentException>(() => FerPlaylistCsv.Read(new StringReader(""), "purple"));
    }

    [Fact]
    public void BollywoodMetadata_prefers_the_extracted_id_and_drops_a_bad_url_with_a_warning()
    {
        var songs = BollywoodMetadata.ReadSongs(new StringReader(
            "song_uuid,album_uuid,track_number,song_title,song_singers,song_rating,youtube_url,music_yt_url_1,music_yt_url_2,music_yt_url_3,youtubeurlid,musicurlid1,musicurlid2,musicurlid3\n"
            + "u1,a1,1,Baalam Aay Baso More Man Mein,Kundan Lal Saigal,5.0,https://www.youtube.com/watch?v=h0N1tL7kdL4,,,,h0N1tL7kdL4,,,\n"
            + "u2,a1,2,Sau Sawalon Ka Jawab,Udit Narayan,0.0,https://myswar.co/song_details/humlaa,,,,,,,\n"
            + "u3,a1,3,Ek Bangla,Saigal,5.0,https://www.youtube.com/watch?feature=player_embedded&v=3N7Lk85PEQ8,,,,,,,\n")).ToList();

        Assert.Equal("h0N1tL7kdL4", songs[0].YouTubeId);
        Assert.Null(songs[1].YouTubeId);
        Assert.Equal("YouTube URL not recognised: song kept without a video id", songs[1].Problem);
        Assert.Equal("3N7Lk85PEQ8", songs[2].YouTubeId);

        var rows = BollywoodMetadata.Read(new StringReader(
            "song_uuid,album_uuid,track_number,song_title,song_singers,song_rating,youtube_url\nu,a,1,Title,Singer,0,https://youtu.be/h0N1tL7kdL4\n")).ToList();
        Assert.Equal(new CatalogRow(2, null, "no mood or audio features"), Assert.Single(rows));
    }

    [Fact]
    public void Video_index_matches_titles_without_film_credits_and_any_shared_singer()
    {
        var index = new SongVideoIndex();
        index.Add("Lag Jaa Gale", "Lata Mangeshkar", "aaaaaaaaaaa");
        index.Add("Chura Liya Hai Tumne", "Asha Bhosle, Mohammed Rafi", "bbbbbbbbbbb");

        Assert.True(index.TryFind("lag jaa gale (From \"Woh Kaun Thi\")", " Lata Mangeshkar ", out var id));
        Assert.Equal("aaaaaaaaaaa", id);
        Assert.True(index.TryFind("Chura Liya Hai Tumne.opus", "Mohammed Rafi", out id));
        Assert.Equal("bbbbbbbbbbb", id);
        Assert.False(index.TryFind("Lag Jaa Gale", "Kishore Kumar", out _));
        Assert.False(index.TryFind("Lag Jaa Gale", "", out _));
        Assert.False(index.TryFind("Lag Jaa Gale (Unplugged)", "Lata Mangeshkar", out _));
    }

    [Fact]
    public void Video_index_finds_a_films_recording_and_its_versions_but_not_a_remake_or_a_remix()
    {
        var index = new SongVideoIndex();
        index.Add("Tujhse Naraaz Nahin Zindagi (Female)", "Lata Mangeshkar", "aaaaaaaaaaa", "Masoom");
        index.Add("Tujhse Naraaz Nahin Zindagi (Male)", "Anup Ghoshal", "bbbbbbbbbbb", "Masoom");
        index.Add("Lakshya (Haan Yahi Rasta Hai Tera)", "Shankar Mahadevan", "ccccccccccc", "Lakshya");
        index.Add("Gupt Gupt", "Kavita Krishnamurthy, Hema Sardesai", "ddddddddddd", "Gupt");
        index.Add("Dum Maaro Dum - I", "Asha Bhosle", "eeeeeeeeeee", "Hare Rama Hare Krishna");
        index.Add("Dum Maaro Dum - II", "Asha Bhosle", "fffffffffff", "Hare Rama Hare Krishna");
        index.Add("Dum Maaro Dum (Remix)", "Asha Bhosle", "ggggggggggg", "Dum Maaro Dum Remixes");
        index.Add("Lag Jaa Gale", "Lata Mangeshkar", "hhhhhhhhhhh", "Woh Kaun Thi");
        index.Add("Lag Jaa Gale", "Lata Mangeshkar", "iiiiiiiiiii", "Lag Jaa Gale (Cover)");
        index.Add("Lag Jaa Gale (Unplugged)", "Lata Mangeshkar", "jjjjjjjjjjj", "Sanam Unplugged");

        Assert.Equal(["bbbbbbbbbbb"], index.FindInFilm("Tujhse Naraaz Nahin Zindagi", "Anup Ghoshal", "Masoom"));
        Assert.Equal(["ccccccccccc"], index.FindInFilm("Lakshya", "Shankar Mahadevan", "Lakshya"));
        Assert.Equal(["ddddddddddd"], index.FindInFilm("Gupt Gupt", "Hema Sardesai", "Gupt: The Hidden Truth"));
        Assert.Equal(["eeeeeeeeeee", "fffffffffff"], index.FindInFilm("Dum Maaro Dum", "Asha Bhosle", "Hare Rama Hare Krishna"));
        Assert.Equal(["hhhhhhhhhhh"], index.FindInFilm("Lag Jaa Gale", "Lata Mangeshkar", "Woh Kaun Thi"));
        Assert.Empty(index.FindInFilm("Lag Jaa Gale", "Lata Mangeshkar", "Sanam Unplugged"));
        Assert.Empty(index.FindInFilm("Dum Maaro Dum", "Asha Bhosle", ""));
        Assert.Empty(index.FindInFilm("Tujhse Naraaz Nahin Zindagi", "Kishore Kumar", "Masoom"));
    }

    private static List<CatalogRow> Read(Func<TextReader, string, IEnumerable<CatalogRow>> reader, string text) =>
        [.. reader(new StringReader(text), "test")];
}
