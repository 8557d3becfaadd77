using System.Text.Json.Nodes;
using Moodtune.ModelConverter.Building;
using Moodtune.ModelConverter.Tfjs;
using Onnx;

namespace Moodtune.ModelConverter;

/// <summary>
/// face-api.js's FaceExpressionNet rebuilt from its weights manifest. The manifest holds only weights; the layer layout
/// follows the package's FaceFeatureExtractor.ts, denseBlock.ts, depthwiseSeparableConv.ts and FaceProcessor.ts.
/// </summary>
public static class FaceApiExpressionNet
{
    public const int InputSize = 112;

    public static ModelProto Load(string manifestPath, ConversionOptions options)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))?.AsArray() ?? throw new InvalidDataException($"'{manifestPath}' is empty.");
        return Build(TfjsWeights.Decode(manifest, path => File.ReadAllBytes(Path.Combine(folder, path))), options);
    }

    public static ModelProto Build(IReadOnlyDictionary<string, TfjsTensor> weights, ConversionOptions options)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(options);
        var layers = new TfLayers(new OnnxGraphBuilder("face_expression_net"));
        TfjsTensor W(string name) => weights.TryGetValue(name, out var t) ? t : throw new InvalidDataException($"The face-api manifest has no weight '{name}'.");

        var x = layers.Input(options.InputName ?? ModelContract.InputName, [-1, InputSize, InputSize, 3]);
        if (options.Mean is not null && options.Std is not null)
        {
            x = layers.Normalize(x, options.Mean, options.Std, "normalized");
        }

        x = DenseBlock4(layers, W, x, "dense0", isFirstLayer: true);
        x = DenseBlock4(layers, W, x, "dense1", isFirstLayer: false);
        x = DenseBlock4(layers, W, x, "dense2", isFirstLayer: false);
        x = DenseBlock4(layers, W, x, "dense3", isFirstLayer: false);
        x = layers.AvgPool(x, 7, 7, ConvSpec.Valid(2), "features");

        var logits = layers.MatMul(layers.FlattenNhwc(x, "features/flat"), W("fc/weights"), transposeWeights: false, W("fc/bias"), TfActivation.None, "fc");
        layers.Output(layers.Softmax(logits, "softmax"), options.OutputName ?? ModelContract.OutputName);
        return layers.Onnx.Build(ModelContract.ConverterVersion, options.Description, options.Metadata);
    }

    /// <summary>denseBlock4 from denseBlock.ts: four convolutions, each fed the sum of all earlier outputs, additions in face-api's order.</summary>
    private static TfValue DenseBlock4(TfLayers layers, Func<string, TfjsTensor> w, TfValue x, string prefix, bool isFirstLayer)
    {
        var out1 = isFirstLayer
            ? layers.Conv2D(x, w($"{prefix}/conv0/filters"), w($"{prefix}/conv0/bias"), ConvSpec.Same(2), TfActivation.Relu, $"{prefix}/conv0")
            : SeparableConv(layers, w, x, $"{prefix}/conv0", stride: 2, TfActivation.Relu);
        var out2 = SeparableConv(layers, w, out1, $"{prefix}/conv1", stride: 1, TfActivation.None);

        var in3 = layers.Activation(layers.Binary("Add", out1, out2, $"{prefix}/in3/add"), TfActivation.Relu, $"{prefix}/in3");
        var out3 = SeparableConv(layers, w, in3, $"{prefix}/conv2", stride: 1, TfActivation.None);

        var sum23 = layers.Binary("Add", out2, out3, $"{prefix}/in4/add23");
        var in4 = layers.Activation(layers.Binary("Add", out1, sum23, $"{prefix}/in4/add"), TfActivation.Relu, $"{prefix}/in4");
        var out4 = SeparableConv(layers, w, in4, $"{prefix}/conv3", stride: 1, TfActivation.None);

        var sum34 = layers.Binary("Add", out3, out4, $"{prefix}/out/add34");
        var sum234 = layers.Binary("Add", out2, sum34, $"{prefix}/out/add234");
        return layers.Activation(layers.Binary("Add", out1, sum234, $"{prefix}/out/add"), TfActivation.Relu, $"{prefix}/out");
    }

    /// <summary>depthwiseSeparableConv.ts: separable conv with SAME padding, then the bias.</summary>
    private static TfValue SeparableConv(TfLayers layers, Func<string, TfjsTensor> w, TfValue x, string prefix, int stride, TfActivation activation) =>
        layers.SeparableConv2D(x, w($"{prefix}/depthwise_filter"), w($"{prefix}/pointwise_filter"), w($"{prefix}/bias"), ConvSpec.Same(stride), activation, prefix);
}
