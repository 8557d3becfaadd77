using System.Runtime.InteropServices;
using Moodtune.Training.Data;
using Moodtune.Training.Model;
using Onnx;
using static TorchSharp.torch;

namespace Moodtune.Training.Export;

/// <summary>
/// The float network of a one-network export back as <see cref="EmotionNet"/> weights, so that a network whose
/// checkpoint is gone (only its ONNX file is left, models/float/) can teach on a GPU (<c>--teacher-weights</c>) or be
/// exported again. The export folded each BatchNorm into its convolution; the import keeps the folded weights in the
/// convolution and gives BatchNorm the folded bias with a unit scale (running mean 0, running variance 1 − eps), so in
/// eval mode the network computes exactly what the ONNX graph computes. Prior correction and temperature stay in the
/// ONNX metadata: <c>export</c> and the teachers compute them again from the data, as for any checkpoint.
/// </summary>
internal static class OnnxImport
{
    private const int ConvLayers = 8;

    /// <summary>Builds the network a one-network float export holds.</summary>
    /// <exception cref="InvalidDataException">Not a float one-network EmotionNet export (int8, an ensemble, another model).</exception>
    public static EmotionNet ToNetwork(ModelProto model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var graph = model.Graph;
        if (graph.Node.Any(n => n.OpType is "QuantizeLinear" or "DequantizeLinear"))
        {
            throw new InvalidDataException("The model is int8 (QDQ): write its float reference with `dequantize` first.");
        }

        // The weights are the inputs of the nodes the export names conv0..conv7 and logits (a dequantized file renames
        // the tensors, not the nodes).
        var initializers = graph.Initializer.ToDictionary(i => i.Name);
        var nodes = graph.Node.Where(n => !string.IsNullOrEmpty(n.Name)).GroupBy(n => n.Name).ToDictionary(g => g.Key, g => g.First());
        if (!nodes.TryGetValue("conv0", out var first))
        {
            throw new InvalidDataException(nodes.ContainsKey("net1_conv0")
                ? "The model is an ensemble: take one network out with `extract --network K` (or `import --network K`)."
                : "The model is not an EmotionNet export (no node conv0).");
        }

        TensorProto Input(string node, int index) =>
            nodes.TryGetValue(node, out var found) && found.Input.Count > index && initializers.TryGetValue(found.Input[index], out var tensor)
                ? tensor
                : throw new InvalidDataException($"The model has no constant input {index} of a node {node}: not an EmotionNet export of this layout.");

        var width = (int)Input(first.Name, 1).Dims[0];
        var net = new EmotionNet(width, FerImages.Classes.Length);
        try
        {
            using var noGrad = no_grad();
            for (var i = 0; i < ConvLayers; i++)
            {
                var layer = net.Layers[i];
                Copy(Input($"conv{i}", 1), layer.Conv.weight!);
                Copy(Input($"conv{i}", 2), layer.Norm.bias!);
                layer.Norm.weight!.fill_(1);
                layer.Norm.running_mean!.zero_();
                layer.Norm.running_var!.fill_(1 - EmotionNet.BatchNormEps);
            }

            Copy(Input("logits", 1), net.Head.weight!);
            Copy(Input("logits", 2), net.Head.bias!);
        }
        catch
        {
            net.Dispose();
            throw;
        }

        return net;
    }

    private static void Copy(TensorProto from, Tensor to)
    {
        if (from.DataType != (int)TensorProto.Types.DataType.Float)
        {
            throw new InvalidDataException($"{from.Name} is {(TensorProto.Types.DataType)from.DataType}, not float.");
        }

        float[] values = from.RawData.IsEmpty ? [.. from.FloatData] : MemoryMarshal.Cast<byte, float>(from.RawData.Span).ToArray();
        if (!from.Dims.SequenceEqual(to.shape) || values.Length != to.numel())
        {
            throw new InvalidDataException($"{from.Name} has shape [{string.Join(", ", from.Dims)}], the network wants [{string.Join(", ", to.shape)}].");
        }

        using var source = tensor(values, to.shape);
        to.copy_(source);
    }
}
