using System.Globalization;
using Moodtune.ModelConverter;
using Moodtune.ModelConverter.Reference;
using Moodtune.ModelConverter.Tfjs;
using Onnx;

const string Usage = """
    Converts TF.js emotion models to ONNX for Moodtune.

    Usage:
      Moodtune.ModelConverter tfjs-graph MODEL.json OUT.onnx [--preset NAME] [--mean V[,V..]] [--std V[,V..]]
                              [--input-name NAME] [--output-name NAME] [--outputs NODE[,NODE]]
                              [--meta KEY=VALUE]...
      Moodtune.ModelConverter faceapi-expression MANIFEST.json OUT.onnx [--meta KEY=VALUE]...
      Moodtune.ModelConverter verify MODEL.onnx REFERENCE.json [--tolerance 1e-4]

    Presets: emotion-minixception, emotion-faceapi, facemesh-flag (normalisation and Moodtune metadata of the shipped models).
    """;

try
{
    return args switch
    {
        ["tfjs-graph", var model, var output, .. var rest] => ConvertGraph(model, output, rest),
        ["faceapi-expression", var manifest, var output, .. var rest] => ConvertFaceApi(manifest, output, rest),
        ["verify", var model, var reference, .. var rest] => Verify(model, reference, rest),
        ["--help" or "-h" or "help"] => PrintUsage(0),
        _ => PrintUsage(2),
    };
}
catch (Exception e) when (e is NotSupportedException or InvalidDataException or ArgumentException or IOException or FormatException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}

static int PrintUsage(int exitCode)
{
    (exitCode == 0 ? Console.Out : Console.Error).WriteLine(Usage);
    return exitCode;
}

static int ConvertGraph(string modelPath, string outputPath, string[] rest)
{
    var options = ParseOptions(rest, new ConversionOptions());
    Write(TfjsToOnnx.Convert(TfjsGraphModel.Load(modelPath), options), outputPath);
    return 0;
}

static int ConvertFaceApi(string manifestPath, string outputPath, string[] rest)
{
    var options = ParseOptions(rest, ModelPresets.FaceApiExpression);
    Write(FaceApiExpressionNet.Load(manifestPath, options), outputPath);
    return 0;
}

static int Verify(string modelPath, string referencePath, string[] rest)
{
    var tolerance = rest switch
    {
        [] => 1e-4,
        ["--tolerance", var t] => double.Parse(t, CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"Unknown options for verify: {string.Join(' ', rest)}"),
    };
    var fixture = ReferenceFixture.Load(referencePath);
    var difference = ModelVerifier.MaxAbsDifference(ModelVerifier.Run(modelPath, fixture), fixture);
    var verdict = difference <= tolerance ? "ok" : "FAILED";
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(modelPath)}: max |onnx - tfjs| = {difference:E2} over {fixture.Cases.Count} inputs (tolerance {tolerance:E0}) {verdict}"));
    return difference <= tolerance ? 0 : 1;
}

static ConversionOptions ParseOptions(string[] rest, ConversionOptions options)
{
    var metadata = new List<KeyValuePair<string, string>>();
    for (var i = 0; i < rest.Length; i++)
    {
        var value = i + 1 < rest.Length ? rest[i + 1] : throw new ArgumentException($"Option {rest[i]} needs a value.");
        options = rest[i] switch
        {
            "--preset" => ModelPresets.Find(value) ?? throw new ArgumentException($"Unknown preset '{value}'."),
            "--mean" => options with { Mean = ParseFloats(value) },
            "--std" => options with { Std = ParseFloats(value) },
            "--input-name" => options with { InputName = value },
            "--output-name" => options with { OutputName = value },
            "--outputs" => options with { Outputs = value.Split(',') },
            "--meta" => AddMetadata(options, metadata, value),
            _ => throw new ArgumentException($"Unknown option '{rest[i]}'.\n{Usage}"),
        };
        i++;
    }

    // --meta entries override a preset's entries of the same key and keep the preset's order otherwise.
    var overridden = metadata.Select(m => m.Key).ToHashSet(StringComparer.Ordinal);
    return options with { Metadata = [.. options.Metadata.Where(m => !overridden.Contains(m.Key)), .. metadata] };
}

static ConversionOptions AddMetadata(ConversionOptions options, List<KeyValuePair<string, string>> metadata, string entry)
{
    var equals = entry.IndexOf('=', StringComparison.Ordinal);
    if (equals <= 0)
    {
        throw new ArgumentException($"--meta expects KEY=VALUE, got '{entry}'.");
    }

    metadata.Add(new(entry[..equals], entry[(equals + 1)..]));
    return options;
}

static float[] ParseFloats(string list) =>
    [.. list.Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture))];

static void Write(ModelProto model, string outputPath)
{
    var folder = Path.GetDirectoryName(Path.GetFullPath(outputPath));
    Directory.CreateDirectory(folder!);
    model.WriteToFile(outputPath);
    Console.WriteLine($"wrote {outputPath} ({new FileInfo(outputPath).Length} bytes, {model.Graph.Node.Count} nodes)");
}
