using Moodtune.Mood;
using Moodtune.Music.Import;

namespace Moodtune.Music.Tests.Import;

public class MoodWordsTests
{
    public static TheoryData<string> DataSetWords =>
    [
        // data-moods
        "Happy", "Sad", "Energetic", "Calm",

        // bollywood-moods
        "Romantic", "Neutral", "Angry", "Devotional", "Patriotic", "Motivational",

        // moodylyrics
        "happy", "angry", "sad", "relaxed",

        // fer-emotion-playlists
        "angry", "disgusted", "fearful", "happy", "neutral", "sad", "surprised",

        // audioset-music-mood
        "Happy music", "Funny music", "Sad music", "Tender music", "Exciting music", "Angry music", "Scary music",

        // common tags
        "upbeat", "party", "energetic", "calm", "relaxed", "peaceful", "melancholic", "heartbreak", "intense", "aggressive",
        "romantic", "devotional", "spiritual", "motivational", "patriotic", "nostalgic", "dreamy", "hopeful", "dark", "tense", "playful",
    ];

    [Theory]
    [MemberData(nameof(DataSetWords))]
    public void Every_data_set_word_is_known_and_inside_the_plane(string word)
    {
        var point = MoodWords.Lookup(word);

        Assert.NotNull(point);
        Assert.InRange(point.Value.Valence, -1f, 1f);
        Assert.InRange(point.Value.Arousal, -1f, 1f);
    }

    [Theory]
    [InlineData("HAPPY")]
    [InlineData("  happy ")]
    [InlineData("Happy\t")]
    [InlineData("happy   music")]
    public void Lookup_ignores_case_and_spaces(string word) =>
        Assert.Equal(MoodWords.Lookup("happy"), MoodWords.Lookup(word));

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("purple")]
    [InlineData("music")]
    public void Unknown_words_have_no_point(string? word) => Assert.Null(MoodWords.Lookup(word));

    [Fact]
    public void Expression_names_sit_where_faces_do()
    {
        Assert.Equal(Circumplex.Of(Emotion.Sad), MoodWords.Lookup("sad"));
        Assert.Equal(Circumplex.Of(Emotion.Disgust), MoodWords.Lookup("disgusted"));
        Assert.Equal(Circumplex.Of(Emotion.Surprise), MoodWords.Lookup("surprised"));
        Assert.Equal(MoodPoint.Neutral, MoodWords.Lookup("neutral"));
    }

    [Fact]
    public void Words_fall_in_their_quadrants()
    {
        static MoodPoint P(string w) => MoodWords.Lookup(w)!.Value;

        Assert.True(P("calm") is { Valence: > 0, Arousal: < 0 });
        Assert.True(P("relaxed") is { Valence: > 0, Arousal: < 0 });
        Assert.True(P("energetic") is { Arousal: > 0.5f });
        Assert.True(P("melancholic") is { Valence: < 0, Arousal: < 0 });
        Assert.True(P("aggressive") is { Valence: < 0, Arousal: > 0.5f });
        Assert.True(P("devotional").DistanceTo(MoodPoint.Neutral) < P("peaceful").DistanceTo(MoodPoint.Neutral));
    }

    [Fact]
    public void Lookup_of_several_words_is_the_mean_of_the_known_ones()
    {
        var mean = MoodWords.Lookup(["happy", "sad", "purple"])!.Value;
        var happy = MoodWords.Lookup("happy")!.Value;
        var sad = MoodWords.Lookup("sad")!.Value;

        Assert.Equal((happy.Valence + sad.Valence) / 2, mean.Valence, 5);
        Assert.Equal((happy.Arousal + sad.Arousal) / 2, mean.Arousal, 5);
        Assert.Null(MoodWords.Lookup(["purple", ""]));
        Assert.Null(MoodWords.Lookup([]));
    }

    [Fact]
    public void Every_table_word_is_documented_and_unique()
    {
        Assert.Equal(MoodWords.All.Count, MoodWords.All.Select(w => w.Word).Distinct().Count());
        var doc = File.ReadAllText(Path.Combine(Moodtune.Tests.TestPaths.RepoRoot, "docs", "mood-words.md"));
        foreach (var word in MoodWords.All)
        {
            Assert.False(string.IsNullOrWhiteSpace(word.Basis));
            Assert.Contains($"| {word.Word} |", doc, StringComparison.Ordinal);
        }
    }
}
