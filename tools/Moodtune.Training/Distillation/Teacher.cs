using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Moodtune.Training.Data;
using Moodtune.Vision.Emotions;

namespace Moodtune.Training.Distillation;

/// <summary>
/// An exported Moodtune emotion model (typically an ensemble too slow to ship with its mirror average) that labels each
/// training batch for knowledge distillation (Hinton et al. 2015). It sees exactly the augmented images the student sees
/// ("consistent teaching", Beyer et al. 2022: fixed, precomputed targets distil markedly worse), each averaged with its
/// mirror image. It runs on ONNX Runtime, int8 where the model is, so a three-network teacher adds about a third to an
/// epoch rather than doubling it as TorchSharp forward passes would.
/// </summary>
internal sealed class Teacher : IDisposable
{
    private readonly InferenceSession session;
    private readonly int[] toFer;

    public Teacher(string modelPath, int? threads = null)
    {
        if (!File.Exists(modelPath))
        {
            throw new FileNotFoundException($"No teacher model at {modelPath}", modelPath);
        }

        using var options = new SessionOptions { IntraOpNumThreads = threads ?? 0, LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        session = new InferenceSession(modelPath, options);
        try
        {
            var metadata = session.ModelMetadata.CustomMetadataMap;
            if (metadata.GetValueOrDefault("moodtune.color") != "gray"
                || metadata.GetValueOrDefault("moodtune.input_size") != FerImages.Size.ToString(CultureInfo.InvariantCulture)
                || !metadata.TryGetValue("moodtune.classes", out var classes))
            {
                throw new InvalidDataException(
                    $"The teacher {modelPath} is not a 48x48 gray Moodtune emotion model (metadata moodtune.color, moodtune.input_size, moodtune.classes).");
            }

            // The product's canonical Emotion order is FER2013's, the order the student trains in.
            toFer = EmotionModel.ClassMapping(classes);

            Description = metadata.GetValueOrDefault("moodtune.source", Path.GetFileName(modelPath));
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public string Description { get; }

    /// <summary>
    /// The teacher's probabilities, in <see cref="FerImages.Classes"/> order, for images of 0..255 pixels
    /// ([count, 48*48]), each the average of the image and its mirror.
    /// </summary>
    public float[] Probabilities(float[] pixels, int count)
    {
        const int size = FerImages.Size;
        var classes = FerImages.Classes.Length;
        var both = new float[2 * count * FerImages.Pixels];
        pixels.AsSpan(0, count * FerImages.Pixels).CopyTo(both);
        for (var i = 0; i < count; i++)
        {
            for (var y = 0; y < size; y++)
            {
                var row = (i * FerImages.Pixels) + (y * size);
                var mirrored = both.AsSpan((count * FerImages.Pixels) + row, size);
                pixels.AsSpan(row, size).CopyTo(mirrored);
                mirrored.Reverse();
            }
        }

        using var input = OrtValue.CreateTensorValueFromMemory(both, [2 * count, 1, size, size]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["input"], [input], ["probabilities"]);
        var scores = outputs[0].GetTensorDataAsSpan<float>();
        var averaged = new float[count * classes];
        for (var i = 0; i < count; i++)
        {
            for (var c = 0; c < classes; c++)
            {
                averaged[(i * classes) + toFer[c]] = (scores[(i * classes) + c] + scores[((count + i) * classes) + c]) / 2;
            }
        }

        return averaged;
    }

    /// <summary>
    /// What the student learns to match, per image: softmax((ln p + ln w) / T). The teacher's probabilities p are
    /// calibrated to the data's own class frequencies, while the student is trained with class weights w and has −ln w
    /// added to its logits at export (<see cref="Trainer.PriorCorrection"/>); moving the targets by +ln w keeps both losses
    /// in the same (weighted) space, so the correction stays right. T > 1 softens them, passing on how the teacher ranks
    /// the wrong classes.
    /// </summary>
    public static float[] SoftTargets(ReadOnlySpan<float> probabilities, ReadOnlySpan<float> classWeights, double temperature)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(temperature);
        var classes = classWeights.Length;
        var targets = new float[probabilities.Length];
        var logits = new double[classes];
        for (var i = 0; i < probabilities.Length / classes; i++)
        {
            var max = double.NegativeInfinity;
            for (var c = 0; c < classes; c++)
            {
                logits[c] = (Math.Log(Math.Max(probabilities[(i * classes) + c], 1e-12f)) + Math.Log(classWeights[c])) / temperature;
                max = Math.Max(max, logits[c]);
            }

            var sum = 0.0;
            for (var c = 0; c < classes; c++)
            {
                logits[c] = Math.Exp(logits[c] - max);
                sum += logits[c];
            }

            for (var c = 0; c < classes; c++)
            {
                targets[(i * classes) + c] = (float)(logits[c] / sum);
            }
        }

        return targets;
    }

    public void Dispose() => session.Dispose();
}
