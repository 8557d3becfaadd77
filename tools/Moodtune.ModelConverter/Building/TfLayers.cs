using Moodtune.ModelConverter.Tfjs;
using Onnx;

namespace Moodtune.ModelConverter.Building;

/// <summary>
/// TensorFlow layers with TensorFlow semantics, emitted as ONNX nodes on NCHW values. Both the graph translator and the
/// hand-written face-api network build through these, so layout and padding rules live in one place.
/// </summary>
public sealed class TfLayers(OnnxGraphBuilder onnx)
{
    private readonly Dictionary<(string Name, bool Nchw), TfValue> constants = [];

    public OnnxGraphBuilder Onnx => onnx;

    /// <summary>Declares a graph input. A 4-D NHWC input becomes an NCHW ONNX input; -1 marks the batch dimension.</summary>
    public TfValue Input(string name, IReadOnlyList<int> shape)
    {
        var value = new TfValue(name, shape, shape.Count == 4);
        onnx.AddInput(name, value.OnnxShape);
        return value;
    }

    public void Output(TfValue value, string name)
    {
        onnx.RenameValue(value.Name, name);
        onnx.AddOutput(name, value.OnnxShape);
    }

    /// <summary>(x - mean) / std per channel, the preprocessing most image models bake into their callers.</summary>
    public TfValue Normalize(TfValue x, IReadOnlyList<float> mean, IReadOnlyList<float> std, string name)
    {
        var channels = RequireImage(x, name)[3];
        if (mean.Count != channels || std.Count != channels)
        {
            throw new ArgumentException($"Normalisation of '{name}' needs {channels} mean and std values, got {mean.Count} and {std.Count}.");
        }

        var meanName = onnx.AddInitializer($"{name}/mean", mean.ToArray(), 1, channels, 1, 1);
        var stdName = onnx.AddInitializer($"{name}/std", std.ToArray(), 1, channels, 1, 1);
        var centred = onnx.AddNode("Sub", $"{name}/sub", [x.Name, meanName]);
        return x with { Name = onnx.AddNode("Div", name, [centred, stdName]) };
    }

    /// <param name="filter">TensorFlow HWIO filter.</param>
    public TfValue Conv2D(TfValue x, TfjsTensor filter, TfjsTensor? bias, ConvSpec spec, TfActivation activation, string name)
    {
        var shape = RequireImage(x, name);
        var f = RequireRank(filter, 4, name);
        if (shape[3] >= 0 && shape[3] != f[2])
        {
            throw new InvalidDataException($"'{name}': input has {shape[3]} channels but filter '{filter.Name}' expects {f[2]}.");
        }

        var weights = onnx.AddInitializer($"{filter.Name}/oihw", TensorLayout.HwioToOihw(filter.RequireFloats(), f), f[3], f[2], f[0], f[1]);
        return Convolution(x, weights, bias, f[0], f[1], f[3], group: 1, spec, activation, name);
    }

    /// <param name="filter">TensorFlow depthwise filter H,W,C,M (channel multiplier M).</param>
    public TfValue DepthwiseConv2D(TfValue x, TfjsTensor filter, TfjsTensor? bias, ConvSpec spec, TfActivation activation, string name)
    {
        var shape = RequireImage(x, name);
        var f = RequireRank(filter, 4, name);
        if (shape[3] >= 0 && shape[3] != f[2])
        {
            throw new InvalidDataException($"'{name}': input has {shape[3]} channels but depthwise filter '{filter.Name}' expects {f[2]}.");
        }

        var weights = onnx.AddInitializer($"{filter.Name}/oihw", TensorLayout.DepthwiseHwcmToOihw(filter.RequireFloats(), f), f[2] * f[3], 1, f[0], f[1]);
        return Convolution(x, weights, bias, f[0], f[1], f[2] * f[3], group: f[2], spec, activation, name);
    }

    /// <summary>tf.separableConv2d: depthwise with the given stride and padding, then a 1x1 pointwise conv.</summary>
    public TfValue SeparableConv2D(TfValue x, TfjsTensor depthwise, TfjsTensor pointwise, TfjsTensor? bias, ConvSpec spec, TfActivation activation, string name)
    {
        var mid = DepthwiseConv2D(x, depthwise, bias: null, spec, TfActivation.None, $"{name}/depthwise");
        return Conv2D(mid, pointwise, bias, ConvSpec.Valid(1), activation, name);
    }

    public TfValue MaxPool(TfValue x, int kernelH, int kernelW, ConvSpec spec, string name) =>
        Pool("MaxPool", x, kernelH, kernelW, spec, name);

