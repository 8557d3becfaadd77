namespace Moodtune.ModelConverter.Building;

/// <summary>
/// A TensorFlow value living in the ONNX graph. <see cref="Shape"/> is the TensorFlow shape (NHWC for images, -1 for an
/// unknown size); when <see cref="IsNchw"/> is set, the ONNX value holds that 4-D tensor transposed to NCHW.
/// </summary>
public sealed record TfValue(string Name, IReadOnlyList<int> Shape, bool IsNchw)
{
    public int Rank => Shape.Count;

    /// <summary>The shape of the ONNX value: NHWC is reported as NCHW.</summary>
    public IReadOnlyList<int> OnnxShape => IsNchw ? [Shape[0], Shape[3], Shape[1], Shape[2]] : Shape;
}
