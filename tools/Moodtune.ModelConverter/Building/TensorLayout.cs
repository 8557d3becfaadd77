namespace Moodtune.ModelConverter.Building;

/// <summary>Moves weight data between TensorFlow's layouts and ONNX's.</summary>
public static class TensorLayout
{
    /// <summary>Transposes a dense row-major tensor: output dimension i is input dimension <paramref name="perm"/>[i].</summary>
    public static float[] Transpose(ReadOnlySpan<float> data, IReadOnlyList<int> shape, IReadOnlyList<int> perm)
    {
        var rank = shape.Count;
        var inStrides = new int[rank];
        for (int i = rank - 1, stride = 1; i >= 0; i--)
        {
            inStrides[i] = stride;
            stride *= shape[i];
        }

        var outShape = perm.Select(p => shape[p]).ToArray();
        var result = new float[data.Length];
        var index = new int[rank];
        for (var o = 0; o < result.Length; o++)
        {
            var source = 0;
            for (var i = 0; i < rank; i++)
            {
                source += index[i] * inStrides[perm[i]];
            }

            result[o] = data[source];
            for (var i = rank - 1; i >= 0 && ++index[i] == outShape[i]; i--)
            {
                index[i] = 0;
            }
        }

        return result;
    }

    /// <summary>Conv2D filters: TensorFlow HWIO to ONNX OIHW.</summary>
    public static float[] HwioToOihw(ReadOnlySpan<float> data, IReadOnlyList<int> hwio) => Transpose(data, hwio, [3, 2, 0, 1]);

    /// <summary>
    /// Depthwise filters: TensorFlow H,W,C,M to ONNX grouped-conv (C*M),1,H,W. Output channel c*M+m of both is input
    /// channel c times multiplier m, so the channel order needs no shuffling.
    /// </summary>
    public static float[] DepthwiseHwcmToOihw(ReadOnlySpan<float> data, IReadOnlyList<int> hwcm) =>
        Transpose(data, [hwcm[0], hwcm[1], hwcm[2] * hwcm[3]], [2, 0, 1]);
}
