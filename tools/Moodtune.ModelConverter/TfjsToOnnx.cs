using Moodtune.ModelConverter.Building;
using Moodtune.ModelConverter.Tfjs;
using Onnx;

namespace Moodtune.ModelConverter;

/// <summary>Translates a TF.js graph model op by op into an NCHW ONNX model.</summary>
public sealed class TfjsToOnnx
{
    private readonly TfjsGraphModel model;
    private readonly ConversionOptions options;
    private readonly TfLayers layers;
    private readonly Dictionary<string, TfjsNode> nodes;
    private readonly Dictionary<string, TfValue> values = new(StringComparer.Ordinal);

    private TfjsToOnnx(TfjsGraphModel model, ConversionOptions options)
    {
        this.model = model;
        this.options = options;
        layers = new TfLayers(new OnnxGraphBuilder("tfjs"));
        nodes = model.Nodes.ToDictionary(n => n.Name, StringComparer.Ordinal);
    }

    public static ModelProto Convert(TfjsGraphModel model, ConversionOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        return new TfjsToOnnx(model, options).Run();
    }

    private ModelProto Run()
    {
        var outputs = SelectedOutputs();
        var order = TopologicalOrder(outputs);
        var placeholders = order.Count(n => n.Op == "Placeholder");
        foreach (var node in order)
        {
            Translate(node, renameInput: placeholders == 1);
        }

        foreach (var output in outputs)
        {
            var name = outputs.Count == 1 && options.OutputName is not null ? options.OutputName : output;
            layers.Output(Value(output), name);
        }

        return layers.Onnx.Build(ModelContract.ConverterVersion, options.Description, options.Metadata);
    }

    /// <summary>The model's outputs, or those of them <see cref="ConversionOptions.Outputs"/> names, in its order.</summary>
    private List<string> SelectedOutputs()
    {
        if (options.Outputs is not { Count: > 0 } wanted)
        {
            return [.. model.Outputs];
        }

        var unknown = wanted.Where(w => !model.Outputs.Contains(w, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"The model has no output {string.Join(", ", unknown)}; its outputs are {string.Join(", ", model.Outputs)}.");
        }

        return [.. model.Outputs.Where(o => wanted.Contains(o, StringComparer.Ordinal))];
    }

    /// <summary>Only nodes the outputs depend on, each after its inputs; ties keep the file's order so output is reproducible.</summary>
    private List<TfjsNode> TopologicalOrder(IEnumerable<string> outputs)
    {
        var needed = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>(outputs);
        while (stack.TryPop(out var name))
        {
            if (!nodes.TryGetValue(name, out var node))
            {
                throw new InvalidDataException($"The graph refers to node '{name}', which it does not define.");
            }

            if (needed.Add(name))
            {
                foreach (var input in node.Inputs)
                {
                    stack.Push(input);
                }
            }
        }

        var pending = model.Nodes.Where(n => needed.Contains(n.Name)).ToList();
        var done = new HashSet<string>(StringComparer.Ordinal);
        var order = new List<TfjsNode>(pending.Count);
        while (pending.Count > 0)
        {
            var ready = pending.FindIndex(n => n.Inputs.All(done.Contains));
            if (ready < 0)
            {
                throw new InvalidDataException($"The graph has a cycle through '{pending[0].Name}'.");
            }

            order.Add(pending[ready]);
            done.Add(pending[ready].Name);
            pending.RemoveAt(ready);
        }

        return order;
    }