    /// <summary>TensorFlow's average pool leaves padded cells out of the count, as ONNX does with count_include_pad=0.</summary>
    public TfValue AvgPool(TfValue x, int kernelH, int kernelW, ConvSpec spec, string name) =>
        Pool("AveragePool", x, kernelH, kernelW, spec, name, OnnxAttributes.OfInt("count_include_pad", 0));

    public TfValue Activation(TfValue x, TfActivation activation, string name)
    {
        var output = activation.Kind switch
        {
            TfActivationKind.None => x.Name,
            TfActivationKind.Relu => onnx.AddNode("Relu", name, [x.Name]),
            TfActivationKind.Relu6 => onnx.AddNode("Clip", name, [x.Name, onnx.AddInitializer($"{name}/min", [0f]), onnx.AddInitializer($"{name}/max", [6f])]),
            TfActivationKind.LeakyRelu => onnx.AddNode("LeakyRelu", name, [x.Name], OnnxAttributes.OfFloat("alpha", activation.Alpha)),
            TfActivationKind.Prelu => onnx.AddNode("PRelu", name, [x.Name, Constant(activation.Slope ?? throw new ArgumentException($"Prelu '{name}' has no slope."), x).Name]),
            TfActivationKind.Elu => onnx.AddNode("Elu", name, [x.Name], OnnxAttributes.OfFloat("alpha", 1f)),
            TfActivationKind.Sigmoid => onnx.AddNode("Sigmoid", name, [x.Name]),
            TfActivationKind.Tanh => onnx.AddNode("Tanh", name, [x.Name]),
            _ => throw new NotSupportedException($"Activation {activation.Kind} of '{name}' is not supported."),
        };
        return x with { Name = output };
    }

    /// <summary>
    /// A weight as an operand of <paramref name="like"/>. Next to an NCHW value it is right-aligned to rank 4 as
    /// TensorFlow broadcasts it, then transposed, so a per-channel [C] vector becomes [1,C,1,1].
    /// </summary>
    public TfValue Constant(TfjsTensor tensor, TfValue like)
    {
        if (constants.TryGetValue((tensor.Name, like.IsNchw), out var cached))
        {
            return cached;
        }

        var values = tensor.RequireFloats();
        TfValue value;
        if (like.IsNchw && tensor.Shape.Count > 0)
        {
            if (tensor.Shape.Count > 4)
            {
                throw new NotSupportedException($"Constant '{tensor.Name}' of rank {tensor.Shape.Count} cannot broadcast against an image.");
            }

            int[] nhwc = [.. Enumerable.Repeat(1, 4 - tensor.Shape.Count), .. tensor.Shape];
            var nchw = TensorLayout.Transpose(values, nhwc, [0, 3, 1, 2]);
            var name = onnx.AddInitializer($"{tensor.Name}/nchw", nchw, nhwc[0], nhwc[3], nhwc[1], nhwc[2]);
            value = new TfValue(name, nhwc, IsNchw: true);
        }
        else
        {
            var name = onnx.AddInitializer(tensor.Name, values, [.. tensor.Shape.Select(d => (long)d)]);
            value = new TfValue(name, tensor.Shape, IsNchw: false);
        }

        constants[(tensor.Name, like.IsNchw)] = value;
        return value;
    }

    /// <summary>An elementwise ONNX op (Add, Sub, Mul, Div, Max, Min) with TensorFlow broadcasting.</summary>
    public TfValue Binary(string onnxOp, TfValue a, TfValue b, string name)
    {
        var aIsScalar = a.Rank == 0;
        var bIsScalar = b.Rank == 0;
        if (a.IsNchw != b.IsNchw && !aIsScalar && !bIsScalar)
        {
            throw new NotSupportedException($"'{name}' ({onnxOp}) mixes an image with a rank-{(a.IsNchw ? b.Rank : a.Rank)} tensor, which is not supported.");
        }

        var rank = Math.Max(a.Rank, b.Rank);
        var shape = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            var da = i - (rank - a.Rank) >= 0 ? a.Shape[i - (rank - a.Rank)] : 1;
            var db = i - (rank - b.Rank) >= 0 ? b.Shape[i - (rank - b.Rank)] : 1;
            shape[i] = da == 1 ? db : db == 1 ? da : Math.Max(da, db);
        }

