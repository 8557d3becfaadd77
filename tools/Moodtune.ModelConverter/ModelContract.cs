using System.Reflection;

namespace Moodtune.ModelConverter;

/// <summary>What Moodtune's classifier expects of every emotion model this tool writes.</summary>
public static class ModelContract
{
    public const string InputName = "input";

    public const string OutputName = "probabilities";

    public const string ClassesKey = "moodtune.classes";
    public const string ColorKey = "moodtune.color";
    public const string GrayWeightsKey = "moodtune.gray_weights";
    public const string InputSizeKey = "moodtune.input_size";
    public const string SourceKey = "moodtune.source";
    public const string LicenseKey = "moodtune.license";
    public const string ConverterKey = "moodtune.converter";

    public const string ConverterName = "Moodtune.ModelConverter";

    /// <summary>Our emotion vocabulary; each model lists its own order of these names.</summary>
    public static IReadOnlyList<string> Emotions { get; } = ["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"];

    /// <summary>ITU-R BT.601 luma weights, as human's emotion preprocessing uses them.</summary>
    public const string Bt601GrayWeights = "0.2989,0.5870,0.1140";

    public static string ConverterVersion { get; } =
        typeof(ModelContract).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
