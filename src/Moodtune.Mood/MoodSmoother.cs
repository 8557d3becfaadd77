namespace Moodtune.Mood;

/// <summary>How expression readings are smoothed over time (bound from the "Smoothing" configuration section by the web app).</summary>
public sealed record SmoothingOptions
{
    /// <summary>Half-life of the exponential moving average of the probabilities: a reading this old counts half as much as a new one.</summary>
    public TimeSpan HalfLife { get; init; } = TimeSpan.FromMilliseconds(600);

    /// <summary>A new stable mood must lead the current one by this much probability...</summary>
    public float SwitchMargin { get; init; } = 0.1f;

    /// <summary>...without interruption for this long, before the stable mood changes (hysteresis: no flicker).</summary>
    public TimeSpan SwitchHold { get; init; } = TimeSpan.FromMilliseconds(900);

    /// <summary>After this long without a reading the average starts afresh rather than blending with old news.</summary>
    public TimeSpan ForgetAfter { get; init; } = TimeSpan.FromSeconds(10);
}

/// <summary>The smoothed state after a reading.</summary>
/// <param name="Probabilities">The moving average of the readings.</param>
/// <param name="Stable">The mood the application acts on; it changes only after a clear, lasting lead.</param>
/// <param name="Estimate">Where the smoothed probabilities sit in valence/arousal space, named the stable mood, with its probability as the confidence.</param>
/// <param name="StableChanged">Whether this reading changed the stable mood.</param>
public sealed record SmoothedMood(EmotionProbabilities Probabilities, Emotion Stable, MoodEstimate Estimate, bool StableChanged, DateTimeOffset StableSince);

/// <summary>
/// Turns a stream of noisy per-frame probabilities into a mood that settles within about two seconds and does not flicker:
/// a time-aware exponential moving average (frames may arrive at any rate) plus hysteresis on the stable mood.
/// One instance per listener session; not thread-safe (a session's frames arrive one at a time).
/// </summary>
public sealed class MoodSmoother(SmoothingOptions? options = null)
{
    private readonly SmoothingOptions _options = options ?? new SmoothingOptions();
    private readonly float[] _average = new float[EmotionProbabilities.Count];
    private DateTimeOffset? _last;
    private Emotion _stable = Emotion.Neutral;
    private DateTimeOffset _stableSince;
    private Emotion? _challenger;
    private DateTimeOffset _challengerSince;

    public SmoothedMood? Current { get; private set; }

    public SmoothedMood Update(EmotionProbabilities reading, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(reading);
        if (_last is not DateTimeOffset last || at - last > _options.ForgetAfter)
        {
            for (var i = 0; i < _average.Length; i++)
            {
                _average[i] = reading[i];
            }

            _stable = reading.Top;
            _stableSince = at;
            _challenger = null;
        }
        else
        {
            var elapsed = Math.Max(0, (at - last).TotalSeconds);
            var weight = (float)(1 - Math.Pow(0.5, elapsed / _options.HalfLife.TotalSeconds));
            for (var i = 0; i < _average.Length; i++)
            {
                _average[i] += weight * (reading[i] - _average[i]);
            }
        }

        _last = at;
        var smoothed = EmotionProbabilities.FromScores(_average);
        var changed = Hysteresis(smoothed, at);
        Current = new SmoothedMood(smoothed, _stable, Circumplex.Locate(smoothed, _stable), changed, _stableSince);
        return Current;
    }

    private bool Hysteresis(EmotionProbabilities smoothed, DateTimeOffset at)
    {
        var top = smoothed.Top;
        if (top == _stable || smoothed[top] - smoothed[_stable] < _options.SwitchMargin)
        {
            _challenger = null;
            return false;
        }

        if (_challenger != top)
        {
            (_challenger, _challengerSince) = (top, at);
        }

        if (at - _challengerSince < _options.SwitchHold)
        {
            return false;
        }

        (_stable, _stableSince, _challenger) = (top, at, null);
        return true;
    }
}
