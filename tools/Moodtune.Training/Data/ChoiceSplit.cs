using System.Text.Json.Serialization;

namespace Moodtune.Training.Data;

/// <summary>
/// The images a run chooses on (the epoch, temperatures, ensembles): the <see cref="SelectionSplit"/> carved out of
/// train, trained on by nobody; or val, as every network before the selection split was made (trained on all of
/// train), kept so their recorded commands still reproduce them.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<ChoiceSplit>))]
internal enum ChoiceSplit
{
    [JsonStringEnumMemberName("selection")]
    Selection,

    [JsonStringEnumMemberName("val")]
    Val,
}

/// <summary>Which FER2013 files a run trains on, chooses on and reports on, for each <see cref="ChoiceSplit"/>.</summary>
internal static class FerSplits
{
    public static string Name(this ChoiceSplit split) => split == ChoiceSplit.Selection ? "selection" : "val";

    public static ChoiceSplit Parse(string name) => name switch
    {
        "selection" => ChoiceSplit.Selection,
        "val" => ChoiceSplit.Val,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Choose on 'selection' or 'val'."),
    };

    /// <summary>The train files a run fits on: all of train/, or all but the selection split; a seeded sample with a limit.</summary>
    public static List<(string Path, int Label)> TrainingFiles(string dataDirectory, ChoiceSplit choice, int? limitPerClass = null, int seed = 0)
    {
        var train = Path.Combine(dataDirectory, "train");
        return choice == ChoiceSplit.Val
            ? FerImages.List(train, limitPerClass, seed)
            : FerImages.Sample(SelectionSplit.Split(FerImages.List(train)).Fit, limitPerClass, seed);
    }

    /// <summary>The files a run chooses on: the selection split of train/, or val/; a seeded sample with a limit.</summary>
    public static List<(string Path, int Label)> ChoiceFiles(string dataDirectory, ChoiceSplit choice, int? limitPerClass = null, int seed = 0) =>
        choice == ChoiceSplit.Val
            ? FerImages.List(Path.Combine(dataDirectory, "val"), limitPerClass, seed)
            : FerImages.Sample(SelectionSplit.Split(FerImages.List(Path.Combine(dataDirectory, "train"))).Selection, limitPerClass, seed);

    /// <summary>Images per class a full run trains on: what its class weights, and so the export's prior correction, count.</summary>
    public static int[] TrainingCounts(string dataDirectory, ChoiceSplit choice) =>
        FerImages.CountPerClass(TrainingFiles(dataDirectory, choice).Select(f => f.Label));

    /// <summary>
    /// The images reported on but never chosen on: val/, or null when the run chooses on val itself (its choice figures
    /// are then its report, as before the selection split).
    /// </summary>
    public static FerImages? LoadReport(string dataDirectory, ChoiceSplit choice, int? limitPerClass = null, int seed = 0) =>
        choice == ChoiceSplit.Val ? null : FerImages.Load(Path.Combine(dataDirectory, "val"), limitPerClass, seed);
}
