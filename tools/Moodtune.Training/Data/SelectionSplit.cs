using System.Security.Cryptography;
using System.Text;

namespace Moodtune.Training.Data;

/// <summary>
/// The selection split: a fixed 10% of FER2013 `train`, per class, held out of training to choose on (epochs,
/// temperatures, ensembles, architectures), so `val` (PublicTest) is only ever reported, never chosen on. Choosing on
/// val flattered our shipped figures by about half a point to a point (models/README.md).
/// <para>
/// The rule, so any machine, run, seed or copy of the data agrees: for each class folder, sort its files by the
/// SHA-256 of "class/file" (UTF-8, the path relative to train/ with '/'; hex digest ascending, file name breaking ties)
/// and take the first round(10% of the class's files), halves rounded up: angry 400, disgust 44, fear 410, happy 722,
/// sad 483, surprise 317, neutral 497 (2,873 of 28,709). A hash rather than a seeded shuffle: it depends on neither the
/// order files are listed in nor on a random generator's implementation, and taking a fixed count per class (rather
/// than every hash below a threshold) makes it exactly stratified.
/// </para>
/// </summary>
internal static class SelectionSplit
{
    public const int Percent = 10;

    /// <summary>How many of a class's <paramref name="files"/> go to the selection split: round(10%), halves up.</summary>
    public static int SelectedCount(int files) => ((files * Percent) + 50) / 100;

    /// <summary>What is hashed for a file: its path relative to train/, "class/file.jpg".</summary>
    public static string Key(int label, string path) => $"{FerImages.Classes[label]}/{Path.GetFileName(path)}";

    /// <summary>SHA-256 of the key, lower-case hex: the order files are taken in.</summary>
    public static string Rank(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>
    /// Splits all of train/'s files (<see cref="FerImages.List"/> without a limit) into what is trained on and the
    /// selection split; each keeps the files' listing order.
    /// </summary>
    public static (List<(string Path, int Label)> Fit, List<(string Path, int Label)> Selection) Split(IReadOnlyList<(string Path, int Label)> train)
    {
        var selected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in train.GroupBy(f => f.Label))
        {
            var files = group.ToList();
            selected.UnionWith(files
                .OrderBy(f => Rank(Key(f.Label, f.Path)), StringComparer.Ordinal)
                .ThenBy(f => Path.GetFileName(f.Path), StringComparer.Ordinal)
                .Take(SelectedCount(files.Count))
                .Select(f => f.Path));
        }

        return ([.. train.Where(f => !selected.Contains(f.Path))], [.. train.Where(f => selected.Contains(f.Path))]);
    }
}
