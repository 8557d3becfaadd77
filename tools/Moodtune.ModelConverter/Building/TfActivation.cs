using Moodtune.ModelConverter.Tfjs;

namespace Moodtune.ModelConverter.Building;

public enum TfActivationKind
{
    None,
    Relu,
    Relu6,
    LeakyRelu,
    Prelu,
    Elu,
    Sigmoid,
    Tanh,
}

/// <summary>An activation applied after a layer; <see cref="Alpha"/> is LeakyRelu's slope, <see cref="Slope"/> Prelu's per-channel one.</summary>
public sealed record TfActivation(TfActivationKind Kind, float Alpha = 0f, TfjsTensor? Slope = null)
{
    public static TfActivation None { get; } = new(TfActivationKind.None);

    public static TfActivation Relu { get; } = new(TfActivationKind.Relu);
}
