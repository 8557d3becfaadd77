using System.Text.Json;
using System.Text.Json.Serialization;
using Moodtune.Training.Data;

namespace Moodtune.Training;

/// <summary>
/// What a checkpoint folder holds besides the weights (`NAME.pt`) and optimizer state (`NAME.optim`): `NAME.json`.
/// </summary>
/// <param name="Accuracy">The epoch's accuracy on the split it was chosen on (<paramref name="ChooseOn"/>).</param>
/// <param name="ChooseOn">
/// The split epochs were chosen on, which says what was trained on (all of train for val, train less the selection split
/// for selection); null in checkpoints written before the selection split, which all chose on val.
/// </param>
internal sealed record Checkpoint(int Epoch, int Width, int Seed, double Accuracy, double MacroF1, double BestMacroF1, int BestEpoch, ChoiceSplit? ChooseOn)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    [JsonIgnore]
    public ChoiceSplit ChoseOn => ChooseOn ?? ChoiceSplit.Val;

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

    /// <summary>
    /// The split the run that wrote these weights (CKPT/best.pt, CKPT/last.pt) chose on, from CKPT/last.json; null when
    /// there is none (weights saved elsewhere, or by `import`).
    /// </summary>
    public static ChoiceSplit? ChoiceOf(string weights)
    {
        var meta = Meta(Path.GetDirectoryName(Path.GetFullPath(weights))!, "last");
        return File.Exists(meta) ? Load(meta).Checkpoint.ChoseOn : null;
    }

    /// <summary>
    /// Null when networks from these weights may be calibrated, chosen or used as a teacher choosing on
    /// <paramref name="choice"/>; otherwise why not. A network trained on all of train (choosing on val) has seen the
    /// selection split, so choosing on it would choose on training images; one trained choosing on selection has its own
    /// class counts, which the export's prior correction must use.
    /// </summary>
    public static string? Mismatch(string weights, ChoiceSplit choice) => ChoiceOf(weights) is { } trained && trained != choice
        ? $"{weights} was trained choosing on {trained.Name()} ({(trained == ChoiceSplit.Val ? "on all of train, the selection split included" : "on train less the selection split")}); use it with --choose-on {trained.Name()}"
        : null;
}
