using System.Globalization;
using Google.Protobuf;
using Moodtune.ModelConverter.Building;
using Moodtune.Training.Data;
using Moodtune.Training.Model;
using Onnx;
using static TorchSharp.torch;

namespace Moodtune.Training.Export;

/// <summary>
/// Writes trained <see cref="EmotionNet"/>s as one ONNX model in Moodtune's emotion-model contract (models/README.md):
/// input `input` [batch, 1, 48, 48] gray 0..255, output `probabilities` [batch, 7] in FER order. BatchNorm is folded
/// into the convolutions (eval mode: running statistics), dropout disappears; each network's logits get its prior
/// correction and are divided by its calibration temperature before the softmax (metadata `moodtune.prior_correction`,
/// `moodtune.temperature`, one value per network); several networks share the input and their probabilities are
/// averaged (`Mean`), so an ensemble costs one session and one preprocessing.
/// </summary>
internal static class OnnxExport
{
    // ITU-R BT.601 luma, as the product turns camera crops gray.
    private const string GrayWeights = "0.2989,0.5870,0.1140";

    /// <summary>One network and what turns its logits into calibrated probabilities: softmax((logits + correction) / T).</summary>
    public sealed record Member(EmotionNet Net, float[] Correction, double Temperature);

    /// <param name="ensembleTemperature">
    /// For several networks: the temperature of their averaged probabilities, softmax(ln p̄ / T) (averaging calibrated
    /// networks makes an underconfident ensemble, so it is calibrated again after pooling).
    /// </param>
    /// <param name="int8Calibration">When given, the graph is quantized to int8 (<see cref="Int8Quantization"/>), its activation ranges measured on these images.</param>
    public static void Write(IReadOnlyList<Member> members, string path, string source, double ensembleTemperature = 1, FerImages? int8Calibration = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ensembleTemperature);
        ArgumentOutOfRangeException.ThrowIfZero(members.Count);
        var builder = new OnnxGraphBuilder("moodtune_emotion_net");
        var normalized = AddScaledInput(builder, FerImages.Size);
        var outputs = new List<string>();
        for (var k = 0; k < members.Count; k++)
        {
            outputs.Add(AddMember(builder, members[k], normalized, members.Count == 1 ? string.Empty : $"net{k + 1}_"));
        }

        var probabilities = members.Count == 1 ? outputs[0] : builder.AddNode("Mean", "mean", outputs);
        if (members.Count > 1 && ensembleTemperature != 1)
        {
            var logs = builder.AddNode("Log", "mean_log", [probabilities]);
            logs = builder.AddNode("Mul", "mean_calibrated", [logs, builder.AddInitializer("ensemble_inverse_temperature", [(float)(1 / ensembleTemperature)])]);
            probabilities = builder.AddNode("Softmax", "ensemble_softmax", [logs], OnnxAttributes.OfInt("axis", 1));
        }

        builder.RenameValue(probabilities, "probabilities");
        builder.AddOutput("probabilities", [-1, FerImages.Classes.Length]);

        var metadata = new Dictionary<string, string>
        {
            ["moodtune.classes"] = string.Join(',', FerImages.Classes),
            ["moodtune.color"] = "gray",
            ["moodtune.gray_weights"] = GrayWeights,
            ["moodtune.input_size"] = FerImages.Size.ToString(CultureInfo.InvariantCulture),
            ["moodtune.source"] = source,
            ["moodtune.license"] = "trained by Moodtune on FER2013 (research use)",
            ["moodtune.converter"] = "Moodtune.Training",
            ["moodtune.networks"] = members.Count.ToString(CultureInfo.InvariantCulture),
            ["moodtune.temperature"] = string.Join(',', members.Select(m => m.Temperature.ToString("R", CultureInfo.InvariantCulture))),
            ["moodtune.ensemble_temperature"] = (members.Count == 1 ? 1 : ensembleTemperature).ToString("R", CultureInfo.InvariantCulture),
            ["moodtune.prior_correction"] = string.Join(';', members.Select(m => string.Join(',', m.Correction.Select(c => c.ToString("R", CultureInfo.InvariantCulture))))),
        };
        var widths = string.Join(", ", members.Select(m => m.Net.Width).Distinct());
        var model = builder.Build("1.0", $"{(members.Count == 1 ? "EmotionNet" : $"{members.Count} EmotionNets")} width {widths}, trained with TorchSharp", metadata);
        model.ProducerName = "Moodtune.Training";
        if (int8Calibration is not null)
        {
            model = Int8Quantization.Quantize(model, int8Calibration);
        }

