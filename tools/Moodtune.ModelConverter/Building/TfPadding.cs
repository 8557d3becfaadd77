namespace Moodtune.ModelConverter.Building;

public enum TfPaddingKind
{
    Same,
    Valid,
    Explicit,
}

/// <summary>TensorFlow's padding modes, resolved to the explicit pads ONNX wants.</summary>
public sealed record TfPadding(TfPaddingKind Kind, int Top = 0, int Bottom = 0, int Left = 0, int Right = 0)
{
    public static TfPadding Same { get; } = new(TfPaddingKind.Same);

    public static TfPadding Valid { get; } = new(TfPaddingKind.Valid);

    /// <param name="padding">The op's padding attribute: SAME, VALID or EXPLICIT.</param>
    /// <param name="explicitPaddings">For EXPLICIT: before/after pairs per NHWC dimension (8 numbers).</param>
    public static TfPadding Parse(string? padding, IReadOnlyList<int> explicitPaddings) => padding switch
    {
        "SAME" => Same,
        "VALID" => Valid,
        "EXPLICIT" when explicitPaddings.Count == 8 =>
            new(TfPaddingKind.Explicit, explicitPaddings[2], explicitPaddings[3], explicitPaddings[4], explicitPaddings[5]),
        _ => throw new NotSupportedException($"Padding '{padding ?? "(none)"}' with {explicitPaddings.Count} explicit values is not supported."),
    };

    /// <summary>
    /// Pads and output size along one spatial axis. TensorFlow's SAME gives ceil(input / stride) outputs and puts the odd
    /// padding pixel after the data (bottom/right), which is ONNX's SAME_UPPER, not SAME_LOWER.
    /// </summary>
    /// <returns>Pads before and after, and the output size; all -1 when the input size is unknown and the pads depend on it.</returns>
    public (int Before, int After, int Output) Resolve(int input, int kernel, int stride, int dilation, bool vertical)
    {
        var effectiveKernel = ((kernel - 1) * dilation) + 1;
        switch (Kind)
        {
            case TfPaddingKind.Same when input < 0:
                return (-1, -1, -1);
            case TfPaddingKind.Same:
            {
                var output = (input + stride - 1) / stride;
                var total = Math.Max(((output - 1) * stride) + effectiveKernel - input, 0);
                return (total / 2, total - (total / 2), output);
            }

            case TfPaddingKind.Valid:
                return (0, 0, input < 0 ? -1 : ((input - effectiveKernel) / stride) + 1);
            default:
            {
                var (before, after) = vertical ? (Top, Bottom) : (Left, Right);
                return (before, after, input < 0 ? -1 : ((input + before + after - effectiveKernel) / stride) + 1);
            }
        }
    }
}