    private void Translate(TfjsNode node, bool renameInput)
    {
        switch (node.Op)
        {
            case "Const":
                // Weights become initializers where they are used, in the layout their consumer needs.
                return;
            case "Placeholder":
                values[node.Name] = Placeholder(node, renameInput);
                return;
            case "Identity" or "StopGradient" or "Snapshot":
                if (!IsConstant(node.Inputs[0]))
                {
                    values[node.Name] = Value(node.Inputs[0]);
                }

                return;
            case "Conv2D" or "_FusedConv2D":
            {
                var (bias, activation) = FusedArguments(node);
                values[node.Name] = layers.Conv2D(Value(node.Inputs[0]), Weight(node, 1), bias, Spec(node), activation, node.Name);
                return;
            }

            case "DepthwiseConv2dNative" or "FusedDepthwiseConv2dNative":
            {
                var (bias, activation) = FusedArguments(node);
                values[node.Name] = layers.DepthwiseConv2D(Value(node.Inputs[0]), Weight(node, 1), bias, Spec(node), activation, node.Name);
                return;
            }

            case "MaxPool" or "AvgPool":
            {
                var kernel = node.GetInts("ksize");
                var x = Value(node.Inputs[0]);
                values[node.Name] = node.Op == "MaxPool"
                    ? layers.MaxPool(x, kernel[1], kernel[2], Spec(node), node.Name)
                    : layers.AvgPool(x, kernel[1], kernel[2], Spec(node), node.Name);
                return;
            }

            case "Add" or "AddV2" or "BiasAdd":
                values[node.Name] = BinaryOp("Add", node);
                return;
            case "Sub":
                values[node.Name] = BinaryOp("Sub", node);
                return;
            case "Mul":
                values[node.Name] = BinaryOp("Mul", node);
                return;
            case "RealDiv" or "Div":
                values[node.Name] = BinaryOp("Div", node);
                return;
            case "Maximum":
                values[node.Name] = BinaryOp("Max", node);
                return;
            case "Minimum":
                values[node.Name] = BinaryOp("Min", node);
                return;
            case "Relu" or "Relu6" or "Elu" or "Sigmoid" or "Tanh" or "LeakyRelu" or "Prelu":
                values[node.Name] = layers.Activation(Value(node.Inputs[0]), Activation(node, node.Op, slopeInput: 1), node.Name);
                return;
            case "Mean":
                values[node.Name] = layers.Mean(Value(node.Inputs[0]), Weight(node, 1).RequireInts(), node.GetBool("keep_dims", fallback: false), node.Name);
                return;
            case "Softmax":
                values[node.Name] = layers.Softmax(Value(node.Inputs[0]), node.Name);
                return;
            case "MatMul" or "_FusedMatMul":
            {
                if (node.GetBool("transpose_a", fallback: false))
                {
                    throw Unsupported(node, "transpose_a is not supported");
                }

                var (bias, activation) = FusedArguments(node);
                values[node.Name] = layers.MatMul(Value(node.Inputs[0]), Weight(node, 1), node.GetBool("transpose_b", fallback: false), bias, activation, node.Name);
                return;
            }

            case "Squeeze":
                values[node.Name] = Squeeze(node);
                return;
            case "Reshape":
                values[node.Name] = Reshape(node);
                return;
            case "Pad":
                values[node.Name] = layers.Pad(Value(node.Inputs[0]), Weight(node, 1).RequireInts(), node.Name);
                return;
            default:
                throw Unsupported(node, "no ONNX translation exists for this op");
        }
    }

    private TfValue Placeholder(TfjsNode node, bool renameInput)
    {
        var shape = node.GetShape("shape") ?? throw Unsupported(node, "inputs of unknown rank are not supported");
        var x = layers.Input(renameInput && options.InputName is not null ? options.InputName : node.Name, shape);
        if (options.Mean is null || options.Std is null)
        {
            return x;
        }

        return layers.Normalize(x, options.Mean, options.Std, $"{x.Name}/normalized");
    }

    private static ConvSpec Spec(TfjsNode node)
    {
        if (node.GetString("data_format") is { } format and not "NHWC")
        {
            throw Unsupported(node, $"data_format {format} is not supported (only NHWC)");
        }

        var strides = node.GetInts("strides");
        var dilations = node.GetInts("dilations");
        var padding = TfPadding.Parse(node.GetString("padding"), node.GetInts("explicit_paddings"));
        return new ConvSpec(
            strides.Count == 4 ? strides[1] : 1,
            strides.Count == 4 ? strides[2] : 1,
            padding,
            dilations.Count == 4 ? dilations[1] : 1,
            dilations.Count == 4 ? dilations[2] : 1);
    }

    /// <summary>The bias and activation folded into _Fused* ops by the TF.js converter; extra args follow the two main inputs.</summary>
    private (TfjsTensor? Bias, TfActivation Activation) FusedArguments(TfjsNode node)
    {
        TfjsTensor? bias = null;
        var activation = TfActivation.None;
        var argument = 2;
        foreach (var op in node.GetStrings("fused_ops"))
        {
            switch (op)
            {
                case "BiasAdd":
                    bias = Weight(node, argument++);
                    break;
                case "Relu" or "Relu6" or "Elu" or "Sigmoid" or "Tanh" or "LeakyRelu" or "Prelu":
                    activation = Activation(node, op, slopeInput: argument);
                    break;
                default:
                    throw Unsupported(node, $"fused op {op} is not supported");
            }
        }

        return (bias, activation);
    }

