using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Moodtune.ModelConverter.Tfjs;

/// <summary>One node of a TF.js graph model, with typed access to its TensorFlow attributes.</summary>
public sealed class TfjsNode
{
    private readonly JsonObject attributes;

    public TfjsNode(string name, string op, IReadOnlyList<string> inputs, JsonObject? attributes)
    {
        Name = name;
        Op = op;
        Inputs = inputs;
        this.attributes = attributes ?? [];
    }

    public string Name { get; }

    public string Op { get; }

    /// <summary>Data inputs as node names: the <c>:0</c> output suffix and control inputs (<c>^name</c>) are removed.</summary>
    public IReadOnlyList<string> Inputs { get; }

    public bool HasAttribute(string name) => attributes.ContainsKey(name);

    public IReadOnlyList<int> GetInts(string name) =>
        attributes[name]?["list"]?["i"]?.AsArray().Select(v => ParseInt(v!)).ToArray() ?? [];

    public int GetInt(string name, int fallback) =>
        attributes[name]?["i"] is { } value ? ParseInt(value) : fallback;

    public float GetFloat(string name, float fallback) =>
        attributes[name]?["f"] is { } value ? ParseFloat(value) : fallback;

    public bool GetBool(string name, bool fallback) =>
        attributes[name]?["b"]?.GetValue<bool>() ?? fallback;

    /// <summary>TensorFlow string attributes are bytes, which the TF.js converter writes as base64.</summary>
    public string? GetString(string name) =>
        attributes[name]?["s"]?.GetValue<string>() is { } base64 ? Encoding.UTF8.GetString(Convert.FromBase64String(base64)) : null;

    public IReadOnlyList<string> GetStrings(string name) =>
        attributes[name]?["list"]?["s"]?.AsArray()
            .Select(v => Encoding.UTF8.GetString(Convert.FromBase64String(v!.GetValue<string>())))
            .ToArray() ?? [];

    /// <summary>A shape attribute (e.g. a Placeholder's); -1 marks an unknown dimension, null an unknown rank.</summary>
    public IReadOnlyList<int>? GetShape(string name)
    {
        var shape = attributes[name]?["shape"];
        if (shape is null || shape["unknownRank"]?.GetValue<bool>() == true)
        {
            return null;
        }

        return shape["dim"]?.AsArray().Select(d => d!["size"] is { } size ? ParseInt(size) : -1).ToArray() ?? [];
    }

    public override string ToString() => $"{Op} '{Name}'";

    // The converter writes int64 attributes as JSON strings and int32 ones as numbers.
    private static int ParseInt(JsonNode value) =>
        value.GetValueKind() == System.Text.Json.JsonValueKind.String
            ? int.Parse(value.GetValue<string>(), CultureInfo.InvariantCulture)
            : value.GetValue<int>();

    private static float ParseFloat(JsonNode value) =>
        value.GetValueKind() == System.Text.Json.JsonValueKind.String
            ? float.Parse(value.GetValue<string>(), CultureInfo.InvariantCulture)
            : value.GetValue<float>();
}
