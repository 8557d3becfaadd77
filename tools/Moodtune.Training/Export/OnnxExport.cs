using System.Globalization;
using Google.Protobuf;
using Moodtune.ModelConverter.Building;
using Moodtune.Training.Data;
using Moodtune.Training.Model;
using static TorchSharp.torch;

namespace Moodtune.Training.Export;

/// <summary>
/// Writes a trained <see cref="EmotionNet"/> as ONNX in Moodtune's emotion-model contract (models/README.md): input
/// `input` [batch, 1, 48, 48] gray 0..255, output `probabilities` [batch, 7] in FER order. BatchNorm is folded into
/// the convolutions (eval mode: running statistics), dropout disappears; the logits are divided by the calibration
/// temperature before the softmax (metadata `moodtune.temperature`).
/// </summary>
internal static class OnnxExport
{
    public static void Write(EmotionNet net, string path, string source, double temperature = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(temperature);
        var builder = new OnnxGraphBuilder("moodtune_emotion_net");
        builder.AddInput("input", [-1, 1, FerImages.Size, FerImages.Size]);
        var x = builder.AddNode("Mul", "scaled", ["input", builder.AddInitializer("input_scale", [EmotionNet.InputScale])]);
        x = builder.AddNode("Add", "normalized", [x, builder.AddInitializer("input_shift", [EmotionNet.InputShift])]);

        for (var i = 0; i < net.Layers.Count; i++)
        {
            var (weight, bias, shape) = Fold(net.Layers[i]);
            x = builder.AddNode(
                "Conv",
                $"conv{i}",
                [x, builder.AddInitializer($"conv{i}_weight", weight, shape), builder.AddInitializer($"conv{i}_bias", bias, shape[0])],
                OnnxAttributes.OfInts("kernel_shape", shape[2], shape[3]),
                OnnxAttributes.OfInts("pads", 1, 1, 1, 1),
                OnnxAttributes.OfInts("strides", 1, 1));
            x = builder.AddNode("Relu", $"relu{i}", [x]);
            if (i % 2 == 1)
            {
                x = builder.AddNode("MaxPool", $"pool{i / 2}", [x], OnnxAttributes.OfInts("kernel_shape", 2, 2), OnnxAttributes.OfInts("strides", 2, 2));
            }
        }

        x = builder.AddNode("GlobalAveragePool", "gap", [x]);
        x = builder.AddNode("Flatten", "features", [x], OnnxAttributes.OfInt("axis", 1));
        var headWeight = Floats(net.Head.weight!);
        var headBias = Floats(net.Head.bias!);
        x = builder.AddNode(
            "Gemm",
            "logits",
            [x, builder.AddInitializer("head_weight", headWeight, headBias.Length, headWeight.Length / headBias.Length), builder.AddInitializer("head_bias", headBias, headBias.Length)],
            OnnxAttributes.OfInt("transB", 1));
        if (temperature != 1)
        {
            x = builder.AddNode("Mul", "calibrated", [x, builder.AddInitializer("inverse_temperature", [(float)(1 / temperature)])]);
        }

        x = builder.AddNode("Softmax", "softmax", [x], OnnxAttributes.OfInt("axis", 1));
        builder.RenameValue(x, "probabilities");
        builder.AddOutput("probabilities", [-1, FerImages.Classes.Length]);

        var metadata = new Dictionary<string, string>
        {
            ["moodtune.classes"] = string.Join(',', FerImages.Classes),
            ["moodtune.color"] = "gray",
            ["moodtune.gray_weights"] = "0.2989,0.5870,0.1140",
            ["moodtune.input_size"] = FerImages.Size.ToString(CultureInfo.InvariantCulture),
            ["moodtune.source"] = source,
            ["moodtune.license"] = "trained by Moodtune on FER2013 (research use)",
            ["moodtune.converter"] = "Moodtune.Training",
            ["moodtune.temperature"] = temperature.ToString("R", CultureInfo.InvariantCulture),
        };
        var model = builder.Build("1.0", $"EmotionNet width {net.Width}, trained with TorchSharp", metadata);
        model.ProducerName = "Moodtune.Training";
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var file = File.Create(path);
        model.WriteTo(file);
    }

    // Conv (no bias) then BatchNorm in eval mode: y = gamma * (conv(x) - mean) / sqrt(var + eps) + beta.
    private static (float[] Weight, float[] Bias, long[] Shape) Fold(EmotionNet.ConvBnRelu layer)
    {
        var weight = Floats(layer.Conv.weight!);
        var shape = layer.Conv.weight!.shape;
        var gamma = Floats(layer.Norm.weight!);
        var beta = Floats(layer.Norm.bias!);
        var mean = Floats(layer.Norm.running_mean!);
        var variance = Floats(layer.Norm.running_var!);
        var perOutput = weight.Length / gamma.Length;
        var bias = new float[gamma.Length];
        for (var o = 0; o < gamma.Length; o++)
        {
            var factor = gamma[o] / Math.Sqrt(variance[o] + EmotionNet.BatchNormEps);
            for (var k = 0; k < perOutput; k++)
            {
                weight[(o * perOutput) + k] = (float)(weight[(o * perOutput) + k] * factor);
            }

            bias[o] = (float)(beta[o] - (mean[o] * factor));
        }

        return (weight, bias, shape);
    }

    private static float[] Floats(Tensor tensor)
    {
        using var noGrad = no_grad();
        using var contiguous = tensor.detach().cpu().contiguous();
        return contiguous.data<float>().ToArray();
    }
}