    private TfActivation Activation(TfjsNode node, string op, int slopeInput) => op switch
    {
        "Relu" => TfActivation.Relu,
        "Relu6" => new(TfActivationKind.Relu6),
        "Elu" => new(TfActivationKind.Elu),
        "Sigmoid" => new(TfActivationKind.Sigmoid),
        "Tanh" => new(TfActivationKind.Tanh),
        "LeakyRelu" => new(TfActivationKind.LeakyRelu, node.GetFloat(node.HasAttribute("leakyrelu_alpha") ? "leakyrelu_alpha" : "alpha", 0.2f)),
        "Prelu" => new(TfActivationKind.Prelu, Slope: Weight(node, slopeInput)),
        _ => throw Unsupported(node, $"activation {op} is not supported"),
    };

    private TfValue BinaryOp(string onnxOp, TfjsNode node)
    {
        var (a, b) = (node.Inputs[0], node.Inputs[1]);
        if (IsConstant(a) && IsConstant(b))
        {
            throw Unsupported(node, "both operands are constants (constant folding is not supported)");
        }

        var left = IsConstant(a) ? layers.Constant(ConstantTensor(a, node), Value(b)) : Value(a);
        var right = IsConstant(b) ? layers.Constant(ConstantTensor(b, node), left) : Value(b);
        return layers.Binary(onnxOp, left, right, node.Name);
    }

    private TfValue Squeeze(TfjsNode node)
    {
        var x = Value(node.Inputs[0]);
        var axes = node.GetInts("squeeze_dims").Select(a => a < 0 ? a + x.Rank : a).Order().ToArray();
        if (x.IsNchw && axes.SequenceEqual([1, 2]) && x.Shape[1] == 1 && x.Shape[2] == 1)
        {
            return layers.FlattenNhwc(x, node.Name);
        }

        throw Unsupported(node, $"squeezing axes [{string.Join(',', axes)}] of shape [{string.Join(',', x.Shape)}] is not supported");
    }

    /// <summary>Only the reshape to [batch, features] that ends a network (Keras's Flatten, MediaPipe's output heads).</summary>
    private TfValue Reshape(TfjsNode node)
    {
        var x = Value(node.Inputs[0]);
        var target = Weight(node, 1).RequireInts();
        if (target.Length == 2 && (target[0] == -1 || target[0] == x.Shape[0]))
        {
            // A refused reshape fails the conversion, so the flatten added before the check does no harm.
            var flat = layers.FlattenNhwc(x, node.Name);
            if (target[1] == -1 || target[1] == flat.Shape[1])
            {
                return flat;
            }
        }

        throw Unsupported(node, $"reshaping [{string.Join(',', x.Shape)}] to [{string.Join(',', target)}] is not supported (only to [batch, features])");
    }

    private TfValue Value(string name) =>
        values.TryGetValue(name, out var value)
            ? value
            : throw new InvalidDataException($"Node '{name}' has no value; is it a constant used where a tensor was expected?");

    private bool IsConstant(string name) =>
        nodes.TryGetValue(name, out var node) && (node.Op == "Const" || (node.Op is "Identity" && IsConstant(node.Inputs[0])));

    private TfjsTensor Weight(TfjsNode node, int input)
    {
        if (input >= node.Inputs.Count)
        {
            throw Unsupported(node, $"expected an input #{input}, it has {node.Inputs.Count}");
        }

        return ConstantTensor(node.Inputs[input], node);
    }

    private TfjsTensor ConstantTensor(string name, TfjsNode consumer)
    {
        var source = nodes.TryGetValue(name, out var node) ? node : null;
        while (source is { Op: "Identity" })
        {
            source = nodes.GetValueOrDefault(source.Inputs[0]);
        }

        if (source is not { Op: "Const" })
        {
            throw Unsupported(consumer, $"input '{name}' must be a constant weight");
        }

        return model.Weights.TryGetValue(source.Name, out var tensor)
            ? tensor
            : throw new InvalidDataException($"Constant '{source.Name}' (used by '{consumer.Name}') is not in the weights manifest.");
    }

    private static NotSupportedException Unsupported(TfjsNode node, string reason) =>
        new($"Unsupported TF.js op {node.Op} in node '{node.Name}': {reason}.");
}
