using Moodtune.Vision.Alignment;
using Moodtune.Vision.Inference;
using SkiaSharp;

namespace Moodtune.Vision.Detection;

/// <summary>
/// Tells a detector box that holds a human face from one that does not: BlazeFace boxes animal heads, masks, fruit and
/// wheels with scores as high as true faces' (issue 17), so no score threshold separates them. A small network (our
/// training tool's <c>verifier</c> command, models/README.md) looks at the box's upright 32x32 gray crop (small enough that FER2013's 48-pixel faces, which it learned from, and camera faces look alike) and gives the
/// probability of "face"; boxes below the model's own threshold (metadata <c>moodtune.face_threshold</c>, chosen on
/// held-out training crops so that almost every face passes) are dropped. Thread-safe; one per process.
/// </summary>
public sealed class FaceVerifier : IDisposable
{
    public const string ModelFileName = "face-verifier.onnx";
    public const int InputSize = 32;

    /// <summary>The crop the network sees: the detector's box itself, turned upright by the eye line.</summary>
    public static readonly FaceCropOptions CropOptions = new() { Scale = 1f, ShiftDown = 0, Upright = true };

    private static readonly float[] GrayWeights = [0.2989f, 0.5870f, 0.1140f];

    private readonly FaceCropNetwork _network;

    /// <exception cref="FileNotFoundException">The model file is missing.</exception>
    /// <exception cref="InvalidDataException">The model is not a face verifier (metadata).</exception>
    public FaceVerifier(string modelPath, InferenceSettings? settings = null) =>
        _network = new FaceCropNetwork(modelPath, settings, "face,other", "a face verifier", InputSize, channels: 1, outputs: 2);

    /// <summary>A box is a face when its probability of "face" is at least this (metadata <c>moodtune.face_threshold</c>).</summary>
    public float Threshold => _network.Threshold;

    public string Source => _network.Source;

    /// <summary>The verifier in <paramref name="modelsDirectory"/>, or null when the folder has none.</summary>
    public static FaceVerifier? FromDirectory(string modelsDirectory, InferenceSettings? settings = null)
    {
        var path = Path.Combine(modelsDirectory, ModelFileName);
        return File.Exists(path) ? new FaceVerifier(path, settings) : null;
    }

    /// <summary>Each box's probability of holding a human face, in the order given.</summary>
    public float[] FaceProbabilities(SKImage image, IReadOnlyList<DetectedFace> faces) =>
        _network.FirstOutputs(image, faces, CropOptions, static (rgba, input) =>
        {
            Gray(rgba, input);
            Normalize(input);
        });

    /// <summary>
    /// The boxes that hold a face (all of them as the same list when every one does), best first as given. With a
    /// <paramref name="secondOpinion"/>, a box the verifier keeps with a probability below <paramref name="sureAt"/>
    /// must also pass it: the verifier is sure of nearly every real face (p ≥ 0.99 for 98% of FER2013 val faces and
    /// 160 of the people set's 161), so the heavier check runs on few of them.
    /// </summary>
    public IReadOnlyList<DetectedFace> Keep(SKImage image, IReadOnlyList<DetectedFace> faces, FaceMeshCheck? secondOpinion = null, float sureAt = 1f)
    {
        if (faces.Count == 0)
        {
            return faces;
        }

        var probabilities = FaceProbabilities(image, faces);
        var kept = new List<DetectedFace>(faces.Count);
        for (var i = 0; i < faces.Count; i++)
        {
            if (probabilities[i] >= Threshold && (secondOpinion is null || probabilities[i] >= sureAt || secondOpinion.IsFace(image, faces[i])))
            {
                kept.Add(faces[i]);
            }
        }

        return kept.Count == faces.Count ? faces : kept;
    }

    /// <summary>
    /// The crop as gray pixel values 0..255 (<see cref="InputSize"/>² of them), before <see cref="Normalize"/>: the
    /// training tool makes its examples with this (and normalizes them after augmenting), so training and use see the
    /// same pixels.
    /// </summary>
    public static void Crop(SKImage image, DetectedFace face, Span<float> gray)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(gray.Length, InputSize * InputSize, nameof(gray));
        using var crop = new SKBitmap(new SKImageInfo(InputSize, InputSize, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(crop);
        Render(canvas, image, face);
        Gray(crop.GetPixelSpan(), gray);
    }

    public void Dispose() => _network.Dispose();

    /// <summary>
    /// Stretches a crop to one mean and spread (128 and 48 gray levels, clipped to 0..255): a face in dim or washed-out
    /// light is still a face, and the network should not have to learn every exposure (at 15% contrast, a face the
    /// detector still boxes at 0.9 was taken for no face without this).
    /// </summary>
    public static void Normalize(Span<float> gray)
    {
        var pixels = gray[..(InputSize * InputSize)];
        var mean = 0f;
        foreach (var value in pixels)
        {
            mean += value;
        }

        mean /= pixels.Length;
        var variance = 0f;
        foreach (var value in pixels)
        {
            variance += (value - mean) * (value - mean);
        }

        // A floor on the spread: a nearly flat crop (a wall) is not blown up into noise.
        var scale = 48f / MathF.Max(MathF.Sqrt(variance / pixels.Length), 4f);
        foreach (ref var value in pixels)
        {
            value = Math.Clamp(((value - mean) * scale) + 128f, 0f, 255f);
        }
    }

    private static void Render(SKCanvas canvas, SKImage image, DetectedFace face) =>
        FaceAligner.Draw(canvas, image, FaceAligner.CropMatrix(face, InputSize, CropOptions));

    // Whole gray levels, as the training crops are stored.
    private static void Gray(ReadOnlySpan<byte> rgba, Span<float> gray)
    {
        for (var i = 0; i < InputSize * InputSize; i++)
        {
            var p = i * 4;
            gray[i] = MathF.Round((GrayWeights[0] * rgba[p]) + (GrayWeights[1] * rgba[p + 1]) + (GrayWeights[2] * rgba[p + 2]));
        }
    }
}
