using System.Collections;

namespace Moodtune.Mood;

/// <summary>Probabilities of the seven expressions, indexed by <see cref="Emotion"/>; they always sum to 1.</summary>
public sealed class EmotionProbabilities : IReadOnlyList<float>
{
    public const int Count = 7;

    private readonly float[] _values;

    private EmotionProbabilities(float[] values) => _values = values;

    public static IReadOnlyList<Emotion> All { get; } = Enum.GetValues<Emotion>();

    /// <summary>The uniform distribution: what we know when we know nothing.</summary>
    public static EmotionProbabilities Uniform { get; } = new([.. Enumerable.Repeat(1f / Count, Count)]);

    public Emotion Top
    {
        get
        {
            var best = 0;
            for (var i = 1; i < Count; i++)
            {
                if (_values[i] > _values[best])
                {
                    best = i;
                }
            }

            return (Emotion)best;
        }
    }

    public float TopProbability => _values[(int)Top];

    int IReadOnlyCollection<float>.Count => Count;

    public float this[Emotion emotion] => _values[(int)emotion];

    public float this[int index] => _values[index];

    /// <summary>Normalises non-negative scores in canonical <see cref="Emotion"/> order so they sum to 1.</summary>
    /// <exception cref="ArgumentException">Wrong length, a negative or non-finite score, or all zero.</exception>
    public static EmotionProbabilities FromScores(ReadOnlySpan<float> scores)
    {
        if (scores.Length != Count)
        {
            throw new ArgumentException($"Expected {Count} scores, got {scores.Length}.", nameof(scores));
        }

        double sum = 0;
        foreach (var score in scores)
        {
            if (!float.IsFinite(score) || score < 0)
            {
                throw new ArgumentException($"Scores must be finite and non-negative; got {score}.", nameof(scores));
            }

            sum += score;
        }

        if (sum <= 0)
        {
            throw new ArgumentException("At least one score must be positive.", nameof(scores));
        }

        var values = new float[Count];
        for (var i = 0; i < Count; i++)
        {
            values[i] = (float)(scores[i] / sum);
        }

        return new EmotionProbabilities(values);
    }

    /// <summary>The mean of several distributions (an ensemble or test-time augmentation).</summary>
    public static EmotionProbabilities Average(IReadOnlyList<EmotionProbabilities> parts)
    {
        ArgumentOutOfRangeException.ThrowIfZero(parts.Count);
        Span<float> sum = stackalloc float[Count];
        foreach (var part in parts)
        {
            for (var i = 0; i < Count; i++)
            {
                sum[i] += part._values[i];
            }
        }

        return FromScores(sum);
    }

    public static string Name(Emotion emotion) => WireName.Of(emotion);

    /// <summary>Parses one of the seven names (case-insensitive), also accepting common synonyms (fearful, disgusted, surprised, happiness...).</summary>
    public static bool TryParse(string? name, out Emotion emotion)
    {
        emotion = default;
        switch (name?.Trim().ToLowerInvariant())
        {
            case "angry" or "anger":
                emotion = Emotion.Angry;
                return true;
            case "disgust" or "disgusted":
                emotion = Emotion.Disgust;
                return true;
            case "fear" or "fearful" or "scared":
                emotion = Emotion.Fear;
                return true;
            case "happy" or "happiness" or "joy":
                emotion = Emotion.Happy;
                return true;
            case "sad" or "sadness":
                emotion = Emotion.Sad;
                return true;
            case "surprise" or "surprised":
                emotion = Emotion.Surprise;
                return true;
            // Not "calm": calm is a mood of its own (relaxed, pleasant) and the name of the calm-down strategy, not a neutral face.
            case "neutral":
                emotion = Emotion.Neutral;
                return true;
            default:
                return false;
        }
    }

    /// <summary>Name to probability, in canonical order (angry ... neutral).</summary>
    public IReadOnlyDictionary<string, float> ToDictionary()
    {
        var map = new Dictionary<string, float>(Count);
        foreach (var emotion in All)
        {
            map[Name(emotion)] = _values[(int)emotion];
        }

        return map;
    }

    public IEnumerator<float> GetEnumerator() => ((IEnumerable<float>)_values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => string.Join(", ", All.Select(e => $"{Name(e)} {this[e]:0.000}"));
}
