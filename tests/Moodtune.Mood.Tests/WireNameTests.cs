using System.Text.Json;
using System.Text.Json.Serialization;

namespace Moodtune.Mood.Tests;

public partial class WireNameTests
{
    [Fact]
    public void Every_emotion_is_written_as_its_lower_case_name()
    {
        Assert.Equal(["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"], EmotionProbabilities.All.Select(WireName.Of));
        Assert.Equal("happy", EmotionProbabilities.Name(Emotion.Happy));
    }

    [Fact]
    public void A_source_generated_context_writes_and_reads_the_same_names()
    {
        var json = JsonSerializer.Serialize(new Named(Emotion.Surprise, [Emotion.Angry, Emotion.Neutral]), NamedContext.Default.Named);

        Assert.Equal("""{"emotion":"surprise","others":["angry","neutral"]}""", json);
        Assert.Equal(Emotion.Surprise, JsonSerializer.Deserialize(json, NamedContext.Default.Named)!.Emotion);
    }

    [Fact]
    public void Multi_word_members_follow_the_property_naming_policy()
    {
        Assert.Equal("two_words", WireName.Of(Spelling.TwoWords));
        Assert.Equal("one", WireName.Of(Spelling.One));
    }

    internal enum Spelling
    {
        One,
        TwoWords,
    }

    internal sealed record Named(Emotion Emotion, IReadOnlyList<Emotion> Others);

    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, Converters = [typeof(WireNameConverter<Emotion>)])]
    [JsonSerializable(typeof(Named))]
    internal sealed partial class NamedContext : JsonSerializerContext;
}
