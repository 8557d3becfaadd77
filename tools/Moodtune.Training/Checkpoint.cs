using System.Text.Json;

namespace Moodtune.Training;

/// <summary>
/// What a checkpoint folder holds besides the weights (`NAME.pt`) and optimizer state (`NAME.optim`): `NAME.json`.
/// </summary>
internal sealed record Checkpoint(int Epoch, int Width, int Seed, double ValAccuracy, double ValMacroF1, double BestMacroF1, int BestEpoch)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static string Weights(string directory, string name) => Path.Combine(directory, name + ".pt");

    public static string Optimizer(string directory, string name) => Path.Combine(directory, name + ".optim");

    public static string Meta(string directory, string name) => Path.Combine(directory, name + ".json");

    public void Save(string directory, string name) =>
        File.WriteAllText(Meta(directory, name), JsonSerializer.Serialize(this, Json));

    /// <summary>Reads `last.json` of a folder, or the given `.json` file.</summary>
    public static (Checkpoint Checkpoint, string Directory, string Name) Load(string path)
    {
        var file = Directory.Exists(path) ? Meta(path, "last") : path;
        var checkpoint = JsonSerializer.Deserialize<Checkpoint>(File.ReadAllText(file))
            ?? throw new InvalidDataException($"Empty checkpoint '{file}'.");
        return (checkpoint, Path.GetDirectoryName(Path.GetFullPath(file))!, Path.GetFileNameWithoutExtension(file));
    }
}
