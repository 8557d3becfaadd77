using System.Text.Json.Nodes;
using Moodtune.ModelConverter.Tfjs;

namespace Moodtune.ModelConverter.Tests;

/// <summary>Each supported TF.js op, converted alone and run in ONNX Runtime, against a loop implementation of TensorFlow's semantics.</summary>
public class TfjsOpConversionTests
{
    private const float Tolerance = 1e-5f;

    private static readonly ConversionOptions Plain = new() { OutputName = "output" };

    [Theory]
    [InlineData(8, 8, 3, 1, "SAME")]
    [InlineData(8, 8, 3, 1, "VALID")]
    [InlineData(8, 8, 3, 2, "SAME")]
    [InlineData(9, 7, 3, 2, "SAME")]
    [InlineData(9, 7, 3, 2, "VALID")]
    [InlineData(6, 6, 1, 2, "SAME")]
    [InlineData(10, 10, 4, 2, "SAME")]
    public void Conv2D_matches_TensorFlow(int height, int width, int kernel, int stride, string padding)
    {
        var x = Nhwc.Random(1, 2, height, width, 3);
        int[] hwio = [kernel, kernel, 3, 4];
        var filter = Nhwc.Random(2, hwio).Data;
        var graph = new TinyGraph()
            .Placeholder("x", -1, height, width, 3)
            .Const("w", hwio, filter)
            .Node("conv", "Conv2D", ["x", "w"], Attr.Window(stride, padding));

        var actual = Run(graph, x);

        AssertClose(NhwcReference.Conv2D(x, filter, hwio, bias: null, stride, padding), actual);
    }

    [Fact]
    public void Dilated_Conv2D_matches_TensorFlow()
    {
        var x = Nhwc.Random(1, 1, 9, 9, 2);
        int[] hwio = [3, 3, 2, 3];
        var filter = Nhwc.Random(2, hwio).Data;
        var graph = new TinyGraph()
            .Placeholder("x", -1, 9, 9, 2)
            .Const("w", hwio, filter)
            .Node("conv", "Conv2D", ["x", "w"], Attr.Window(1, "SAME", dilation: 2));

        AssertClose(NhwcReference.Conv2D(x, filter, hwio, bias: null, 1, "SAME", dilation: 2), Run(graph, x));
    }

    [Fact]
    public void Conv2D_with_explicit_padding_matches_TensorFlow()
    {
        var x = Nhwc.Random(1, 1, 5, 5, 1);
        int[] hwio = [3, 3, 1, 2];
        var filter = Nhwc.Random(2, hwio).Data;
        var attr = Attr.Window(1, "EXPLICIT");
        attr["explicit_paddings"] = Attr.Ints(0, 0, 1, 1, 1, 1, 0, 0);
        var graph = new TinyGraph()
            .Placeholder("x", -1, 5, 5, 1)
            .Const("w", hwio, filter)
            .Node("conv", "Conv2D", ["x", "w"], attr);

        // Explicit 1-pixel pads with a 3x3 kernel give the same result as SAME at stride 1.
        AssertClose(NhwcReference.Conv2D(x, filter, hwio, bias: null, 1, "SAME"), Run(graph, x));
    }

    [Theory]
    [InlineData("Relu")]
    [InlineData("Relu6")]
    [InlineData("LeakyRelu")]
    [InlineData("None")]
    public void FusedConv2D_adds_bias_then_activation(string activation)
    {
        var x = Nhwc.Random(1, 2, 8, 8, 3).Data.Select(v => v * 8).ToArray();
        var input = new Nhwc(x, [2, 8, 8, 3]);
        int[] hwio = [3, 3, 3, 5];
        var filter = Nhwc.Random(2, hwio).Data;
        var bias = Nhwc.Random(3, 5).Data;
        var attr = Attr.Window(2, "SAME");
        attr["fused_ops"] = activation == "None" ? Attr.Texts("BiasAdd") : Attr.Texts("BiasAdd", activation);
        attr["num_args"] = new JsonObject { ["i"] = "1" };
        attr["leakyrelu_alpha"] = Attr.Float(0.1f);
        var graph = new TinyGraph()
            .Placeholder("x", -1, 8, 8, 3)
            .Const("w", hwio, filter)
            .Const("b", [5], bias)
            .Node("conv", "_FusedConv2D", ["x", "w", "b"], attr);

        Func<float, float> f = activation switch
        {
            "Relu" => v => Math.Max(v, 0),
            "Relu6" => v => Math.Clamp(v, 0, 6),
            "LeakyRelu" => v => v < 0 ? 0.1f * v : v,
            _ => v => v,
        };
        var expected = NhwcReference.Map(NhwcReference.Conv2D(input, filter, hwio, bias, 2, "SAME"), f);
        AssertClose(expected, Run(graph, input));
    }

