using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace Moodtune.ModelConverter.Building;

/// <summary>Builds an ONNX graph node by node; knows ONNX, nothing about TensorFlow.</summary>
public sealed class OnnxGraphBuilder
{
    /// <summary>ONNX Runtime 1.x and every current tool read opset 17 / IR 8 models.</summary>
    public const int Opset = 17;

    public const int IrVersion = 8;

    /// <summary>The symbolic name of a dynamic batch dimension.</summary>
    public const string BatchDimension = "batch";

    private readonly GraphProto graph = new();
    private readonly HashSet<string> usedNames = new(StringComparer.Ordinal);

    public OnnxGraphBuilder(string graphName)
    {
        graph.Name = graphName;
    }

    public bool HasValue(string name) => usedNames.Contains(name);

    /// <summary>Returns <paramref name="hint"/> if no value has that name yet, else the hint with a numeric suffix.</summary>
    public string UniqueName(string hint)
    {
        var name = hint;
        for (var i = 1; !usedNames.Add(name); i++)
        {
            name = $"{hint}_{i}";
        }

        return name;
    }

    /// <param name="dims">Dimensions; -1 is the dynamic batch dimension.</param>
    public void AddInput(string name, IReadOnlyList<int> dims)
    {
        usedNames.Add(name);
        graph.Input.Add(FloatValueInfo(name, dims));
    }

    /// <param name="dims">Dimensions; -1 is the dynamic batch dimension, null an unknown shape.</param>
    public void AddOutput(string name, IReadOnlyList<int>? dims) => graph.Output.Add(FloatValueInfo(name, dims));

    public string AddInitializer(string hint, ReadOnlySpan<float> values, params ReadOnlySpan<long> dims)
    {
        var name = UniqueName(hint);
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values)) };
        tensor.Dims.Add(dims.ToArray());
        graph.Initializer.Add(tensor);
        return name;
    }

    public string AddInt64Initializer(string hint, ReadOnlySpan<long> values, params ReadOnlySpan<long> dims)
    {
        var name = UniqueName(hint);
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values)) };
        tensor.Dims.Add(dims.ToArray());
        graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>Adds a single-output node and returns the name of its output, which is also the node's name.</summary>
    public string AddNode(string opType, string outputHint, IEnumerable<string> inputs, params IEnumerable<AttributeProto> attributes)
    {
        var output = UniqueName(outputHint);
        var node = new NodeProto { OpType = opType, Name = output };
        node.Input.Add(inputs);
        node.Output.Add(output);
        node.Attribute.Add(attributes);
        graph.Node.Add(node);
        return output;
    }

    /// <summary>Renames a value everywhere it appears, so a graph output can carry the name of the model's contract.</summary>
    public void RenameValue(string from, string to)
    {
        if (from == to)
        {
            return;
        }

        if (!usedNames.Add(to))
        {
            throw new InvalidOperationException($"Cannot rename '{from}' to '{to}': that name is taken.");
        }

        foreach (var node in graph.Node)
        {
            Replace(node.Input, from, to);
            Replace(node.Output, from, to);
            if (node.Name == from)
            {
                node.Name = to;
            }
        }

        foreach (var info in graph.Input.Concat(graph.Output).Where(i => i.Name == from))
        {
            info.Name = to;
        }
    }

    public ModelProto Build(string producerVersion, string docString, IEnumerable<KeyValuePair<string, string>> metadata)
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "Moodtune.ModelConverter",
            ProducerVersion = producerVersion,
            DocString = docString,
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = Opset });
        model.MetadataProps.Add(metadata.Select(p => new StringStringEntryProto { Key = p.Key, Value = p.Value }));
        return model;
    }

    private static void Replace(Google.Protobuf.Collections.RepeatedField<string> names, string from, string to)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == from)
            {
                names[i] = to;
            }
        }
    }

    private static ValueInfoProto FloatValueInfo(string name, IReadOnlyList<int>? dims)
    {
        var tensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float };
        if (dims is not null)
        {
            tensorType.Shape = new TensorShapeProto();
            tensorType.Shape.Dim.Add(dims.Select(d => d < 0
                ? new TensorShapeProto.Types.Dimension { DimParam = BatchDimension }
                : new TensorShapeProto.Types.Dimension { DimValue = d }));
        }

        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensorType } };
    }
}
