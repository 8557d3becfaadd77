using Moodtune.Mood;

namespace Moodtune.Music.Recommendation;

/// <summary>What the playlist should do to the listener's mood.</summary>
public enum Strategy
{
    /// <summary>Songs near the current mood.</summary>
    Match,

    /// <summary>The iso principle of music therapy: start at the current mood, then step towards a positive one.</summary>
    Uplift,

    /// <summary>From the current mood towards low arousal and positive valence.</summary>
    Calm,

    /// <summary>From the current mood towards high arousal and positive valence.</summary>
    Energize,
}

/// <summary>Where each strategy leads, and the path a playlist takes there.</summary>
public static class StrategyPath
{
    /// <summary>Content and bright: the end of an uplifting playlist.</summary>
    public static readonly MoodPoint UpliftGoal = new(0.75f, 0.35f);

    /// <summary>Serene, relaxed (Russell's "calm" and "relaxed" sit at about 316 degrees).</summary>
    public static readonly MoodPoint CalmGoal = new(0.45f, -0.6f);

    /// <summary>Excited and glad (Russell's "excited" sits at about 49 degrees, high on arousal).</summary>
    public static readonly MoodPoint EnergizeGoal = new(0.55f, 0.8f);

    /// <summary>
    /// Where each goal sits on PAD's dominance axis. Content and excited are mildly in control (happy, the most dominant of
    /// the seven expressions, is 0.46); relaxed is barely so. A path moves there from the listener's own dominance.
    /// </summary>
    public static float GoalDominance(Strategy strategy, float current) => strategy switch
    {
        Strategy.Match => current,
        Strategy.Uplift => 0.3f,
        Strategy.Calm => 0.1f,
        Strategy.Energize => 0.35f,
        _ => throw new ArgumentOutOfRangeException(nameof(strategy)),
    };

    public static MoodPoint Goal(Strategy strategy, MoodPoint current) => strategy switch
    {
        Strategy.Match => current,
        Strategy.Uplift => UpliftGoal,
        Strategy.Calm => CalmGoal,
        Strategy.Energize => EnergizeGoal,
        _ => throw new ArgumentOutOfRangeException(nameof(strategy)),
    };

    /// <summary>
    /// The target of each position: the first song meets the listener where they are, later songs move steadily
    /// towards the goal, and the last quarter of the playlist stays there.
    /// </summary>
    public static MoodPoint[] Targets(Strategy strategy, MoodPoint current, int count)
    {
        var goal = Goal(strategy, current);
        var targets = new MoodPoint[count];
        for (var i = 0; i < count; i++)
        {
            targets[i] = current.Towards(goal, Progress(i, count));
        }

        return targets;
    }

    /// <summary>The dominance each position aims for, on the same schedule as <see cref="Targets"/>.</summary>
    public static float[] DominanceTargets(Strategy strategy, float current, int count)
    {
        var goal = GoalDominance(strategy, current);
        var targets = new float[count];
        for (var i = 0; i < count; i++)
        {
            targets[i] = current + ((goal - current) * Progress(i, count));
        }

        return targets;
    }

    private static float Progress(int position, int count) =>
        Math.Min(1f, (float)position / Math.Max(1, (int)MathF.Ceiling(count * 0.75f) - 1));

    public static bool TryParse(string? text, out Strategy strategy) =>
        Enum.TryParse(text?.Trim(), ignoreCase: true, out strategy) && Enum.IsDefined(strategy);
}
