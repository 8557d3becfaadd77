using System.Globalization;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace Moodtune.Training.Export;

/// <summary>
/// Rewrites of exported emotion graphs that need no checkpoint: the float reference of a QDQ model, and one network
/// of an ensemble. They let a shipped model be rebuilt from the float file kept in models/float/ (a float reference
/// is also what the product's tests compare the int8 file against on the CPU they run on).
/// </summary>
internal static class EmotionGraphs
{
    private const string QuantizationKey = "moodtune.quantization";

    /// <summary>
    /// The float model a QDQ model stands for: every DequantizeLinear of a constant (weights, biases) replaced by the
    /// float tensor it computes, every QuantizeLinear → DequantizeLinear pair on an activation removed. Its weights are
    /// the quantized ones, exactly; only the activations and the integer kernels' arithmetic differ from the int8 model.
    /// </summary>
    /// <exception cref="InvalidDataException">The graph has no QDQ nodes, or a kind this rewrite does not know.</exception>
    public static ModelProto Dequantize(ModelProto quantized)
    {
        ArgumentNullException.ThrowIfNull(quantized);
        var model = quantized.Clone();
        var graph = model.Graph;
        var initializers = graph.Initializer.ToDictionary(i => i.Name);
        var quantizedActivations = new Dictionary<string, string>(); // QuantizeLinear output → its float input
        var bypassed = new Dictionary<string, string>(); // DequantizeLinear output → the float tensor it stands for
        var kept = new List<NodeProto>();
        foreach (var node in graph.Node)
        {
            if (node.OpType == "DequantizeLinear" && initializers.TryGetValue(node.Input[0], out var constant))
            {
                var axis = node.Attribute.FirstOrDefault(a => a.Name == "axis")?.I ?? 1;
                graph.Initializer.Add(DequantizedConstant(node.Output[0], constant, initializers[node.Input[1]], initializers[node.Input[2]], axis));
                continue;
            }

            if (node.OpType == "QuantizeLinear")
            {
                quantizedActivations[node.Output[0]] = node.Input[0];
                continue;
            }

            if (node.OpType == "DequantizeLinear")
            {
                bypassed[node.Output[0]] = quantizedActivations.TryGetValue(node.Input[0], out var source)
                    ? source
                    : throw new InvalidDataException($"DequantizeLinear {node.Name} reads {node.Input[0]}, neither a constant nor a QuantizeLinear output.");
                continue;
            }

            kept.Add(node);
        }

        if (kept.Count == graph.Node.Count)
        {
            throw new InvalidDataException("The graph has no QuantizeLinear or DequantizeLinear nodes: it is float already.");
        }

        foreach (var node in kept)
        {
            for (var i = 0; i < node.Input.Count; i++)
            {
                if (bypassed.TryGetValue(node.Input[i], out var original))
                {
                    node.Input[i] = original;
                }
            }
        }

        graph.Node.Clear();
        graph.Node.Add(kept);
        RemoveUnused(graph);
        var quantization = model.MetadataProps.FirstOrDefault(p => p.Key == QuantizationKey);
        if (quantization is not null)
        {
            model.MetadataProps.Remove(quantization);
            model.MetadataProps.Add(new StringStringEntryProto { Key = "moodtune.dequantized_from", Value = quantization.Value });
        }

        return model;
    }

