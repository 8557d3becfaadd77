namespace Moodtune.Training;

/// <summary>Accuracy and macro-F1 from a confusion matrix (rows: true class, columns: predicted class).</summary>
internal sealed record Metrics(int[,] Confusion)
{
    public int Classes => Confusion.GetLength(0);

    public int Total => Confusion.Cast<int>().Sum();

    public double Accuracy => Total == 0 ? 0 : Enumerable.Range(0, Classes).Sum(c => Confusion[c, c]) / (double)Total;

    public double MacroF1 => Enumerable.Range(0, Classes).Average(F1);

    public static Metrics From(IReadOnlyList<int> truth, IReadOnlyList<int> predicted, int classes)
    {
        var confusion = new int[classes, classes];
        for (var i = 0; i < truth.Count; i++)
        {
            confusion[truth[i], predicted[i]]++;
        }

        return new Metrics(confusion);
    }

    public double Recall(int c)
    {
        var actual = Enumerable.Range(0, Classes).Sum(p => Confusion[c, p]);
        return actual == 0 ? 0 : Confusion[c, c] / (double)actual;
    }

    public double F1(int c)
    {
        var predicted = Enumerable.Range(0, Classes).Sum(t => Confusion[t, c]);
        var actual = Enumerable.Range(0, Classes).Sum(p => Confusion[c, p]);
        return predicted + actual == 0 ? 0 : 2.0 * Confusion[c, c] / (predicted + actual);
    }
}