    [Fact]
    public void FusedConv2D_with_Prelu_uses_its_per_channel_slope()
    {
        var x = Nhwc.Random(1, 1, 6, 6, 2);
        int[] hwio = [1, 1, 2, 3];
        var filter = Nhwc.Random(2, hwio).Data;
        float[] bias = [0.1f, -0.2f, 0.3f];
        float[] slope = [0.5f, 0.25f, 2f];
        var attr = Attr.Window(1, "VALID");
        attr["fused_ops"] = Attr.Texts("BiasAdd", "Prelu");
        var graph = new TinyGraph()
            .Placeholder("x", -1, 6, 6, 2)
            .Const("w", hwio, filter)
            .Const("b", [3], bias)
            .Const("alpha", [3], slope)
            .Node("conv", "_FusedConv2D", ["x", "w", "b", "alpha"], attr);

        var conv = NhwcReference.Conv2D(x, filter, hwio, bias, 1, "VALID");
        var expected = conv with { Data = [.. conv.Data.Select((v, i) => v < 0 ? v * slope[i % 3] : v)] };
        AssertClose(expected, Run(graph, x));
    }

    [Theory]
    [InlineData(1, 1, "SAME")]
    [InlineData(1, 2, "SAME")]
    [InlineData(2, 1, "SAME")]
    [InlineData(2, 2, "VALID")]
    [InlineData(2, 1, "VALID")]
    public void DepthwiseConv2dNative_matches_TensorFlow(int multiplier, int stride, string padding)
    {
        var x = Nhwc.Random(1, 2, 8, 7, 3);
        int[] hwcm = [3, 3, 3, multiplier];
        var filter = Nhwc.Random(2, hwcm).Data;
        var graph = new TinyGraph()
            .Placeholder("x", -1, 8, 7, 3)
            .Const("dw", hwcm, filter)
            .Node("depthwise", "DepthwiseConv2dNative", ["x", "dw"], Attr.Window(stride, padding));

        AssertClose(NhwcReference.DepthwiseConv2D(x, filter, hwcm, stride, padding), Run(graph, x));
    }

    [Theory]
    [InlineData("MaxPool", 3, 2, "SAME", 8)]
    [InlineData("MaxPool", 3, 2, "SAME", 9)]
    [InlineData("MaxPool", 2, 2, "VALID", 8)]
    [InlineData("AvgPool", 3, 2, "SAME", 8)]
    [InlineData("AvgPool", 3, 1, "SAME", 7)]
    [InlineData("AvgPool", 3, 2, "VALID", 9)]
    public void Pooling_matches_TensorFlow(string op, int kernel, int stride, string padding, int size)
    {
        var x = Nhwc.Random(1, 2, size, size, 3);
        var attr = Attr.Window(stride, padding);
        attr["ksize"] = Attr.Ints(1, kernel, kernel, 1);
        var graph = new TinyGraph()
            .Placeholder("x", -1, size, size, 3)
            .Node("pool", op, ["x"], attr);

        AssertClose(NhwcReference.Pool(x, op == "MaxPool", kernel, stride, padding), Run(graph, x));
    }

    [Fact]
    public void AddV2_of_two_branches_and_Relu_match_TensorFlow()
    {
        var x = Nhwc.Random(1, 2, 6, 6, 2);
        var graph = new TinyGraph()
            .Placeholder("x", -1, 6, 6, 2)
            .Node("pool", "MaxPool", ["x"], WithKernel(Attr.Window(1, "SAME"), 3))
            .Node("sum", "AddV2", ["pool", "x"])
            .Node("relu", "Relu", ["sum"]);

        var expected = NhwcReference.Map(NhwcReference.Add(NhwcReference.Pool(x, max: true, 3, 1, "SAME"), x), v => Math.Max(v, 0));
        AssertClose(expected, Run(graph, x));
    }

