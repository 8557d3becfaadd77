using System.Security.Cryptography;
using System.Text;
using Moodtune.Training.Data;

namespace Moodtune.Training.Tests;

/// <summary>The selection split (10% of train, chosen on instead of val) is the documented rule, exactly stratified and stable.</summary>
public sealed class SelectionSplitTests
{
    [Fact]
    public void A_fixed_list_gives_the_members_the_documented_rule_gives()
    {
        List<(string Path, int Label)> files =
        [
            .. Enumerable.Range(0, 25).Select(i => ($"/any/where/train/angry/Training_{i}.jpg", 0)),
            .. Enumerable.Range(100, 7).Select(i => ($"/any/where/train/disgust/Training_{i}.jpg", 1)),
            .. Enumerable.Range(200, 4).Select(i => ($"/any/where/train/fear/Training_{i}.jpg", 2)),
        ];

        var (fit, selection) = SelectionSplit.Split(files);

        // Computed apart from the tool (Python's hashlib over "class/file"): 25 files give 3 (2.5 rounded up), 7 give 1,
        // 4 give none (0.4).
        string[] expected = ["angry/Training_0.jpg", "angry/Training_23.jpg", "angry/Training_3.jpg", "disgust/Training_103.jpg"];
        Assert.Equal(expected, selection.Select(f => Relative(f)).Order(StringComparer.Ordinal));
        Assert.Equal(expected, ByTheRule(files).Order(StringComparer.Ordinal));
        Assert.Equal(files.Count, fit.Count + selection.Count);
        Assert.Empty(fit.Select(f => f.Path).Intersect(selection.Select(f => f.Path)));

        // Where the data lies and the order it is listed in change nothing.
        var moved = files.Select(f => (f.Path.Replace("/any/where", "/elsewhere", StringComparison.Ordinal), f.Label)).Reverse().ToList();
        Assert.Equal(expected, SelectionSplit.Split(moved).Selection.Select(f => Relative(f)).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(4, 0)]
    [InlineData(5, 1)]
    [InlineData(436, 44)]
    [InlineData(3995, 400)]
    [InlineData(7215, 722)]
    public void Ten_percent_of_a_class_rounded_halves_up(int files, int selected) =>
        Assert.Equal(selected, SelectionSplit.SelectedCount(files));

    [Fact]
    public void On_fer2013_train_the_split_is_ten_percent_of_each_class_disjoint_from_training_and_pinned()
    {
        var data = Path.GetDirectoryName(TestPaths.RequireShared("fer2013/train"))!;
        var all = FerImages.List(Path.Combine(data, "train"));
        var (fit, selection) = SelectionSplit.Split(all);

        Assert.Equal([400, 44, 410, 722, 483, 317, 497], FerImages.CountPerClass(selection.Select(f => f.Label)));
        Assert.Equal(2873, selection.Count);
        Assert.Equal(all.Count, fit.Count + selection.Count);
        var selected = selection.Select(f => f.Path).ToHashSet();
        Assert.DoesNotContain(fit, f => selected.Contains(f.Path));

        // The whole membership, pinned by a digest computed apart from the tool (Python: sorted "class/file" lines).
        var lines = string.Join('\n', selection.Select(f => Relative(f)).Order(StringComparer.Ordinal));
        Assert.Equal("36807155dc97cc644b2350f92d4fc7621e4250fd5f0893c6099991621cc76ebf", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(lines))));
        Assert.Equal(ByTheRule(all).Order(StringComparer.Ordinal), selection.Select(f => Relative(f)).Order(StringComparer.Ordinal));

        // What a run trains on never holds a selection image, with or without a limit; what it chooses on is only them.
        Assert.DoesNotContain(FerSplits.TrainingFiles(data, ChoiceSplit.Selection), f => selected.Contains(f.Path));
        Assert.DoesNotContain(FerSplits.TrainingFiles(data, ChoiceSplit.Selection, 500, 3), f => selected.Contains(f.Path));
        Assert.Equal(500 * 6 + (436 - 44), FerSplits.TrainingFiles(data, ChoiceSplit.Selection, 500, 3).Count);
        Assert.All(FerSplits.ChoiceFiles(data, ChoiceSplit.Selection, 30, 3), f => Assert.Contains(f.Path, selected));
        Assert.Equal([3995 - 400, 436 - 44, 4097 - 410, 7215 - 722, 4830 - 483, 3171 - 317, 4965 - 497], FerSplits.TrainingCounts(data, ChoiceSplit.Selection));

        // Choosing on val keeps the old runs' data: all of train (the same seeded sample), val to choose on.
        Assert.Equal(FerImages.List(Path.Combine(data, "train"), 50, 2), FerSplits.TrainingFiles(data, ChoiceSplit.Val, 50, 2));
        Assert.All(FerSplits.ChoiceFiles(data, ChoiceSplit.Val, 10), f => Assert.Contains($"{Path.DirectorySeparatorChar}val{Path.DirectorySeparatorChar}", f.Path, StringComparison.Ordinal));
    }

    [Fact]
    public void A_checkpoint_from_before_the_split_chose_on_val_and_is_refused_for_selection()
    {
        var dir = Directory.CreateTempSubdirectory("moodtune-ckpt-").FullName;
        try
        {
            // last.json as the tool wrote it before the selection split existed (network 1's run, say).
            File.WriteAllText(Path.Combine(dir, "last.json"), """
                { "Epoch": 30, "Width": 32, "Seed": 1, "ValAccuracy": 0.661, "ValMacroF1": 0.647, "BestMacroF1": 0.647, "BestEpoch": 26 }
                """);
            var (old, _, _) = Checkpoint.Load(dir);
            Assert.Equal((30, 26, ChoiceSplit.Val), (old.Epoch, old.BestEpoch, old.ChoseOn));
            var weights = Path.Combine(dir, "best.pt");
            Assert.Equal(ChoiceSplit.Val, Checkpoint.ChoiceOf(weights));
            Assert.Null(Checkpoint.Mismatch(weights, ChoiceSplit.Val));
            Assert.Contains("the selection split included", Checkpoint.Mismatch(weights, ChoiceSplit.Selection), StringComparison.Ordinal);

            new Checkpoint(3, 8, 2, 0.5, 0.4, 0.4, 3, ChoiceSplit.Selection).Save(dir, "last");
            Assert.Equal(ChoiceSplit.Selection, Checkpoint.ChoiceOf(weights));
            Assert.Null(Checkpoint.Mismatch(weights, ChoiceSplit.Selection));
            Assert.NotNull(Checkpoint.Mismatch(weights, ChoiceSplit.Val));
            Assert.Null(Checkpoint.ChoiceOf(Path.Combine(dir, "elsewhere", "best.pt")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Relative((string Path, int Label) file) => $"{FerImages.Classes[file.Label]}/{Path.GetFileName(file.Path)}";

    // The rule as tools/README.md states it, written out again here: per class, ascending SHA-256 hex of "class/file",
    // the first round(10%) (halves up).
    private static IEnumerable<string> ByTheRule(IEnumerable<(string Path, int Label)> files) => files
        .GroupBy(f => f.Label)
        .SelectMany(g =>
        {
            var keys = g.Select(f => Relative(f)).ToList();
            var take = (int)Math.Floor((keys.Count * 0.1) + 0.5);
            return keys.OrderBy(k => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(k))), StringComparer.Ordinal).Take(take);
        });
}
