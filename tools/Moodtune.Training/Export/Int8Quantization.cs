using System.Globalization;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Moodtune.Training.Data;
using Onnx;

namespace Moodtune.Training.Export;

/// <summary>
/// Static int8 quantization of an exported <see cref="Model.EmotionNet"/> graph in ONNX's QDQ form: per-channel
/// symmetric 8-bit weights stored as uint8 around a zero point of 128, int32 biases, uint8 activations whose ranges
/// are the minimum and maximum seen on calibration images. ONNX Runtime fuses each DequantizeLinear → Conv → Relu →
/// QuantizeLinear group into one QLinearConv and runs the max-pools on uint8; the head (pooling, Gemm, softmax) stays
/// in float.
/// Why uint8 weights (u8u8) and not int8 (u8s8): ONNX Runtime's u8s8 kernel on x86-64 CPUs without VNNI (AVX2)
/// multiplies with VPMADDUBSW, which adds two uint8 × int8 products into a saturating int16 (2 · 255 · 127 overflows
/// it); the shipped u8s8 model lost 1.2 points of val accuracy on an AVX2 EPYC (69.4% → 68.2%, and picked the float
/// model's class for 87% of val images) while VNNI and ARM64 kernels, which accumulate in int32, did not. Its u8u8
/// kernels widen to 16 bits first (VPMADDWD on AVX2) and are exact on every CPU. Measured on that AVX2 CPU against the
/// other cure, 7-bit int8 weights (ONNX Runtime's reduce_range): u8u8 about 10% slower per face, but it keeps the
/// eighth bit: one network picks the float class for 99.5% of val against 98.9% (models/README.md).
/// Written here because ONNX Runtime's quantization tool is Python only, and our graphs are simple enough (Conv, Relu,
/// MaxPool) that the QDQ rewrite is a page.
/// </summary>
internal static class Int8Quantization
{
    /// <summary>The largest weight level either side of <see cref="WeightZeroPoint"/>: 8-bit symmetric.</summary>
    public const int WeightLevels = 127;

    /// <summary>uint8 weights sit around 128, so ±<see cref="WeightLevels"/> spans 1..255.</summary>
    public const byte WeightZeroPoint = 128;

    /// <summary>The float graph with QuantizeLinear/DequantizeLinear pairs, calibrated on the given images.</summary>
    /// <param name="calibration">Training images, never val.</param>
    public static ModelProto Quantize(ModelProto model, FerImages calibration)
    {
        ArgumentOutOfRangeException.ThrowIfZero(calibration.Count);
        var graph = model.Graph;
        var convs = graph.Node.Where(n => n.OpType == "Conv").ToList();
        if (convs.Count == 0)
        {
            throw new InvalidDataException("The graph has no Conv to quantize.");
        }

        // Activations quantized: what the convolutions read that no Relu or MaxPool made (the normalised input), and
        // every Relu output.
        var producers = graph.Node.ToDictionary(n => n.Output[0], n => n.OpType);
        List<string> activations = [.. convs.Select(c => c.Input[0]).Distinct().Where(i => producers.GetValueOrDefault(i) is not ("Relu" or "MaxPool"))];
        activations.AddRange(graph.Node.Where(n => n.OpType == "Relu").Select(n => n.Output[0]));
        var ranges = Calibrate(model, activations, calibration);
        var quantized = model.Clone();
        Rewrite(quantized.Graph, ranges);
        foreach (var stale in quantized.MetadataProps.Where(p => p.Key is "moodtune.quantization" or "moodtune.dequantized_from").ToList())
        {
            quantized.MetadataProps.Remove(stale);
        }

        quantized.MetadataProps.Add(new StringStringEntryProto
        {
            Key = "moodtune.quantization",
            Value = string.Create(CultureInfo.InvariantCulture, $"int8 QDQ (u8u8, exact on AVX2, VNNI and ARM64): per-channel symmetric 8-bit weights as uint8 around {WeightZeroPoint}, uint8 activations (min/max over {calibration.Count} train images)"),
        });
        return quantized;
    }

