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
        Assert.Equal(2, rows[0].Line);
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
        Assert.Equal([5L, 6L], rows.Select(r => r.Line));
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