    [Theory]
    [InlineData("Add")]
    [InlineData("BiasAdd")]
    public void Adding_a_per_channel_constant_broadcasts_over_the_image(string op)
    {
        var x = Nhwc.Random(1, 2, 4, 5, 3);
        float[] bias = [1f, -2f, 0.5f];
        var graph = new TinyGraph()
            .Placeholder("x", -1, 4, 5, 3)
            .Const("b", [3], bias)
            .Node("add", op, ["x", "b"]);

        AssertClose(NhwcReference.AddChannels(x, bias), Run(graph, x));
    }

    [Fact]
    public void Mean_over_height_and_width_then_Softmax_gives_class_probabilities()
    {
        var x = Nhwc.Random(1, 3, 5, 5, 7);
        var graph = new TinyGraph()
            .Placeholder("x", -1, 5, 5, 7)
            .ConstInts("axes", [2], [1, 2])
            .Node("mean", "Mean", ["x", "axes"], new JsonObject { ["keep_dims"] = Attr.Bool(false) })
            .Node("softmax", "Softmax", ["mean"])
            .Node("Identity", "Identity", ["softmax"]);

        var actual = Run(graph, x);

        Assert.Equal([3, 7], actual.Shape);
        AssertClose(NhwcReference.Softmax(NhwcReference.SpatialMean(x), 7), actual.Data);
    }

    [Fact]
    public void Mean_with_keep_dims_stays_an_image()
    {
        var x = Nhwc.Random(1, 2, 4, 3, 5);
        var graph = new TinyGraph()
            .Placeholder("x", -1, 4, 3, 5)
            .ConstInts("axes", [2], [1, 2])
            .Node("mean", "Mean", ["x", "axes"], new JsonObject { ["keep_dims"] = Attr.Bool(true) });

        var actual = Run(graph, x);

        Assert.Equal([2, 1, 1, 5], actual.Shape);
        AssertClose(NhwcReference.SpatialMean(x), actual.Data);
    }

    [Fact]
    public void Softmax_of_an_image_runs_over_channels()
    {
        var x = Nhwc.Random(1, 1, 2, 3, 4);
        var graph = new TinyGraph()
            .Placeholder("x", -1, 2, 3, 4)
            .Node("softmax", "Softmax", ["x"]);

        AssertClose(NhwcReference.Softmax(x.Data, 4), Run(graph, x).Data);
    }

    [Fact]
    public void Uint8_quantized_weights_decode_as_code_times_scale_plus_min()
    {
        var x = Nhwc.Random(1, 1, 5, 5, 2);
        int[] hwio = [3, 3, 2, 2];
        var codes = Enumerable.Range(0, 36).Select(i => (byte)(i * 7 % 256)).ToArray();
        const double Scale = 0.0123, Min = -1.1;
        var graph = new TinyGraph()
            .Placeholder("x", -1, 5, 5, 2)
            .ConstUint8("w", hwio, codes, Scale, Min)
            .Node("conv", "Conv2D", ["x", "w"], Attr.Window(1, "SAME"));

        var filter = codes.Select(q => (float)((q * Scale) + Min)).ToArray();
        Assert.Equal(filter, graph.Parse().Weights["w"].Floats);
        AssertClose(NhwcReference.Conv2D(x, filter, hwio, bias: null, 1, "SAME"), Run(graph, x));
    }