    private static Dictionary<string, (float Min, float Max)> Calibrate(ModelProto model, List<string> tensors, FerImages images)
    {
        var probe = model.Clone();
        foreach (var tensor in tensors)
        {
            probe.Graph.Output.Add(new ValueInfoProto { Name = tensor });
        }

        using var session = new InferenceSession(probe.ToByteArray());
        var ranges = tensors.ToDictionary(t => t, _ => (Min: 0f, Max: 0f));
        foreach (var (_, count, pixels) in images.FloatBatches(64))
        {
            using var input = OrtValue.CreateTensorValueFromMemory(pixels, [count, 1, FerImages.Size, FerImages.Size]);
            using var runOptions = new RunOptions();
            using var outputs = session.Run(runOptions, ["input"], [input], [.. tensors]);
            for (var k = 0; k < tensors.Count; k++)
            {
                var (min, max) = ranges[tensors[k]];
                foreach (var v in outputs[k].GetTensorDataAsSpan<float>())
                {
                    min = Math.Min(min, v);
                    max = Math.Max(max, v);
                }

                ranges[tensors[k]] = (min, max);
            }
        }

        return ranges;
    }

    private static void Rewrite(GraphProto graph, Dictionary<string, (float Min, float Max)> ranges)
    {
        var parameters = ranges.ToDictionary(r => r.Key, r => ActivationParameters(r.Value.Min, r.Value.Max));
        var initializers = graph.Initializer.ToDictionary(i => i.Name);
        var renamed = new Dictionary<string, string>();
        var nodes = new List<NodeProto>();
        foreach (var node in graph.Node)
        {
            var source = node.Input.Count == 0 ? string.Empty : node.Input[0]; // its name before the rewiring below
            for (var i = 0; i < node.Input.Count; i++)
            {
                if (renamed.TryGetValue(node.Input[i], out var dequantized))
                {
                    node.Input[i] = dequantized;
                }
            }

            if (node.OpType == "Conv")
            {
                QuantizeConvParameters(graph, node, initializers, parameters[source].Scale, nodes);
            }

            nodes.Add(node);
            var output = node.Output[0];
            if (parameters.TryGetValue(output, out var own))
            {
                renamed[output] = AddQdq(graph, output, own, nodes);
            }
            else if (node.OpType == "MaxPool" && parameters.TryGetValue(source, out var pooled))
            {
                // The same parameters on both sides of the pool, so ONNX Runtime runs it on the uint8 values.
                parameters[output] = pooled;
                renamed[output] = AddQdq(graph, output, pooled, nodes);
            }
        }

        graph.Node.Clear();
        graph.Node.Add(nodes);
    }

    /// <summary>uint8 with the range widened to include 0 (so zero, the Relu floor and the padding, is exact).</summary>
    private static (float Scale, byte ZeroPoint) ActivationParameters(float min, float max)
    {
        min = Math.Min(min, 0);
        max = Math.Max(max, 0);
        var scale = max > min ? (max - min) / 255f : 1f;
        return (scale, (byte)Math.Clamp(Math.Round(-min / scale), 0, 255));
    }

    private static string AddQdq(GraphProto graph, string tensor, (float Scale, byte ZeroPoint) parameters, List<NodeProto> nodes)
    {
        var scale = AddInitializer(graph, $"{tensor}_scale", TensorProto.Types.DataType.Float, BitConverter.GetBytes(parameters.Scale));
        var zeroPoint = AddInitializer(graph, $"{tensor}_zero_point", TensorProto.Types.DataType.Uint8, [parameters.ZeroPoint]);
        nodes.Add(new NodeProto { OpType = "QuantizeLinear", Name = $"{tensor}_quantize", Input = { tensor, scale, zeroPoint }, Output = { $"{tensor}_quantized" } });
        nodes.Add(new NodeProto { OpType = "DequantizeLinear", Name = $"{tensor}_dequantize", Input = { $"{tensor}_quantized", scale, zeroPoint }, Output = { $"{tensor}_dequantized" } });
        return $"{tensor}_dequantized";
    }

