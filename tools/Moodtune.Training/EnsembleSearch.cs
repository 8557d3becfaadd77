using System.Globalization;
using Moodtune.Training.Data;
using Moodtune.Training.Model;
using Moodtune.Vision.Evaluation;

namespace Moodtune.Training;

/// <summary>
/// Which networks to ship together: every subset of trained networks scored on the images chosen on (the selection
/// split, or val for the older recipe), with and without the mirror view, each network calibrated there as the export
/// calibrates it, and how much picking the best subset there flatters it (choose on a random half, score on the other).
/// The chosen subsets are then reported on val, at the same temperatures (<see cref="Measure"/>). Subsets are scored as plain averages of the calibrated probabilities
/// (the pooled temperature of an exported ensemble moves its confidence, rarely its top class).
/// </summary>
internal sealed class EnsembleSearch
{
    private readonly int[] labels;
    private readonly float[][] plain;
    private readonly float[][] mirrored;

    /// <param name="plain">Per network, its calibrated probabilities on the images scored (7 per image).</param>
    /// <param name="mirrored">Per network, the same for the mirror images, at the same temperature.</param>
    public EnsembleSearch(int[] labels, float[][] plain, float[][] mirrored)
    {
        ArgumentOutOfRangeException.ThrowIfZero(plain.Length);
        (this.labels, this.plain, this.mirrored) = (labels, plain, mirrored);
    }

    public int Networks => plain.Length;

    public sealed record Scored(int[] Members, bool Mirror, double Accuracy, double MacroF1);

    public sealed record Flattery(double ChosenHalf, double OtherHalf);

    /// <summary>
    /// Every network's calibrated probabilities on <paramref name="chooseOn"/> and on its mirror images, as the export
    /// computes them: the search to choose with. With <paramref name="report"/>: the same networks, at the temperatures
    /// fitted on <paramref name="chooseOn"/>, on those images too, to report what was chosen.
    /// </summary>
    public static (EnsembleSearch Choose, EnsembleSearch? Report) Measure(IReadOnlyList<EmotionNet> nets, float[] correction, FerImages chooseOn, FerImages? report = null)
    {
        var mirror = chooseOn.Mirrored();
        var reportMirror = report?.Mirrored();
        var (plain, mirrored) = (new float[nets.Count][], new float[nets.Count][]);
        var (reportPlain, reportMirrored) = (new float[nets.Count][], new float[nets.Count][]);
        for (var k = 0; k < nets.Count; k++)
        {
            var (scaling, scaled) = FittedTemperature.Fit(Trainer.Report(chooseOn.Labels, Trainer.Probabilities(nets[k], chooseOn, correction)));
            plain[k] = Trainer.Flatten(scaled);
            mirrored[k] = Scaled(nets[k], mirror, correction, scaling);
            if (report is not null)
            {
                reportPlain[k] = Scaled(nets[k], report, correction, scaling);
                reportMirrored[k] = Scaled(nets[k], reportMirror!, correction, scaling);
            }
        }

        return (new EnsembleSearch(chooseOn.Labels, plain, mirrored), report is null ? null : new EnsembleSearch(report.Labels, reportPlain, reportMirrored));
    }

    private static float[] Scaled(EmotionNet net, FerImages images, float[] correction, TemperatureScaling scaling) =>
        Trainer.Flatten(Trainer.Report(images.Labels, Trainer.Probabilities(net, images, correction)).Scaled(scaling));

    /// <summary>One subset's accuracy and macro-F1 over all the images.</summary>
    public Scored Score(int[] members, bool mirror) => Score(members, mirror, [.. Enumerable.Range(0, labels.Length)]);

    /// <summary>Every subset of <paramref name="size"/> networks, best first.</summary>
    public IReadOnlyList<Scored> Rank(int size, bool mirror)
    {
        var all = Enumerable.Range(0, labels.Length).ToArray();
        return [.. Subsets(size).Select(m => Score(m, mirror, all)).OrderByDescending(s => s.Accuracy).ThenByDescending(s => s.MacroF1)];
    }

    /// <summary>
    /// Over seeded random halves of val: the best subset chosen on one half, its accuracy there and on the other half.
    /// </summary>
    public Flattery ChooseOnHalves(int size, bool mirror, int splits, int seed = 1)
    {
        var random = new Random(seed);
        var subsets = Subsets(size).ToList();
        double chosen = 0, other = 0;
        for (var s = 0; s < splits; s++)
        {
            var order = Enumerable.Range(0, labels.Length).ToArray();
            random.Shuffle(order);
            var half = order[..(order.Length / 2)];
            var rest = order[(order.Length / 2)..];
            var best = subsets.Select(m => Score(m, mirror, half)).MaxBy(r => r.Accuracy)!;
            chosen += best.Accuracy;
            other += Score(best.Members, mirror, rest).Accuracy;
        }

        return new Flattery(chosen / splits, other / splits);
    }

    private Scored Score(int[] members, bool mirror, int[] images)
    {
        const int classes = 7;
        var truth = new int[images.Length];
        var predicted = new int[images.Length];
        Span<float> sum = stackalloc float[classes];
        for (var n = 0; n < images.Length; n++)
        {
            var i = images[n];
            sum.Clear();
            foreach (var k in members)
            {
                for (var c = 0; c < classes; c++)
                {
                    sum[c] += plain[k][(i * classes) + c] + (mirror ? mirrored[k][(i * classes) + c] : 0);
                }
            }

            truth[n] = labels[i];
            var top = 0;
            for (var c = 1; c < classes; c++)
            {
                top = sum[c] > sum[top] ? c : top;
            }

            predicted[n] = top;
        }

        var metrics = ClassificationReport.Of(truth, predicted);
        return new Scored(members, mirror, metrics.Accuracy, metrics.MacroF1);
    }

    private IEnumerable<int[]> Subsets(int size, int start = 0)
    {
        if (size == 0)
        {
            yield return [];
            yield break;
        }

        for (var k = start; k <= Networks - size; k++)
        {
            foreach (var rest in Subsets(size - 1, k + 1))
            {
                yield return [k, .. rest];
            }
        }
    }

    public static string Describe(Scored scored, IReadOnlyList<string> names) => string.Create(
        CultureInfo.InvariantCulture,
        $"{string.Join(" + ", scored.Members.Select(k => names[k]))}: {scored.Accuracy:P2}, macro-F1 {scored.MacroF1:F3}");

    public static string Describe(Scored scored) => string.Create(CultureInfo.InvariantCulture, $"{scored.Accuracy:P2}, macro-F1 {scored.MacroF1:F3}");
}
