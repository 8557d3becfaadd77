using TorchSharp;
using static TorchSharp.torch;

namespace Moodtune.Training.Model;

/// <summary>
/// An exponential moving average of a network's weights and BatchNorm statistics, updated after every optimizer step
/// (Polyak averaging, as timm's ModelEmaV2 keeps it): the averaged network is the one scored, chosen and exported. The
/// decay warms up as min(decay, (1 + step) / (10 + step)) so the first steps' random weights fade fast.
/// </summary>
internal sealed class WeightAverage : IDisposable
{
    private readonly double decay;
    private readonly List<(Tensor Average, Tensor Source)> pairs;

    /// <summary>Starts the average at <paramref name="source"/>'s weights, or at those saved in <paramref name="weightsFile"/>.</summary>
    public WeightAverage(EmotionNet source, double decay, string? weightsFile = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(decay);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(decay, 1);
        this.decay = decay;
        Network = new EmotionNet(source.Width, (int)source.Head.weight!.shape[0]);
        if (weightsFile is null)
        {
            Network.load_state_dict(source.state_dict());
        }
        else
        {
            Network.load(weightsFile);
        }

        Network.to(source.Head.weight.device);
        Network.eval();
        var averages = Network.state_dict();
        pairs = [.. source.state_dict().Select(p => (averages[p.Key], p.Value))];
    }

    public EmotionNet Network { get; }

    /// <summary>The decay after <paramref name="step"/> optimizer steps (0-based).</summary>
    public static double DecayAt(double decay, long step) => Math.Min(decay, (1.0 + step) / (10.0 + step));

    /// <summary>average ← d · average + (1 − d) · source, for every weight and running statistic.</summary>
    public void Update(long step)
    {
        var d = DecayAt(decay, step);
        using var noGrad = no_grad();
        // Scalars held to the end of the update (see EmotionNet.forward).
        using var keep = d.ToScalar();
        using var take = (1 - d).ToScalar();
        foreach (var (average, source) in pairs)
        {
            average.mul_(keep).add_(source, alpha: take);
        }
    }

    public void Dispose() => Network.Dispose();
}