    /// <summary>Weights to uint8 per output channel (symmetric around <see cref="WeightZeroPoint"/>), the bias to int32 at input scale × weight scale.</summary>
    private static void QuantizeConvParameters(GraphProto graph, NodeProto conv, Dictionary<string, TensorProto> initializers, float inputScale, List<NodeProto> nodes)
    {
        var weight = initializers[conv.Input[1]];
        var bias = initializers[conv.Input[2]];
        var w = MemoryMarshal.Cast<byte, float>(weight.RawData.Span).ToArray();
        var b = MemoryMarshal.Cast<byte, float>(bias.RawData.Span).ToArray();
        var outputs = (int)weight.Dims[0];
        var perOutput = w.Length / outputs;
        var quantizedWeights = new byte[w.Length];
        var weightScales = new float[outputs];
        var quantizedBias = new int[outputs];
        var biasScales = new float[outputs];
        for (var o = 0; o < outputs; o++)
        {
            var max = 0f;
            for (var k = 0; k < perOutput; k++)
            {
                max = Math.Max(max, Math.Abs(w[(o * perOutput) + k]));
            }

            weightScales[o] = max > 0 ? max / WeightLevels : 1f;
            for (var k = 0; k < perOutput; k++)
            {
                quantizedWeights[(o * perOutput) + k] = (byte)(WeightZeroPoint + Math.Clamp(Math.Round(w[(o * perOutput) + k] / weightScales[o]), -WeightLevels, WeightLevels));
            }

            biasScales[o] = inputScale * weightScales[o];
            quantizedBias[o] = (int)Math.Clamp(Math.Round(b[o] / biasScales[o]), int.MinValue, int.MaxValue);
        }

        var axis = new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 0 };
        var weightInputs = new[]
        {
            AddInitializer(graph, $"{weight.Name}_uint8", TensorProto.Types.DataType.Uint8, quantizedWeights, [.. weight.Dims]),
            AddInitializer(graph, $"{weight.Name}_scale", TensorProto.Types.DataType.Float, MemoryMarshal.AsBytes(weightScales.AsSpan()).ToArray(), outputs),
            AddInitializer(graph, $"{weight.Name}_zero_point", TensorProto.Types.DataType.Uint8, Enumerable.Repeat(WeightZeroPoint, outputs).ToArray(), outputs),
        };
        var biasInputs = new[]
        {
            AddInitializer(graph, $"{bias.Name}_int32", TensorProto.Types.DataType.Int32, MemoryMarshal.AsBytes(quantizedBias.AsSpan()).ToArray(), outputs),
            AddInitializer(graph, $"{bias.Name}_scale", TensorProto.Types.DataType.Float, MemoryMarshal.AsBytes(biasScales.AsSpan()).ToArray(), outputs),
            AddInitializer(graph, $"{bias.Name}_zero_point", TensorProto.Types.DataType.Int32, new byte[outputs * sizeof(int)], outputs),
        };
        nodes.Add(new NodeProto { OpType = "DequantizeLinear", Name = $"{weight.Name}_dequantize", Input = { weightInputs }, Output = { $"{weight.Name}_dequantized" }, Attribute = { axis } });
        nodes.Add(new NodeProto { OpType = "DequantizeLinear", Name = $"{bias.Name}_dequantize", Input = { biasInputs }, Output = { $"{bias.Name}_dequantized" }, Attribute = { axis.Clone() } });
        conv.Input[1] = $"{weight.Name}_dequantized";
        conv.Input[2] = $"{bias.Name}_dequantized";
        graph.Initializer.Remove(weight);
        graph.Initializer.Remove(bias);
    }

    private static string AddInitializer(GraphProto graph, string name, TensorProto.Types.DataType type, byte[] raw, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(raw) };
        tensor.Dims.Add(dims);
        graph.Initializer.Add(tensor);
        return name;
    }
}