        return new TfValue(onnx.AddNode(onnxOp, name, [a.Name, b.Name]), shape, a.IsNchw || b.IsNchw);
    }

    public TfValue AddBias(TfValue x, TfjsTensor bias, string name) => Binary("Add", x, Constant(bias, x), name);

    /// <summary>tf.mean over height and width, i.e. global average pooling.</summary>
    public TfValue SpatialMean(TfValue x, bool keepDims, string name)
    {
        var shape = RequireImage(x, name);
        var pooled = onnx.AddNode("GlobalAveragePool", keepDims ? name : $"{name}/pool", [x.Name]);
        return keepDims
            ? new TfValue(pooled, [shape[0], 1, 1, shape[3]], IsNchw: true)
            : new TfValue(onnx.AddNode("Flatten", name, [pooled], OnnxAttributes.OfInt("axis", 1)), [shape[0], shape[3]], IsNchw: false);
    }

    /// <summary>ReduceMean over TensorFlow axes; an image keeps its layout only when the reduced axes are kept.</summary>
    public TfValue Mean(TfValue x, IReadOnlyList<int> axes, bool keepDims, string name)
    {
        var normalized = axes.Select(a => a < 0 ? a + x.Rank : a).Distinct().Order().ToArray();
        if (x.IsNchw && normalized.SequenceEqual([1, 2]))
        {
            return SpatialMean(x, keepDims, name);
        }

        if (x.IsNchw && !keepDims)
        {
            throw new NotSupportedException($"'{name}': Mean over axes [{string.Join(',', axes)}] of an image without keep_dims is not supported.");
        }

        int[] toOnnx = [0, 2, 3, 1];
        var onnxAxes = normalized.Select(a => (long)(x.IsNchw ? toOnnx[a] : a)).ToArray();
        var output = onnx.AddNode("ReduceMean", name, [x.Name], OnnxAttributes.OfInts("axes", onnxAxes), OnnxAttributes.OfInt("keepdims", keepDims ? 1 : 0));
        var shape = keepDims
            ? x.Shape.Select((d, i) => normalized.Contains(i) ? 1 : d).ToArray()
            : x.Shape.Where((_, i) => !normalized.Contains(i)).ToArray();
        return new TfValue(output, shape, x.IsNchw);
    }

    /// <summary>Softmax over TensorFlow's last axis, which is ONNX's channel axis for an image.</summary>
    public TfValue Softmax(TfValue x, string name) =>
        x with { Name = onnx.AddNode("Softmax", name, [x.Name], OnnxAttributes.OfInt("axis", x.IsNchw ? 1 : -1)) };

    /// <summary>Reshape to [N, -1] in TensorFlow's element order (NHWC), as face-api's <c>as2D</c> does.</summary>
    public TfValue FlattenNhwc(TfValue x, string name)
    {
        var input = x.Name;
        if (x.IsNchw && !(x.Shape[1] == 1 && x.Shape[2] == 1))
        {
            // With 1x1 spatial size NCHW and NHWC orders coincide; otherwise restore TensorFlow's order first.
            input = onnx.AddNode("Transpose", $"{name}/nhwc", [input], OnnxAttributes.OfInts("perm", 0, 2, 3, 1));
        }

        var size = x.Shape.Skip(1).Any(d => d < 0) ? -1 : x.Shape.Skip(1).Aggregate(1, (a, b) => a * b);
        return new TfValue(onnx.AddNode("Flatten", name, [input], OnnxAttributes.OfInt("axis", 1)), [x.Shape[0], size], IsNchw: false);
    }

    /// <summary>
    /// tf.pad with zeros. <paramref name="paddings"/> is TensorFlow's [rank, 2] list of (before, after) per axis; for an
    /// image it is reordered to the NCHW axes ONNX holds. MediaPipe's networks use it to widen the channels of a
    /// residual's shortcut.
    /// </summary>
    public TfValue Pad(TfValue x, IReadOnlyList<int> paddings, string name)
    {
        if (paddings.Count != 2 * x.Rank || paddings.Any(p => p < 0))
        {
            throw new NotSupportedException($"{name}: paddings [{string.Join(',', paddings)}] do not fit a rank-{x.Rank} value (only zero or positive padding is supported).");
        }

        int[] axes = x.IsNchw ? [0, 3, 1, 2] : [.. Enumerable.Range(0, x.Rank)];
        var pads = new long[2 * x.Rank];
        for (var i = 0; i < x.Rank; i++)
        {
            pads[i] = paddings[2 * axes[i]];
            pads[x.Rank + i] = paddings[(2 * axes[i]) + 1];
        }

        var padsName = onnx.AddInt64Initializer($"{name}/pads", pads, pads.Length);
        var shape = x.Shape.Select((d, i) => d < 0 ? d : d + paddings[2 * i] + paddings[(2 * i) + 1]).ToArray();
        return x with { Name = onnx.AddNode("Pad", name, [x.Name, padsName]), Shape = shape };
    }

    /// <summary>x [N,K] times weights [K,M] plus bias: a fully connected layer.</summary>
    public TfValue MatMul(TfValue x, TfjsTensor weights, bool transposeWeights, TfjsTensor? bias, TfActivation activation, string name)
    {
        if (x.IsNchw || x.Rank != 2)
        {
            throw new NotSupportedException($"'{name}': MatMul needs a rank-2 input, got rank {x.Rank}.");
        }

        var w = RequireRank(weights, 2, name);
        var inputs = new List<string> { x.Name, onnx.AddInitializer(weights.Name, weights.RequireFloats(), w[0], w[1]) };
        if (bias is not null)
        {
            inputs.Add(onnx.AddInitializer(bias.Name, bias.RequireFloats(), [.. bias.Shape.Select(d => (long)d)]));
        }

        var output = onnx.AddNode("Gemm", activation.Kind == TfActivationKind.None ? name : $"{name}/gemm", inputs, OnnxAttributes.OfInt("transB", transposeWeights ? 1 : 0));
        var value = new TfValue(output, [x.Shape[0], transposeWeights ? w[0] : w[1]], IsNchw: false);
        return Activation(value, activation, name);
    }

    private TfValue Convolution(TfValue x, string weights, TfjsTensor? bias, int kernelH, int kernelW, int outChannels, int group, ConvSpec spec, TfActivation activation, string name)
    {
        List<string> inputs = [x.Name, weights];
        if (bias is not null)
        {
            if (bias.ElementCount != outChannels)
            {
                throw new InvalidDataException($"'{name}': bias '{bias.Name}' has {bias.ElementCount} values for {outChannels} output channels.");
            }

            inputs.Add(onnx.AddInitializer(bias.Name, bias.RequireFloats(), outChannels));
        }

        var (attributes, height, width) = Window(x, kernelH, kernelW, spec, name);
        attributes.Add(OnnxAttributes.OfInts("dilations", spec.DilationH, spec.DilationW));
        attributes.Add(OnnxAttributes.OfInt("group", group));
        var convName = activation.Kind == TfActivationKind.None ? name : $"{name}/conv";
        var conv = new TfValue(onnx.AddNode("Conv", convName, inputs, attributes), [x.Shape[0], height, width, outChannels], IsNchw: true);
        return Activation(conv, activation, name);
    }

    private TfValue Pool(string onnxOp, TfValue x, int kernelH, int kernelW, ConvSpec spec, string name, params IEnumerable<AttributeProto> extra)
    {
        if (spec.DilationH != 1 || spec.DilationW != 1)
        {
            throw new NotSupportedException($"'{name}': dilated pooling is not supported.");
        }

        var (attributes, height, width) = Window(x, kernelH, kernelW, spec, name);
        attributes.AddRange(extra);
        return new TfValue(onnx.AddNode(onnxOp, name, [x.Name], attributes), [x.Shape[0], height, width, x.Shape[3]], IsNchw: true);
    }

    private static (List<AttributeProto> Attributes, int Height, int Width) Window(TfValue x, int kernelH, int kernelW, ConvSpec spec, string name)
    {
        var shape = RequireImage(x, name);
        var (top, bottom, height) = spec.Padding.Resolve(shape[1], kernelH, spec.StrideH, spec.DilationH, vertical: true);
        var (left, right, width) = spec.Padding.Resolve(shape[2], kernelW, spec.StrideW, spec.DilationW, vertical: false);
        List<AttributeProto> attributes =
        [
            OnnxAttributes.OfInts("kernel_shape", kernelH, kernelW),
            OnnxAttributes.OfInts("strides", spec.StrideH, spec.StrideW),
        ];

        // Unknown spatial size leaves SAME's pads to the runtime; SAME_UPPER is TensorFlow's rule (odd pixel at the end).
        attributes.Add(top < 0 || left < 0
            ? OnnxAttributes.OfString("auto_pad", "SAME_UPPER")
            : OnnxAttributes.OfInts("pads", top, left, bottom, right));
        return (attributes, height, width);
    }

    private static IReadOnlyList<int> RequireImage(TfValue x, string name) =>
        x.IsNchw ? x.Shape : throw new NotSupportedException($"'{name}' needs a 4-D NHWC image input, got shape [{string.Join(',', x.Shape)}].");

    private static IReadOnlyList<int> RequireRank(TfjsTensor tensor, int rank, string name) =>
        tensor.Shape.Count == rank ? tensor.Shape : throw new InvalidDataException($"'{name}': weight '{tensor.Name}' has rank {tensor.Shape.Count}, expected {rank}.");
}
