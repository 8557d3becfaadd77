namespace Moodtune.Mood;

/// <summary>A mood located from expression probabilities: where, and how sure.</summary>
public readonly record struct MoodEstimate(MoodPoint Point, float Confidence, Emotion Dominant);

/// <summary>
/// Where the seven expressions sit in valence/arousal space.
/// Pleasure and arousal of angry, fear, happy, sad and disgust follow Russell and Mehrabian's (1977) semantic-differential
/// ratings of the emotion terms (angry -0.51/0.59, afraid -0.64/0.60, happy 0.81/0.51, sad -0.63/-0.27, disgusted -0.60/0.35);
/// surprise follows the angle of "astonished" in Russell (1980, about 70 degrees: pleasant and highly aroused), placed at
/// (0.30, 0.80); neutral is the origin. Disgust is absent from Russell's circumplex: Russell and Mehrabian rate it unpleasant
/// and moderately aroused, between angry and sad, which is where it sits here.
/// </summary>
public static class Circumplex
{
    private static readonly MoodPoint[] Points =
    [
        new(-0.51f, 0.59f), // angry
        new(-0.60f, 0.35f), // disgust
        new(-0.64f, 0.60f), // fear
        new(0.81f, 0.51f),  // happy
        new(-0.63f, -0.27f), // sad
        new(0.30f, 0.80f),  // surprise
        new(0f, 0f),        // neutral
    ];

    public static MoodPoint Of(Emotion emotion) => Points[(int)emotion];

    /// <summary>The probability-weighted mean of the expressions' points, named after the most probable expression.</summary>
    public static MoodEstimate Locate(EmotionProbabilities probabilities)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        return Locate(probabilities, probabilities.Top);
    }

    /// <summary>
    /// The probability-weighted mean of the expressions' points, named <paramref name="named"/> (the camera names the
    /// stable mood, which may trail the most probable one). Confidence is the probability of the named expression: the
    /// number its bar shows, and calibrated (eval's ECE measures it), so "70%" is right about 70% of the time.
    /// </summary>
    public static MoodEstimate Locate(EmotionProbabilities probabilities, Emotion named)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        float valence = 0, arousal = 0;
        for (var i = 0; i < EmotionProbabilities.Count; i++)
        {
            valence += probabilities[i] * Points[i].Valence;
            arousal += probabilities[i] * Points[i].Arousal;
        }

        return new MoodEstimate(new MoodPoint(valence, arousal).Clamped(), probabilities[named], named);
    }

    /// <summary>The estimate for a picked emotion (the mood picker): that emotion's point, fully confident.</summary>
    public static MoodEstimate Picked(Emotion emotion) => new(Of(emotion), 1, emotion);
}
