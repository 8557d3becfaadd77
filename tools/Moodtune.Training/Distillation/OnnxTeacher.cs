using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Moodtune.Training.Data;
using Moodtune.Vision.Emotions;

namespace Moodtune.Training.Distillation;

/// <summary>
/// An exported Moodtune emotion model (typically an ensemble too slow to ship with its mirror average) as the teacher.
/// It runs on ONNX Runtime, int8 where the model is: on the CPU a three-network teacher adds about a third to an epoch
/// rather than doubling it as TorchSharp forward passes would (on a GPU it holds training to the CPU's pace: there
/// <see cref="NetworkTeacher"/> is the fast one).
/// </summary>
internal sealed class OnnxTeacher : Teacher
{
    private readonly InferenceSession session;
    private readonly int[] toFer;

    public OnnxTeacher(string modelPath, int? threads = null)
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

            Description = $"{modelPath} ({metadata.GetValueOrDefault("moodtune.source", "no moodtune.source")})";
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public override string Description { get; }

    public override float[] Probabilities(float[] pixels, int count)
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

    public override void Dispose() => session.Dispose();
}
