using System.Text;
using Moodtune.Music.Catalog;
using static Moodtune.Music.Tests.Catalog.CatalogSamples;

namespace Moodtune.Music.Tests.Catalog;

public class CatalogCsvTests
{
    [Fact]
    public void Write_then_Read_gives_the_same_songs()
    {
        var text = new StringWriter();
        CatalogCsv.Write(text, Songs);

        Assert.StartsWith(Header + "\n", text.ToString(), StringComparison.Ordinal);
        AssertSame(Songs, ReadCsv(text.ToString()));
    }

    [Fact]
    public void Writing_what_was_read_reproduces_the_file()
    {
        var first = new StringWriter();
        CatalogCsv.Write(first, Songs);
        var second = new StringWriter();
        CatalogCsv.Write(second, ReadCsv(first.ToString()).Select(r => r.Song!));

        Assert.Equal(first.ToString(), second.ToString());
    }

    [Fact]
    public void A_byte_order_mark_is_ignored_from_a_stream_and_from_text()
    {
        var text = new StringWriter();
        CatalogCsv.Write(text, Songs);
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text.ToString())).ToArray();

        using var reader = new StreamReader(new MemoryStream(bytes));
        AssertSame(Songs, [.. CatalogCsv.Read(reader, "test")]);
        AssertSame(Songs, ReadCsv("\uFEFF" + text));
    }

    [Fact]
    public void CRLF_line_ends_are_read_and_a_line_break_inside_quotes_is_kept()
    {
        var rows = ReadCsv("title,artist,album,valence,energy\r\nA,B,\"x\r\ny\",0.5,0.5\r\nC,D,,0.1,0.9\r\n");

        Assert.Equal(2, rows.Count);
        Assert.Equal("x\r\ny", rows[0].Song!.Album);
        Assert.Equal("D", rows[1].Song!.Artist);
        Assert.Null(rows[1].Song!.Album);
    }

    [Fact]
    public void Quoted_fields_keep_commas_quotes_and_line_breaks_and_lines_count_physical_lines()
    {
        var rows = ReadCsv("title,artist,valence,energy\n\"Hello, \"\"World\"\"\",\"Smith,\nJones\",0.5,0.5\nNext,Artist,0.2,0.3\n");

        Assert.Equal("Hello, \"World\"", rows[0].Song!.Title);
        Assert.Equal("Smith,\nJones", rows[0].Song!.Artist);
        Assert.Equal(2, rows[0].Line);
        Assert.Equal(4, rows[1].Line);
    }

    [Fact]
    public void Columns_match_in_any_order_and_case_and_defaults_fill_the_rest()
    {
        var rows = ReadCsv(" Energy ,VALENCE,Artist,Title,Genres,Moods\n0.7,0.6,Daft Punk,One More Time,House; Electronic ,Happy;;party\n");

        var song = Assert.Single(rows).Song!;
        Assert.Equal("daft-punk--one-more-time", song.Id);
        Assert.Equal(0.6f, song.Valence);
        Assert.Equal(0.7f, song.Energy);
        Assert.Equal("en", song.Language);
        Assert.Equal(["house", "electronic"], song.Genres);
        Assert.Equal(["happy", "party"], song.Moods);
        Assert.Equal(FeatureOrigin.Estimated, song.Features);
        Assert.Equal("test", song.Source);
        Assert.Null(song.YouTubeId);
    }

    [Theory]
    [InlineData("artist,valence,energy\nA,0.5,0.5\n", "'title'")]
    [InlineData("title,valence,energy\nA,0.5,0.5\n", "'artist'")]
    [InlineData("title,artist,valence\nA,B,0.5\n", "'moods'")]
    public void A_missing_required_column_gives_one_problem_and_stops(string csv, string named)
    {
        var row = Assert.Single(ReadCsv(csv));

        Assert.Null(row.Song);
        Assert.Contains(named, row.Problem, StringComparison.Ordinal);
        Assert.Equal(1, row.Line);
    }

    [Fact]
    public void An_unclosed_quote_is_a_problem_on_its_line_and_the_rows_before_it_are_kept()
    {
        var rows = ReadCsv("title,artist,valence,energy\nA,B,0.5,0.5\n\"C,D,0.5,0.5\nE,F,0.5,0.5\n");

        Assert.Equal(2, rows.Count);
        Assert.Equal("A", rows[0].Song!.Title);
        Assert.Null(rows[1].Song);
        Assert.Equal(3, rows[1].Line);
        Assert.Contains("never closed", rows[1].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_quote_inside_an_unquoted_field_is_kept_as_text()
    {
        var song = Assert.Single(ReadCsv("title,artist,valence,energy\nThe 12\" Mix,B,0.5,0.5\n")).Song!;

        Assert.Equal("The 12\" Mix", song.Title);
    }

    [Fact]
    public void An_empty_file_gives_one_problem()
    {
        var row = Assert.Single(ReadCsv(""));

        Assert.Null(row.Song);
        Assert.Contains("empty", row.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_without_rows_gives_no_rows()
    {
        Assert.Empty(ReadCsv(Header + "\n"));
    }

    [Theory]
    [InlineData("valence", "1.7")]
    [InlineData("valence", "abc")]
    [InlineData("energy", "-0.1")]
    [InlineData("energy", "NaN")]
    [InlineData("tempo", "-120")]
    [InlineData("tempo", "0")]
    [InlineData("year", "3000")]
    [InlineData("year", "19.5")]
    [InlineData("popularity", "101")]
    [InlineData("youtube_id", "dQw4w9WgXc")]
    [InlineData("youtube_id", "dQw4w9WgXc!")]
    [InlineData("language", "english")]
    [InlineData("features", "guessed")]
    [InlineData("video_searched_on", "3/11/2025")]
    public void A_bad_value_makes_that_row_a_problem_naming_the_column(string column, string value)
    {
        var good = new Dictionary<string, string>
        {
            ["title"] = "T", ["artist"] = "A", ["valence"] = "0.5", ["energy"] = "0.5", ["tempo"] = "120", ["year"] = "2000",
            ["popularity"] = "50", ["youtube_id"] = "dQw4w9WgXcQ", ["language"] = "en", ["features"] = "measured",
            ["video_searched_on"] = "2025-11-03",
        };
        var header = string.Join(',', good.Keys);
        var bad = string.Join(',', good.Select(p => p.Key == column ? value : p.Value));

        var rows = ReadCsv($"{header}\n{string.Join(',', good.Values)}\n{bad}\n{string.Join(',', good.Values)}\n");

        Assert.Equal(3, rows.Count);
        Assert.NotNull(rows[0].Song);
        Assert.NotNull(rows[2].Song);
        Assert.Null(rows[1].Song);
        Assert.StartsWith($"{column} '{value}'", rows[1].Problem, StringComparison.Ordinal);
        Assert.Equal(3, rows[1].Line);
    }

    [Fact]
    public void Empty_title_or_artist_and_half_features_are_problems()
    {
        var rows = ReadCsv("title,artist,valence,energy,moods\n,A,0.5,0.5,\nT,,0.5,0.5,\nT,A,0.5,,happy\nT,A,,,\n", Lookup);

        Assert.All(rows, r => Assert.Null(r.Song));
        Assert.Contains("title is empty", rows[0].Problem, StringComparison.Ordinal);
        Assert.Contains("artist is empty", rows[1].Problem, StringComparison.Ordinal);
        Assert.Contains("energy is missing", rows[2].Problem, StringComparison.Ordinal);
        Assert.Contains("neither valence and energy nor moods", rows[3].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Mood_only_rows_take_their_point_from_the_lookup()
    {
        var rows = ReadCsv("title,artist,moods\nSomeone Like You,Adele,Sad\nMystery,Nobody,obscure\n", Lookup);

        var song = rows[0].Song!;
        Assert.Equal(0.2f, song.Valence, 0.0001f);
        Assert.Equal(0.3f, song.Energy, 0.0001f);
        Assert.Equal(FeatureOrigin.FromMoodLabel, song.Features);
        Assert.Equal(["sad"], song.Moods);
        Assert.Null(rows[1].Song);
        Assert.Contains("moods 'obscure'", rows[1].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Mood_only_rows_without_a_lookup_are_problems()
    {
        var row = Assert.Single(ReadCsv("title,artist,moods\nSomeone Like You,Adele,sad\n"));

        Assert.Null(row.Song);
        Assert.Contains("mood lookup", row.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_features_win_over_mood_words()
    {
        var song = Assert.Single(ReadCsv("title,artist,valence,energy,moods\nT,A,0.9,0.1,sad\n", Lookup)).Song!;

        Assert.Equal(0.9f, song.Valence);
        Assert.Equal(FeatureOrigin.Estimated, song.Features);
    }

    [Fact]
    public void An_id_and_a_source_in_the_file_are_kept()
    {
        var song = Assert.Single(ReadCsv("id,title,artist,valence,energy,source\nmy-id,T,A,0.5,0.5,spotify\n")).Song!;

        Assert.Equal("my-id", song.Id);
        Assert.Equal("spotify", song.Source);
    }

    [Fact]
    public void Short_rows_read_missing_fields_as_empty()
    {
        var rows = ReadCsv("title,artist,valence,energy,year\nT,A,0.5,0.5\n");

        Assert.Null(Assert.Single(rows).Song!.Year);
    }
}
