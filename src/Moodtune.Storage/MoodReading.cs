using Moodtune.Mood;

namespace Moodtune.Storage;

/// <summary>Where a mood reading came from.</summary>
public enum ReadingSource
{
    /// <summary>The live camera: the smoothed, stable mood.</summary>
    Camera,

    /// <summary>An uploaded photo: its primary face.</summary>
    Photo,

    /// <summary>Picked by hand.</summary>
    Picker,
}

/// <summary>One mood of a listener at a time: the seven probabilities, the emotion taken from them and the point in the plane.</summary>
public sealed record MoodReading(DateTimeOffset Time, Emotion Emotion, EmotionProbabilities Probabilities, MoodPoint Point, ReadingSource Source)
{
    /// <summary>The row id; 0 until stored.</summary>
    public long Id { get; init; }

    /// <summary>A reading from expression probabilities (a photo's face, or probabilities given by hand).</summary>
    public static MoodReading FromProbabilities(EmotionProbabilities probabilities, ReadingSource source, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        var estimate = Circumplex.Locate(probabilities);
        return new MoodReading(time, estimate.Dominant, probabilities, estimate.Point, source);
    }

    /// <summary>A mood picked by name: all probability on that emotion, at its point of the circumplex.</summary>
    public static MoodReading Picked(Emotion emotion, ReadingSource source, DateTimeOffset time)
    {
        Span<float> scores = stackalloc float[EmotionProbabilities.Count];
        scores[(int)emotion] = 1;
        return new MoodReading(time, emotion, EmotionProbabilities.FromScores(scores), Circumplex.Of(emotion), source);
    }

    /// <summary>The camera's smoothed mood: the stable emotion, with the smoothed probabilities and their point.</summary>
    public static MoodReading FromCamera(SmoothedMood mood, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(mood);
        return new MoodReading(time, mood.Stable, mood.Probabilities, mood.Estimate.Point, ReadingSource.Camera);
    }

    /// <summary>How sure the reading is: the probability of its emotion (the rule of <see cref="Circumplex.Locate(EmotionProbabilities, Emotion)"/>).</summary>
    public float Confidence => Circumplex.Locate(Probabilities, Emotion).Confidence;

    /// <summary>The reading as the recommender takes it: its point and emotion, with confidence and dominance from its probabilities.</summary>
    public MoodEstimate Estimate
    {
        get
        {
            var located = Circumplex.Locate(Probabilities, Emotion);
            return new MoodEstimate(Point, located.Confidence, Emotion) { Dominance = located.Dominance };
        }
    }
}
