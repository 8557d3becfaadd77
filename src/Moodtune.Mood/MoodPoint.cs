namespace Moodtune.Mood;

/// <summary>
/// A point in Russell's valence/arousal plane (the circumplex model of affect): both axes run from -1 to 1,
/// neutral at the origin. Faces and songs meet here.
/// </summary>
public readonly record struct MoodPoint(float Valence, float Arousal)
{
    public static MoodPoint Neutral => default;

    /// <summary>
    /// Places a song from Spotify-style audio features (valence and energy 0..1, tempo in BPM).
    /// Energy is the main arousal cue; tempo adds a little (60 BPM and below count as slow, 180 and above as fast).
    /// </summary>
    public static MoodPoint FromAudioFeatures(float valence, float energy, float? tempo = null)
    {
        var arousal = energy;
        if (tempo is float bpm && float.IsFinite(bpm) && bpm > 0)
        {
            arousal = (0.85f * energy) + (0.15f * Math.Clamp((bpm - 60) / 120f, 0, 1));
        }

        return new MoodPoint((2 * valence) - 1, (2 * arousal) - 1).Clamped();
    }

    /// <summary>The audio-feature valence (0..1) a point corresponds to.</summary>
    public float ToFeatureValence() => (Valence + 1) / 2;

    /// <summary>The audio-feature energy (0..1) a point corresponds to.</summary>
    public float ToFeatureEnergy() => (Arousal + 1) / 2;

    public float DistanceTo(MoodPoint other)
    {
        var dv = Valence - other.Valence;
        var da = Arousal - other.Arousal;
        return MathF.Sqrt((dv * dv) + (da * da));
    }

    /// <summary>The point a fraction <paramref name="t"/> of the way towards <paramref name="target"/>.</summary>
    public MoodPoint Towards(MoodPoint target, float t) =>
        new(Valence + ((target.Valence - Valence) * t), Arousal + ((target.Arousal - Arousal) * t));

    public MoodPoint Clamped() => new(Math.Clamp(Valence, -1, 1), Math.Clamp(Arousal, -1, 1));

    public override string ToString() => FormattableString.Invariant($"(valence {Valence:0.00}, arousal {Arousal:0.00})");
}
