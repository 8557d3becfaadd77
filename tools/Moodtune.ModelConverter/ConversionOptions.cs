namespace Moodtune.ModelConverter;

/// <summary>How a converted model is named, what preprocessing it bakes in, and what metadata it carries.</summary>
public sealed record ConversionOptions
{
    /// <summary>Name for the single graph input; null keeps the source name.</summary>
    public string? InputName { get; init; } = ModelContract.InputName;

    /// <summary>Name for the single graph output; null keeps the source name.</summary>
    public string? OutputName { get; init; } = ModelContract.OutputName;

    /// <summary>The graph outputs to keep (node names); empty keeps them all. Unused heads are left out of the model.</summary>
    public IReadOnlyList<string> Outputs { get; init; } = [];

    /// <summary>Per-channel (x - mean) / std applied to the input inside the graph; null for none.</summary>
    public IReadOnlyList<float>? Mean { get; init; }

    /// <inheritdoc cref="Mean"/>
    public IReadOnlyList<float>? Std { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Metadata { get; init; } = [];

    public string Description { get; init; } = string.Empty;
}
