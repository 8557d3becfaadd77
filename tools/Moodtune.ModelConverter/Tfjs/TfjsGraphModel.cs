using System.Text.Json.Nodes;

namespace Moodtune.ModelConverter.Tfjs;

/// <summary>A TF.js graph model (<c>format: graph-model</c>): its nodes, decoded weights and output names.</summary>
public sealed class TfjsGraphModel
{
    private TfjsGraphModel(IReadOnlyList<TfjsNode> nodes, IReadOnlyDictionary<string, TfjsTensor> weights, IReadOnlyList<string> outputs)
    {
        Nodes = nodes;
        Weights = weights;
        Outputs = outputs;
    }

    public IReadOnlyList<TfjsNode> Nodes { get; }

    public IReadOnlyDictionary<string, TfjsTensor> Weights { get; }

    /// <summary>Names of the nodes whose values are the model's outputs.</summary>
    public IReadOnlyList<string> Outputs { get; }

    public static TfjsGraphModel Load(string modelJsonPath)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(modelJsonPath))!;
        return Parse(File.ReadAllText(modelJsonPath), path => File.ReadAllBytes(Path.Combine(folder, path)));
    }

    /// <param name="json">The model.json text.</param>
    /// <param name="readWeightFile">Reads a weight shard named in the manifest.</param>
    public static TfjsGraphModel Parse(string json, Func<string, byte[]> readWeightFile)
    {
        var root = JsonNode.Parse(json)?.AsObject() ?? throw new InvalidDataException("The model JSON is empty.");
        var format = root["format"]?.GetValue<string>();
        var topology = root["modelTopology"]?.AsObject();
        if (format is not null and not "graph-model" || topology?["node"] is null)
        {
            throw new NotSupportedException($"Only TF.js graph models are supported; this one has format '{format ?? "(none)"}'.");
        }

        var nodes = topology["node"]!.AsArray().Select(n => ParseNode(n!.AsObject())).ToArray();
        var manifest = root["weightsManifest"]?.AsArray() ?? [];
        var weights = TfjsWeights.Decode(manifest, readWeightFile);
        return new TfjsGraphModel(nodes, weights, FindOutputs(root, nodes));
    }

    private static TfjsNode ParseNode(JsonObject node)
    {
        var inputs = node["input"]?.AsArray()
            .Select(i => i!.GetValue<string>())
            .Where(i => !i.StartsWith('^'))
            .Select(i => StripOutputIndex(i, node["name"]!.GetValue<string>()))
            .ToArray() ?? [];
        return new TfjsNode(node["name"]!.GetValue<string>(), node["op"]!.GetValue<string>(), inputs, node["attr"]?.AsObject());
    }

    private static string StripOutputIndex(string input, string consumer)
    {
        var colon = input.LastIndexOf(':');
        if (colon < 0)
        {
            return input;
        }

        var index = input[(colon + 1)..];
        return index == "0"
            ? input[..colon]
            : throw new NotSupportedException($"Node '{consumer}' reads output {index} of '{input[..colon]}'; only single-output ops are supported.");
    }

    private static string[] FindOutputs(JsonObject root, TfjsNode[] nodes)
    {
        // The saved-model signature names the outputs; without one, every node nobody consumes is an output.
        var signature = root["userDefinedMetadata"]?["signature"]?["outputs"]?.AsObject() ?? root["signature"]?["outputs"]?.AsObject();
        if (signature is { Count: > 0 })
        {
            return [.. signature.Select(o => StripOutputIndex(o.Value?["name"]?.GetValue<string>() ?? o.Key, "signature"))];
        }

        var consumed = nodes.SelectMany(n => n.Inputs).ToHashSet(StringComparer.Ordinal);
        return [.. nodes.Where(n => n.Op != "Const" && !consumed.Contains(n.Name)).Select(n => n.Name)];
    }
}
