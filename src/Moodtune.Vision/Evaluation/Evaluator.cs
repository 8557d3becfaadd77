using System.Collections.Concurrent;
using Moodtune.Mood;
using Moodtune.Vision.Emotions;
using Moodtune.Vision.Imaging;

namespace Moodtune.Vision.Evaluation;

/// <summary>
/// Expression accuracy of the product's pipeline on a labelled image folder: what `moodtune eval` prints, what the
/// accuracy tests assert, one implementation.
/// </summary>
public static class Evaluator
{
    /// <summary>Evaluates every image of a data set, on all cores (one inference thread per image).</summary>
    public static EvaluationResult Evaluate(LabelledImageFolder data, VisionOptions options, bool detect, Action? onImage = null)
    {
        using var analyzer = new FaceAnalyzer(options with { Inference = options.Inference with { IntraOpThreads = 1 } });
        var predictions = new EmotionProbabilities?[data.Images.Count];
        var problems = new ConcurrentQueue<(string File, string Message)>();
        var noFace = 0;
        Parallel.For(0, data.Images.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            try
            {
                var bytes = File.ReadAllBytes(data.Images[i].Path);
                if (detect)
                {
                    var face = analyzer.Analyze(bytes).PrimaryFace;
                    if (face is null)
                    {
                        Interlocked.Increment(ref noFace);
                    }
                    else
                    {
                        predictions[i] = face.Emotions;
                    }
                }
                else
                {
                    predictions[i] = analyzer.ClassifyFaceImage(bytes);
                }
            }
            catch (Exception e) when (e is ImageDecodeException or IOException or UnauthorizedAccessException)
            {
                problems.Enqueue((data.Images[i].Path, e.Message));
            }

            onImage?.Invoke();
        });

        var report = new ClassificationReport();
        var calibration = new CalibrationReport(EmotionProbabilities.Count);
        for (var i = 0; i < predictions.Length; i++)
        {
            if (predictions[i] is { } probabilities)
            {
                report.Add(data.Images[i].Emotion, probabilities.Top);
                calibration.Add(probabilities, (int)data.Images[i].Emotion);
            }
        }

        return new EvaluationResult(analyzer.EmotionModelSpec, report, calibration, noFace, [.. problems]);
    }

}

/// <summary>What one evaluation run measured: top-class metrics, and every image's probabilities for calibration.</summary>
public sealed record EvaluationResult(string Model, ClassificationReport Report, CalibrationReport Calibration, int NoFace, IReadOnlyList<(string File, string Message)> Problems);

