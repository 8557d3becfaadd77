using Moodtune.Mood;
using Moodtune.Music.Catalog;

namespace Moodtune.Music.Tests.Catalog;

/// <summary>Songs and helpers shared by the catalog reader and writer tests.</summary>
internal static class CatalogSamples
{
    public const string Header = "id,title,artist,album,year,language,genres,valence,energy,tempo,popularity,moods,youtube_id,features,source,video_searched_on";

    /// <summary>A lookup that knows two words, standing in for the importer's mood table.</summary>
    public static MoodPoint? Lookup(IReadOnlyList<string> words) =>
        words.Contains("sad") ? new MoodPoint(-0.6f, -0.4f)
        : words.Contains("happy") ? new MoodPoint(0.8f, 0.5f)
        : null;

    /// <summary>Songs that exercise every field: quotes, commas, line breaks, non-Latin script, nulls and awkward floats.</summary>
    public static IReadOnlyList<Song> Songs { get; } =
    [
        new Song
        {
            Id = "queen--bohemian-rhapsody",
            Title = "Bohemian Rhapsody",
            Artist = "Queen",
            Album = "A Night at the Opera",
            Year = 1975,
            Language = "en",
            Genres = ["rock", "progressive rock"],
            Valence = 0.228f,
            Energy = 0.402f,
            Tempo = 143.883f,
            Popularity = 84,
            Moods = ["dramatic", "epic"],
            YouTubeId = "fJ9rUzIMcZQ",
            Features = FeatureOrigin.Measured,
            Source = "spotify",
        },
        new Song
        {
            Id = "smith-jones--hello-world",
            Title = "Hello, \"World\"",
            Artist = "Smith, Jones",
            Album = "Line one\nline two",
            Language = "en",
            Valence = 0.1f,
            Energy = 1f / 3,
            VideoSearchedOn = new DateOnly(2025, 11, 3),
            Source = "default",
        },
        new Song
        {
            Id = Song.MakeId("Lata Mangeshkar, Mohammed Rafi", "तेरे मेरे सपने"),
            Title = "तेरे मेरे सपने",
            Artist = "Lata Mangeshkar, Mohammed Rafi",
            Year = 1965,
            Language = "hi",
            Genres = ["filmi"],
            Valence = 0f,
            Energy = 1f,
            Popularity = 0,
            Moods = ["romantic"],
            YouTubeId = "a-B_c1D2e3F",
            Features = FeatureOrigin.FromMoodLabel,
            Source = "bollywood",
        },
    ];

    public static List<CatalogRow> ReadCsv(string text, Func<IReadOnlyList<string>, MoodPoint?>? lookup = null) =>
        [.. CatalogCsv.Read(new StringReader(text), "test", lookup)];

    public static void AssertSame(Song expected, Song? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected with { Genres = [], Moods = [] }, actual with { Genres = [], Moods = [] });
        Assert.Equal(expected.Genres, actual.Genres);
        Assert.Equal(expected.Moods, actual.Moods);
    }

    public static void AssertSame(IReadOnlyList<Song> expected, IReadOnlyList<CatalogRow> rows)
    {
        Assert.All(rows, row => Assert.Null(row.Problem));
        Assert.Equal(expected.Count, rows.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            AssertSame(expected[i], rows[i].Song);
        }
    }
}