    /// <summary>
    /// Network <paramref name="member"/> (1-based) of an ensemble export, alone: its nodes and weights with the
    /// <c>netK_</c> prefix dropped, its calibrated softmax as <c>probabilities</c>, and the metadata of a one-network
    /// export (its own temperature and prior correction, no ensemble temperature).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">There is no such network.</exception>
    public static ModelProto ExtractMember(ModelProto ensemble, int member, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        var metadata = ensemble.MetadataProps.ToDictionary(p => p.Key, p => p.Value);
        var networks = int.Parse(metadata.GetValueOrDefault("moodtune.networks", "1"), CultureInfo.InvariantCulture);
        ArgumentOutOfRangeException.ThrowIfLessThan(member, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(member, networks);
        if (networks == 1)
        {
            return ensemble.Clone();
        }

        var model = ensemble.Clone();
        var graph = model.Graph;
        var prefix = $"net{member}_";
        var output = $"{prefix}softmax";
        var others = Enumerable.Range(1, networks).Where(k => k != member).Select(k => $"net{k}_").ToArray();
        bool OfOther(string name) => others.Any(name.StartsWith);
        string Own(string name) => name == output ? "probabilities" : name.StartsWith(prefix, StringComparison.Ordinal) ? name[prefix.Length..] : name;

        // Keep what the member's softmax depends on (the shared input normalisation and its own layers); the other
        // networks, their mean and the ensemble's calibration go.
        var producers = graph.Node.SelectMany(n => n.Output.Select(o => (o, n))).ToDictionary(p => p.o, p => p.n);
        var needed = new HashSet<NodeProto>();
        var pending = new Stack<string>([output]);
        while (pending.TryPop(out var tensor))
        {
            if (producers.TryGetValue(tensor, out var node) && needed.Add(node))
            {
                foreach (var input in node.Input)
                {
                    pending.Push(input);
                }
            }
        }

        if (needed.Count == 0 || needed.Any(n => OfOther(n.Name)))
        {
            throw new InvalidDataException($"The graph has no separate network {member} (no '{output}' apart from the others).");
        }

        var kept = graph.Node.Where(needed.Contains).ToList();
        foreach (var node in kept)
        {
            node.Name = Own(node.Name);
            for (var i = 0; i < node.Input.Count; i++)
            {
                node.Input[i] = Own(node.Input[i]);
            }

            for (var i = 0; i < node.Output.Count; i++)
            {
                node.Output[i] = Own(node.Output[i]);
            }
        }

        graph.Node.Clear();
        graph.Node.Add(kept);
        foreach (var initializer in graph.Initializer)
        {
            initializer.Name = Own(initializer.Name);
        }

        RemoveUnused(graph);
        string Nth(string key, char separator) => metadata[key].Split(separator)[member - 1];
        var entries = new Dictionary<string, string>(metadata)
        {
            ["moodtune.networks"] = "1",
            ["moodtune.temperature"] = Nth("moodtune.temperature", ','),
            ["moodtune.prior_correction"] = Nth("moodtune.prior_correction", ';'),
            ["moodtune.ensemble_temperature"] = "1",
            ["moodtune.source"] = source ?? $"network {member} of {networks}: {metadata.GetValueOrDefault("moodtune.source", "unknown")}",
        };
        model.MetadataProps.Clear();
        model.MetadataProps.Add(entries.Select(e => new StringStringEntryProto { Key = e.Key, Value = e.Value }));
        return model;
    }

    /// <summary>Drops initializers no node reads (what a rewrite left behind).</summary>
    private static void RemoveUnused(GraphProto graph)
    {
        var read = graph.Node.SelectMany(n => n.Input).ToHashSet();
        foreach (var initializer in graph.Initializer.Where(i => !read.Contains(i.Name)).ToList())
        {
            graph.Initializer.Remove(initializer);
        }
    }

    /// <summary>(q − zero point) · scale as float, per tensor or per slice along <paramref name="axis"/>.</summary>
    private static TensorProto DequantizedConstant(string name, TensorProto quantized, TensorProto scale, TensorProto zeroPoint, long axis)
    {
        var values = Integers(quantized);
        var zeros = Integers(zeroPoint);
        var scales = MemoryMarshal.Cast<byte, float>(scale.RawData.Span).ToArray();
        var dims = quantized.Dims.ToArray();
        if (axis < 0)
        {
            axis += dims.Length;
        }

        // Elements per slice along the axis, and how many slices follow each other before the axis index changes.
        var inner = scales.Length == 1 ? values.Length : dims.Skip((int)axis + 1).Aggregate(1L, (a, b) => a * b);
        var result = new float[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var channel = scales.Length == 1 ? 0 : (int)(i / inner % scales.Length);
            result[i] = (float)((values[i] - zeros[zeros.Length == 1 ? 0 : channel]) * (double)scales[channel]);
        }

        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(result.AsSpan())) };
        tensor.Dims.Add(dims);
        return tensor;
    }

    private static long[] Integers(TensorProto tensor)
    {
        var raw = tensor.RawData.Span;
        return (TensorProto.Types.DataType)tensor.DataType switch
        {
            TensorProto.Types.DataType.Int8 => [.. MemoryMarshal.Cast<byte, sbyte>(raw).ToArray().Select(v => (long)v)],
            TensorProto.Types.DataType.Uint8 => [.. raw.ToArray().Select(v => (long)v)],
            TensorProto.Types.DataType.Int32 => [.. MemoryMarshal.Cast<byte, int>(raw).ToArray().Select(v => (long)v)],
            var other => throw new InvalidDataException($"Cannot dequantize {tensor.Name}: {other} stored as raw data was expected to be int8, uint8 or int32."),
        };
    }
}
