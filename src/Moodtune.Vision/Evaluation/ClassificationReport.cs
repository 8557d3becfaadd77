using Moodtune.Mood;
using Moodtune.Vision.Emotions;

namespace Moodtune.Vision.Evaluation;

/// <summary>Precision, recall and F1 of one class.</summary>
public sealed record ClassMetrics(Emotion Emotion, float Precision, float Recall, float F1, int Support);

/// <summary>
/// Accuracy, macro-F1, per-class metrics and the confusion matrix (rows: true class, columns: predicted). Images with
/// no answer at all (a face the detector missed) may be counted too: wrong, and against their class's recall.
/// </summary>
public sealed class ClassificationReport
{
    private readonly int[,] _confusion = new int[EmotionProbabilities.Count, EmotionProbabilities.Count];
    private readonly int[] _missed = new int[EmotionProbabilities.Count];

    public int Images { get; private set; }

    public int Correct { get; private set; }

    /// <summary>Images counted without a prediction (<see cref="AddMiss"/>); they are not in the confusion matrix.</summary>
    public int Missed { get; private set; }

    public float Accuracy => Images == 0 ? 0 : (float)Correct / Images;

    public float MacroF1 => PerClass.Average(c => c.F1);

    public IReadOnlyList<ClassMetrics> PerClass => [.. EmotionProbabilities.All.Select(Metrics)];

    /// <summary>Counts of (true, predicted) pairs.</summary>
    public int this[Emotion actual, Emotion predicted] => _confusion[(int)actual, (int)predicted];

    /// <summary>A report of class indices in FER order (<see cref="Emotion"/>'s values), as the training tool holds them.</summary>
    public static ClassificationReport Of(IReadOnlyList<int> actual, IReadOnlyList<int> predicted)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(predicted.Count, actual.Count);
        var report = new ClassificationReport();
        for (var i = 0; i < actual.Count; i++)
        {
            report.Add((Emotion)actual[i], (Emotion)predicted[i]);
        }

        return report;
    }

    public void Add(Emotion actual, Emotion predicted)
    {
        _confusion[(int)actual, (int)predicted]++;
        Images++;
        if (actual == predicted)
        {
            Correct++;
        }
    }

    /// <summary>Counts an image that got no prediction: wrong, and a miss for its true class's recall.</summary>
    public void AddMiss(Emotion actual)
    {
        _missed[(int)actual]++;
        Missed++;
        Images++;
    }

    public int[][] ConfusionRows() =>
        [.. Enumerable.Range(0, EmotionProbabilities.Count)
            .Select(r => Enumerable.Range(0, EmotionProbabilities.Count).Select(c => _confusion[r, c]).ToArray())];

    private ClassMetrics Metrics(Emotion emotion)
    {
        var k = (int)emotion;
        int truePositives = _confusion[k, k], predicted = 0, actual = _missed[k];
        for (var i = 0; i < EmotionProbabilities.Count; i++)
        {
            predicted += _confusion[i, k];
            actual += _confusion[k, i];
        }

        var precision = predicted == 0 ? 0 : (float)truePositives / predicted;
        var recall = actual == 0 ? 0 : (float)truePositives / actual;
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new ClassMetrics(emotion, precision, recall, f1, actual);
    }
}
