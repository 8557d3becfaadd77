using Moodtune.Vision.Alignment;
using Moodtune.Vision.Inference;
using SkiaSharp;

namespace Moodtune.Vision.Detection;

/// <summary>
/// A second opinion on a detector box: MediaPipe FaceMesh's face flag, the head MediaPipe itself uses to tell whether a
/// tracked crop still holds a face (models/README.md, "facemesh-flag"). It sees colour and 192 pixels where our
/// verifier sees 32 gray ones, and it was trained on other data, so it rejects most of the fruit, flowers, wheels and
/// animal heads that get past the verifier; but it also turns down some real faces the verifier is sure of (hands over
/// the face, drawn faces), which is why it only judges the boxes the verifier is unsure of
/// (<see cref="FaceVerifier.Keep"/>). Thread-safe; one per process.
/// </summary>
public sealed class FaceMeshCheck : IDisposable
{
    public const string ModelFileName = "facemesh-flag.onnx";
    public const int InputSize = 192;

    /// <summary>As human and MediaPipe cut the mesh's input: the detector's box enlarged 1.5 times, upright by the eye line.</summary>
    public static readonly FaceCropOptions CropOptions = new() { Scale = 1.5f, ShiftDown = 0, Upright = true };

    private const int Plane = InputSize * InputSize;

    private readonly FaceCropNetwork _network;

    /// <exception cref="FileNotFoundException">The model file is missing.</exception>
    /// <exception cref="InvalidDataException">The model is not a face-flag model (metadata).</exception>
    public FaceMeshCheck(string modelPath, InferenceSettings? settings = null) =>
        _network = new FaceCropNetwork(modelPath, settings, "face", "a face-flag model", InputSize, channels: 3, outputs: 1);

    /// <summary>A box holds a face when its flag is at least this (metadata <c>moodtune.face_threshold</c>).</summary>
    public float Threshold => _network.Threshold;

    public string Source => _network.Source;

    /// <summary>The check in <paramref name="modelsDirectory"/>, or null when the folder has none.</summary>
    public static FaceMeshCheck? FromDirectory(string modelsDirectory, InferenceSettings? settings = null)
    {
        var path = Path.Combine(modelsDirectory, ModelFileName);
        return File.Exists(path) ? new FaceMeshCheck(path, settings) : null;
    }

    /// <summary>The probability that the box's crop holds a face.</summary>
    public float FaceProbability(SKImage image, DetectedFace face)
    {
        ArgumentNullException.ThrowIfNull(face);
        return _network.FirstOutputs(image, [face], CropOptions, Planes)[0];
    }

    public bool IsFace(SKImage image, DetectedFace face) => FaceProbability(image, face) >= Threshold;

    public void Dispose() => _network.Dispose();

    // RGBA pixels to the model's R, G and B planes of raw 0..255 values (the graph divides by 255 itself). The crop is
    // opaque (drawn over black), so premultiplied and straight colours are the same.
    private static void Planes(ReadOnlySpan<byte> rgba, Span<float> planes)
    {
        for (var i = 0; i < Plane; i++)
        {
            var p = i * 4;
            planes[i] = rgba[p];
            planes[Plane + i] = rgba[p + 1];
            planes[(2 * Plane) + i] = rgba[p + 2];
        }
    }
}