        Save(model, path);
    }

    /// <summary>
    /// Writes a face verifier (<see cref="Vision.Detection.FaceVerifier"/>'s contract): input `input` [batch, 1, 32, 32]
    /// gray 0..255, output `probabilities` [batch, 2] (face, other), its threshold in metadata. Float: the network is
    /// small enough that int8 would save little, and float behaves the same on every CPU.
    /// </summary>
    public static void WriteVerifier(EmotionNet net, string path, float threshold, string source)
    {
        var size = Vision.Detection.FaceVerifier.InputSize;
        var builder = new OnnxGraphBuilder("moodtune_face_verifier");
        var normalized = AddScaledInput(builder, size);
        var probabilities = AddMember(builder, new Member(net, [0f, 0f], 1), normalized, string.Empty);
        builder.RenameValue(probabilities, "probabilities");
        builder.AddOutput("probabilities", [-1, 2]);
        var metadata = new Dictionary<string, string>
        {
            ["moodtune.classes"] = "face,other",
            ["moodtune.color"] = "gray",
            ["moodtune.gray_weights"] = GrayWeights,
            ["moodtune.input_size"] = size.ToString(CultureInfo.InvariantCulture),
            ["moodtune.face_threshold"] = threshold.ToString("R", CultureInfo.InvariantCulture),
            ["moodtune.source"] = source,
            ["moodtune.license"] = "trained by Moodtune on FER2013 (research use) and the no-person-train pictures of tools/detect-sets.sh (models/README.md)",
            ["moodtune.converter"] = "Moodtune.Training",
        };
        var model = builder.Build("1.0", $"Face verifier: EmotionNet width {net.Width}, 2 classes, trained with TorchSharp", metadata);
        model.ProducerName = "Moodtune.Training";
        Save(model, path);
    }

    // The input tensor [batch, 1, size, size] of gray 0..255 and the scaling to [-1, 1] every network here starts with.
    private static string AddScaledInput(OnnxGraphBuilder builder, int size)
    {
        builder.AddInput("input", [-1, 1, size, size]);
        var x = builder.AddNode("Mul", "scaled", ["input", builder.AddInitializer("input_scale", [EmotionNet.InputScale])]);
        return builder.AddNode("Add", "normalized", [x, builder.AddInitializer("input_shift", [EmotionNet.InputShift])]);
    }

    private static void Save(ModelProto model, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var file = File.Create(path);
        model.WriteTo(file);
    }

    private static string AddMember(OnnxGraphBuilder builder, Member member, string input, string prefix)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(member.Temperature);
        ArgumentOutOfRangeException.ThrowIfNotEqual(member.Correction.Length, (int)member.Net.Head.weight!.shape[0]);
        var net = member.Net;
        var x = input;
        for (var i = 0; i < net.Layers.Count; i++)
        {
            var (weight, bias, shape) = Fold(net.Layers[i]);
            x = builder.AddNode(
                "Conv",
                $"{prefix}conv{i}",
                [x, builder.AddInitializer($"{prefix}conv{i}_weight", weight, shape), builder.AddInitializer($"{prefix}conv{i}_bias", bias, shape[0])],
                OnnxAttributes.OfInts("kernel_shape", shape[2], shape[3]),
                OnnxAttributes.OfInts("pads", 1, 1, 1, 1),
                OnnxAttributes.OfInts("strides", 1, 1));
            x = builder.AddNode("Relu", $"{prefix}relu{i}", [x]);
            if (i % 2 == 1)
            {
                x = builder.AddNode("MaxPool", $"{prefix}pool{i / 2}", [x], OnnxAttributes.OfInts("kernel_shape", 2, 2), OnnxAttributes.OfInts("strides", 2, 2));
            }
        }

        x = builder.AddNode("GlobalAveragePool", $"{prefix}gap", [x]);
        x = builder.AddNode("Flatten", $"{prefix}features", [x], OnnxAttributes.OfInt("axis", 1));
        var headWeight = Floats(net.Head.weight!);
        var headBias = Floats(net.Head.bias!);
        x = builder.AddNode(
            "Gemm",
            $"{prefix}logits",
            [x, builder.AddInitializer($"{prefix}head_weight", headWeight, headBias.Length, headWeight.Length / headBias.Length), builder.AddInitializer($"{prefix}head_bias", headBias, headBias.Length)],
            OnnxAttributes.OfInt("transB", 1));
        if (member.Correction.Any(c => c != 0))
        {
            x = builder.AddNode("Add", $"{prefix}corrected", [x, builder.AddInitializer($"{prefix}prior_correction", member.Correction, member.Correction.Length)]);
        }

        if (member.Temperature != 1)
        {
            x = builder.AddNode("Mul", $"{prefix}calibrated", [x, builder.AddInitializer($"{prefix}inverse_temperature", [(float)(1 / member.Temperature)])]);
        }

        return builder.AddNode("Softmax", $"{prefix}softmax", [x], OnnxAttributes.OfInt("axis", 1));
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
