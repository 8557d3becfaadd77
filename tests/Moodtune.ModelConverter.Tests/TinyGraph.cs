using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Moodtune.ModelConverter.Tfjs;

namespace Moodtune.ModelConverter.Tests;

/// <summary>Writes a small TF.js graph model (model.json text plus one weight shard) in memory, as the TF.js converter would.</summary>
internal sealed class TinyGraph
{
    private const string Shard = "group1-shard1of1.bin";

    private readonly JsonArray nodes = [];
    private readonly JsonArray weights = [];
    private readonly List<byte> data = [];

    public TinyGraph Placeholder(string name, params int[] shape)
    {
        var dims = new JsonArray([.. shape.Select(d => (JsonNode)new JsonObject { ["size"] = d.ToString(CultureInfo.InvariantCulture) })]);
        return Node(name, "Placeholder", [], new JsonObject
        {
            ["shape"] = new JsonObject { ["shape"] = new JsonObject { ["dim"] = dims } },
            ["dtype"] = new JsonObject { ["type"] = "DT_FLOAT" },
        });
    }

    public TinyGraph Const(string name, int[] shape, float[] values)
    {
        foreach (var v in values)
        {
            var bytes = new byte[4];
            BinaryPrimitives.WriteSingleLittleEndian(bytes, v);
            data.AddRange(bytes);
        }

        return Weight(name, shape, new JsonObject { ["dtype"] = "float32" });
    }

    public TinyGraph ConstInts(string name, int[] shape, int[] values)
    {
        foreach (var v in values)
        {
            var bytes = new byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(bytes, v);
            data.AddRange(bytes);
        }

        return Weight(name, shape, new JsonObject { ["dtype"] = "int32" });
    }

    /// <summary>A float32 weight stored as uint8 codes, decoded by TF.js as q * scale + min.</summary>
    public TinyGraph ConstUint8(string name, int[] shape, byte[] codes, double scale, double min)
    {
        data.AddRange(codes);
        return Weight(name, shape, new JsonObject
        {
            ["dtype"] = "float32",
            ["quantization"] = new JsonObject { ["dtype"] = "uint8", ["scale"] = scale, ["min"] = min },
        });
    }

    public TinyGraph Node(string name, string op, string[] inputs, JsonObject? attr = null)
    {
        nodes.Add(new JsonObject
        {
            ["name"] = name,
            ["op"] = op,
            ["input"] = new JsonArray([.. inputs.Select(i => (JsonNode)JsonValue.Create(i))]),
            ["attr"] = attr ?? [],
        });
        return this;
    }

    public string ToJson() => new JsonObject
    {
        ["format"] = "graph-model",
        ["generatedBy"] = "TinyGraph",
        ["modelTopology"] = new JsonObject { ["node"] = nodes.DeepClone(), ["versions"] = new JsonObject() },
        ["weightsManifest"] = new JsonArray(new JsonObject { ["paths"] = new JsonArray(Shard), ["weights"] = weights.DeepClone() }),
    }.ToJsonString();

    public TfjsGraphModel Parse() => TfjsGraphModel.Parse(ToJson(), path => path == Shard ? [.. data] : throw new FileNotFoundException(path));

    private TinyGraph Weight(string name, int[] shape, JsonObject spec)
    {
        spec["name"] = name;
        spec["shape"] = new JsonArray([.. shape.Select(d => (JsonNode)d)]);
        weights.Add(spec);
        return Node(name, "Const", [], new JsonObject { ["dtype"] = new JsonObject { ["type"] = "DT_FLOAT" } });
    }
}

/// <summary>TensorFlow attribute values in the TF.js JSON encoding: int64 as strings, strings as base64.</summary>
internal static class Attr
{
    public static JsonObject Ints(params int[] values) =>
        new() { ["list"] = new JsonObject { ["i"] = new JsonArray([.. values.Select(v => (JsonNode)v.ToString(CultureInfo.InvariantCulture))]) } };

    public static JsonObject Text(string value) => new() { ["s"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value)) };

    public static JsonObject Texts(params string[] values) =>
        new() { ["list"] = new JsonObject { ["s"] = new JsonArray([.. values.Select(v => (JsonNode)Convert.ToBase64String(Encoding.UTF8.GetBytes(v)))]) } };

    public static JsonObject Bool(bool value) => new() { ["b"] = value };

    public static JsonObject Float(float value) => new() { ["f"] = value };

    /// <summary>strides, padding, dilations and data_format of a 2-D window op.</summary>
    public static JsonObject Window(int stride, string padding, int dilation = 1) => new()
    {
        ["strides"] = Ints(1, stride, stride, 1),
        ["padding"] = Text(padding),
        ["dilations"] = Ints(1, dilation, dilation, 1),
        ["data_format"] = Text("NHWC"),
    };
}
