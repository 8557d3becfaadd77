namespace Moodtune.Mood;

/// <summary>A mood located from expression probabilities: where, and how sure.</summary>
/// <param name="Dominant">The most probable expression (not to be confused with <see cref="Dominance"/>).</param>
public readonly record struct MoodEstimate(MoodPoint Point, float Confidence, Emotion Dominant)
{
    /// <summary>
    /// The third axis of Mehrabian and Russell's PAD space, -1 (submissive, helpless) to 1 (dominant, in control), which the
    /// valence/arousal plane lacks: fear and anger share the plane's corner and differ here. 0 when unknown.
    /// </summary>
    public float Dominance { get; init; }
}

/// <summary>
/// Where the seven expressions sit in valence/arousal space.
/// Pleasure and arousal of angry, fear, happy, sad and disgust follow Russell and Mehrabian's (1977) semantic-differential
/// ratings of the emotion terms (angry -0.51/0.59, afraid -0.64/0.60, happy 0.81/0.51, sad -0.63/-0.27, disgusted -0.60/0.35);
/// surprise follows the angle of "astonished" in Russell (1980, about 70 degrees: pleasant and highly aroused), placed at
/// (0.30, 0.80); neutral is the origin. Disgust is absent from Russell's circumplex: Russell and Mehrabian rate it unpleasant
/// and moderately aroused, between angry and sad, which is where it sits here.
/// Dominance, the third PAD axis, comes from the same 1977 ratings ("Evidence for a three-factor theory of emotions",
/// J. Research in Personality 11): angry 0.25, disgusted 0.11, afraid -0.43, happy 0.46, sad -0.33, surprised -0.13,
/// neutral 0. It is what tells fear (helpless) from anger (in control), whose pleasure and arousal nearly coincide.
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

    private static readonly float[] Dominances = [0.25f, 0.11f, -0.43f, 0.46f, -0.33f, -0.13f, 0f];

    public static MoodPoint Of(Emotion emotion) => Points[(int)emotion];

    /// <summary>The emotion's place on the dominance axis, -1 (helpless) to 1 (in control).</summary>
    public static float DominanceOf(Emotion emotion) => Dominances[(int)emotion];

    /// <summary>The probability-weighted mean of the expressions' points, named after the most probable expression.</summary>
    public static MoodEstimate Locate(EmotionProbabilities probabilities)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        return Locate(probabilities, probabilities.Top);
    }

    /// <summary>
    /// The probability-weighted mean of the expressions' points (dominance likewise), named <paramref name="named"/> (the
    /// camera names the stable mood, which may trail the most probable one). Confidence is the probability of the named
    /// expression: the number its bar shows, and calibrated (eval's ECE measures it), so "70%" is right about 70% of the time.
    /// </summary>
    public static MoodEstimate Locate(EmotionProbabilities probabilities, Emotion named)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        float valence = 0, arousal = 0, dominance = 0;
        for (var i = 0; i < EmotionProbabilities.Count; i++)
        {
            valence += probabilities[i] * Points[i].Valence;
            arousal += probabilities[i] * Points[i].Arousal;
            dominance += probabilities[i] * Dominances[i];
        }

        return new MoodEstimate(new MoodPoint(valence, arousal).Clamped(), probabilities[named], named)
        {
            Dominance = Math.Clamp(dominance, -1, 1),
        };
    }

    /// <summary>The estimate for a picked emotion (the mood picker): that emotion's point, fully confident.</summary>
    public static MoodEstimate Picked(Emotion emotion) => new(Of(emotion), 1, emotion) { Dominance = DominanceOf(emotion) };
}
