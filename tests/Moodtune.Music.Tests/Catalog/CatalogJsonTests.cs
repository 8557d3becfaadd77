using System.Text;
using Moodtune.Music.Catalog;
using static Moodtune.Music.Tests.Catalog.CatalogSamples;

namespace Moodtune.Music.Tests.Catalog;

public class CatalogJsonTests
{
    [Fact]
    public void Write_then_Read_gives_the_same_songs()
    {
        using var stream = new MemoryStream();
        CatalogJson.Write(stream, Songs);
        stream.Position = 0;

        AssertSame(Songs, [.. CatalogJson.Read(stream, "test")]);
    }

    [Fact]
    public void Reads_a_top_level_array_with_a_byte_order_mark()
    {
        var rows = Read("\uFEFF[\n  {\"title\": \"T\", \"artist\": \"A\", \"valence\": 0.5, \"energy\": 0.25, \"genres\": [\"Pop\"], \"year\": \"1999\"}\n]");

        var song = Assert.Single(rows).Song!;
        Assert.Equal("a--t", song.Id);
        Assert.Equal(0.25f, song.Energy);
        Assert.Equal(["pop"], song.Genres);
        Assert.Equal(1999, song.Year);
        Assert.Equal("en", song.Language);
        Assert.Equal(1, rows[0].Line);
    }

    [Fact]
    public void Reads_the_songs_of_a_wrapper_object_skipping_its_other_properties()
    {
        var rows = Read("""
            {
              "version": 2,
              "about": {"by": ["someone"], "note": "]}"},
              "SONGS": [
                {"Title": "One", "Artist": "A", "Moods": ["happy"]},
                {"title": "Two", "artist": "B", "moods": "sad;calm"}
              ],
              "trailer": true
            }
            """, Lookup);

        Assert.Equal(["One", "Two"], rows.Select(r => r.Song!.Title));
        Assert.Equal(FeatureOrigin.FromMoodLabel, rows[0].Song!.Features);
        Assert.Equal(["sad", "calm"], rows[1].Song!.Moods);
        Assert.Equal([1L, 2L], rows.Select(r => r.Line));
    }

    [Fact]
    public void A_bad_element_is_a_problem_and_the_next_ones_are_read()
    {
        var rows = Read("""
            [
              {"title": "T", "artist": "A", "valence": 1.7, "energy": 0.5},
              42,
              {"title": "T", "artist": "A", "valence": 0.5, "energy": 0.5, "genres": [1]},
              {"title": "T", "artist": "A", "valence": 0.5, "energy": 0.5, "year": true},
              {"title": "Good", "artist": "A", "valence": 0.5, "energy": 0.5}
            ]
            """);

        Assert.Equal(5, rows.Count);
        Assert.StartsWith("valence '1.7'", rows[0].Problem, StringComparison.Ordinal);
        Assert.Contains("not a song object", rows[1].Problem, StringComparison.Ordinal);
        Assert.Contains("genres", rows[2].Problem, StringComparison.Ordinal);
        Assert.Contains("year", rows[3].Problem, StringComparison.Ordinal);
        Assert.Equal("Good", rows[4].Song!.Title);
    }

    [Theory]
    [InlineData("[{\"title\": \"Good\", \"artist\": \"A\", \"valence\": 0.5, \"energy\": 0.5}, {\"title\": oops}]", 1)]
    [InlineData("[{\"title\": \"Good\", \"artist\": \"A\", \"valence\": 0.5, \"energy\": 0.5}, {\"title\": \"T\"", 1)]
    [InlineData("", 0)]
    [InlineData("   ", 0)]
    [InlineData("\"songs\"", 0)]
    [InlineData("{\"songs\": 3}", 0)]
    [InlineData("{\"other\": []}", 0)]
    [InlineData("{\"songs\": [", 0)]
    public void A_broken_document_gives_one_problem_after_the_good_elements_and_stops(string json, int good)
    {
        var rows = Read(json);

        Assert.Equal(good + 1, rows.Count);
        Assert.All(rows.Take(good), r => Assert.NotNull(r.Song));
        Assert.Null(rows[^1].Song);
        Assert.Contains("JSON", rows[^1].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Rows_are_numbered_by_their_element_and_a_syntax_error_names_its_line_and_byte()
    {
        var good = """{"title": "T", "artist": "A", "valence": 0.5, "energy": 0.5}""";
        var rows = Read($"[\n{good},\n42,\n{good},\n{{\"title\": oops}}\n]");

        Assert.Equal([1L, 2L, 3L, 4L], rows.Select(r => r.Line));
        Assert.Contains("not a song object", rows[1].Problem, StringComparison.Ordinal);
        Assert.Null(rows[3].Song);
        Assert.Equal("the JSON document is broken at line 5, byte 11: 'o' is an invalid start of a value. Path: $[3].", rows[3].Problem);
    }

    [Theory]
    [InlineData(",\n  {\"title\": \"cut", "line 5002")]
    [InlineData(",\n  {\"title\": [1, }", "line 5002")]
    [InlineData("\n  {\"title\": \"T\"}", "line 5002")]
    public void A_syntax_error_after_many_elements_keeps_every_element_before_it(string tail, string at)
    {
        var good = string.Join(",\n", Enumerable.Range(0, 5000).Select(i => $$"""  {"title": "Song {{i}}", "artist": "A", "valence": 0.5, "energy": 0.5}"""));
        var rows = Read($"[\n{good}{tail}");

        Assert.Equal(5001, rows.Count);
        Assert.All(rows.Take(5000), r => Assert.NotNull(r.Song));
        Assert.Equal("Song 4999", rows[4999].Song!.Title);
        Assert.Equal(5001, rows[^1].Line);
        Assert.Contains(at, rows[^1].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_and_misshapen_documents_say_what_is_wrong()
    {
        Assert.Equal("the JSON document is empty", Assert.Single(Read("\uFEFF  \n")).Problem);
        Assert.Equal("the JSON document is neither an array of songs nor an object with a 'songs' array", Assert.Single(Read("// a comment\n\"songs\"")).Problem);
        Assert.Equal("the JSON object has no 'songs' array", Assert.Single(Read("{\"other\": []}")).Problem);
        Assert.Contains("$.songs", Assert.Single(Read("{\"songs\": 3}")).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Comments_and_trailing_commas_are_accepted()
    {
        var rows = Read("// exported by hand\n[\n  {\"title\": \"T\", \"artist\": \"A\", \"valence\": 0.5, \"energy\": 0.5,}, /* next */\n]");

        Assert.Equal("T", Assert.Single(rows).Song!.Title);
    }

    [Fact]
    public void Elements_larger_than_the_buffer_and_many_elements_stream_through()
    {
        var songs = Enumerable.Range(0, 3000).Select(i => Songs[i % Songs.Count] with
        {
            Id = $"song-{i}",
            Album = i == 1500 ? new string('x', 200_000) : Songs[i % Songs.Count].Album,
        }).ToList();
        using var stream = new MemoryStream();
        CatalogJson.Write(stream, songs);
        stream.Position = 0;

        AssertSame(songs, [.. CatalogJson.Read(new TrickleStream(stream), "test")]);
    }

    private static List<CatalogRow> Read(string json, Func<IReadOnlyList<string>, Mood.MoodPoint?>? lookup = null) =>
        [.. CatalogJson.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "test", lookup)];

    /// <summary>Returns at most 1000 bytes a read, as a network stream may, so elements straddle reads.</summary>
    private sealed class TrickleStream(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(count, 1000));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
