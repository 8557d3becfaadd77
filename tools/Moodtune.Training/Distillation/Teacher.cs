using Moodtune.Training.Data;

namespace Moodtune.Training.Distillation;

/// <summary>
/// A model that labels each training batch for knowledge distillation (Hinton et al. 2015), seeing exactly the augmented
/// images the student sees ("consistent teaching", Beyer et al. 2022: fixed, precomputed targets distil markedly worse),
/// each averaged with its mirror image: an exported model on ONNX Runtime (<see cref="OnnxTeacher"/>) or trained
/// networks from their checkpoints on the training device (<see cref="NetworkTeacher"/>).
/// </summary>
internal abstract class Teacher : IDisposable
{
    public abstract string Description { get; }

    /// <summary>
    /// The teacher's probabilities, in <see cref="FerImages.Classes"/> order, for images of 0..255 pixels
    /// ([count, 48*48]), each the average of the image and its mirror.
    /// </summary>
    public abstract float[] Probabilities(float[] pixels, int count);

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

    public abstract void Dispose();
}