    [Fact]
    public void An_unsupported_op_fails_naming_the_op_and_the_node()
    {
        var graph = new TinyGraph()
            .Placeholder("x", -1, 4, 4, 1)
            .Node("model/resize/ResizeBilinear", "ResizeBilinear", ["x"]);

        var error = Assert.Throws<NotSupportedException>(() => TfjsToOnnx.Convert(graph.Parse(), Plain));

        Assert.Contains("ResizeBilinear", error.Message, StringComparison.Ordinal);
        Assert.Contains("'model/resize/ResizeBilinear'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unsupported_fused_op_fails_naming_it()
    {
        var attr = Attr.Window(1, "SAME");
        attr["fused_ops"] = Attr.Texts("FusedBatchNorm", "Relu");
        var graph = new TinyGraph()
            .Placeholder("x", -1, 4, 4, 1)
            .Const("w", [1, 1, 1, 1], [1f])
            .Node("conv", "_FusedConv2D", ["x", "w"], attr);

        var error = Assert.Throws<NotSupportedException>(() => TfjsToOnnx.Convert(graph.Parse(), Plain));

        Assert.Contains("FusedBatchNorm", error.Message, StringComparison.Ordinal);
        Assert.Contains("'conv'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nodes_out_of_order_in_the_file_are_translated_after_their_inputs()
    {
        var x = Nhwc.Random(1, 1, 4, 4, 1);
        var graph = new TinyGraph()
            .Node("relu", "Relu", ["sum"])
            .Node("sum", "AddV2", ["x", "x"])
            .Placeholder("x", -1, 4, 4, 1);

        AssertClose(NhwcReference.Map(x, v => Math.Max(2 * v, 0)), Run(graph, x));
    }

    [Theory]
    [InlineData(0, 0, 0, 0, 0, 3)] // MediaPipe's channel padding before a residual add
    [InlineData(1, 0, 0, 2, 0, 0)]
    [InlineData(1, 2, 2, 1, 1, 1)]
    public void Pad_adds_zeros_before_and_after_each_axis(int top, int bottom, int left, int right, int channelsBefore, int channelsAfter)
    {
        var x = Nhwc.Random(1, 2, 3, 3, 2);
        var graph = new TinyGraph()
            .Placeholder("x", -1, 3, 3, 2)
            .ConstInts("p", [4, 2], [0, 0, top, bottom, left, right, channelsBefore, channelsAfter])
            .Node("pad", "Pad", ["x", "p"]);

        int[] shape = [2, 3 + top + bottom, 3 + left + right, 2 + channelsBefore + channelsAfter];
        var expected = new float[shape.Aggregate(1, (a, b) => a * b)];
        for (var n = 0; n < 2; n++)
        {
            for (var y = 0; y < 3; y++)
            {
                for (var col = 0; col < 3; col++)
                {
                    for (var c = 0; c < 2; c++)
                    {
                        expected[((((((n * shape[1]) + y + top) * shape[2]) + col + left) * shape[3]) + c + channelsBefore)] = x[n, y, col, c];
                    }
                }
            }
        }

        AssertClose(new Nhwc(expected, shape), Run(graph, x));
    }

    [Fact]
    public void Reshape_to_batch_and_features_flattens_in_TensorFlow_order()
    {
        var x = Nhwc.Random(1, 2, 2, 3, 4);
        var graph = new TinyGraph()
            .Placeholder("x", -1, 2, 3, 4)
            .ConstInts("shape", [2], [-1, 24])
            .Node("flat", "Reshape", ["x", "shape"]);

        var actual = Run(graph, x);

        Assert.Equal([2, 24], actual.Shape);
        AssertClose(x.Data, actual.Data);
    }

    [Fact]
    public void Reshape_to_another_shape_fails_naming_the_node()
    {
        var graph = new TinyGraph()
            .Placeholder("x", -1, 2, 3, 4)
            .ConstInts("shape", [3], [-1, 6, 4])
            .Node("model/odd", "Reshape", ["x", "shape"]);

        var error = Assert.Throws<NotSupportedException>(() => TfjsToOnnx.Convert(graph.Parse(), Plain));

        Assert.Contains("'model/odd'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_selected_outputs_and_what_they_need_are_converted()
    {
        var x = Nhwc.Random(1, 1, 4, 4, 1);
        var graph = new TinyGraph()
            .Placeholder("x", -1, 4, 4, 1)
            .Const("w", [3, 3, 1, 2], Nhwc.Random(2, 3, 3, 1, 2).Data)
            .Node("heavy", "Conv2D", ["x", "w"], Attr.Window(1, "SAME"))
            .Node("light", "Relu", ["x"]);

        var model = TfjsToOnnx.Convert(graph.Parse(), Plain with { Outputs = ["light"] });

        Assert.DoesNotContain(model.Graph.Node, n => n.OpType == "Conv");
        AssertClose(NhwcReference.Map(x, v => Math.Max(v, 0)), OnnxRunner.Run(model, (ModelContract.InputName, x)));
        var error = Assert.Throws<ArgumentException>(() => TfjsToOnnx.Convert(graph.Parse(), Plain with { Outputs = ["missing"] }));
        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
    }

    private static JsonObject WithKernel(JsonObject attr, int kernel)
    {
        attr["ksize"] = Attr.Ints(1, kernel, kernel, 1);
        return attr;
    }

    private static Nhwc Run(TinyGraph graph, Nhwc x)
    {
        TfjsGraphModel model = graph.Parse();
        return OnnxRunner.Run(TfjsToOnnx.Convert(model, Plain), (ModelContract.InputName, x));
    }

    private static void AssertClose(Nhwc expected, Nhwc actual)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        AssertClose(expected.Data, actual.Data);
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= Tolerance * Math.Max(1, expected.Max(Math.Abs)), $"max |expected - actual| = {worst}");
    }
}
