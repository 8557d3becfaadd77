using System.Globalization;
using Microsoft.Extensions.ObjectPool;
using Microsoft.ML.OnnxRuntime;
using Moodtune.Vision.Alignment;
using Moodtune.Vision.Inference;
using SkiaSharp;

namespace Moodtune.Vision.Detection;

/// <summary>
/// A network that judges square crops of detector boxes (<see cref="FaceVerifier"/>, <see cref="FaceMeshCheck"/>): its
/// session, the metadata both follow (<c>moodtune.classes</c>, <c>moodtune.face_threshold</c>, <c>moodtune.source</c>)
/// and a pool of crop bitmaps bound to its input <c>input</c> [1, C, N, N] and output <c>probabilities</c>.
/// Thread-safe.
/// </summary>
internal sealed class FaceCropNetwork : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly ObjectPool<Buffers> _buffers;
    private bool _disposed;

    /// <param name="classes">The <c>moodtune.classes</c> the model must declare.</param>
    /// <param name="kind">What such a model is, for the error message ("a face verifier").</param>
    /// <exception cref="FileNotFoundException">The model file is missing.</exception>
    /// <exception cref="InvalidDataException">The metadata is not that of such a model.</exception>
    public FaceCropNetwork(string modelPath, InferenceSettings? settings, string classes, string kind, int size, int channels, int outputs)
    {
        _session = (settings ?? InferenceSettings.Default).CreateSession(modelPath);
        try
        {
            var metadata = _session.ModelMetadata.CustomMetadataMap;
            if (metadata.GetValueOrDefault("moodtune.classes") != classes)
            {
                throw new InvalidDataException($"{modelPath}: not {kind} (metadata moodtune.classes is not '{classes}').");
            }

            Threshold = metadata.TryGetValue("moodtune.face_threshold", out var threshold)
                && float.TryParse(threshold, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                && value is >= 0 and <= 1
                    ? value
                    : throw new InvalidDataException($"{modelPath}: metadata moodtune.face_threshold is missing or not in [0, 1].");
            Source = metadata.GetValueOrDefault("moodtune.source", "unknown");
        }
        catch
        {
            _session.Dispose();
            _runOptions.Dispose();
            throw;
        }

        _buffers = PoolPolicy<Buffers>.Create(() => new Buffers(_session, size, channels, outputs));
    }

    /// <summary>Turns a crop's RGBA pixels into the network's input.</summary>
    public delegate void CropToInput(ReadOnlySpan<byte> rgba, Span<float> input);

    /// <summary>A box holds a face when the network's probability of it is at least this.</summary>
    public float Threshold { get; }

    public string Source { get; }

    /// <summary>Each box cut as <paramref name="crop"/> says, filled in by <paramref name="fill"/>: the network's first output.</summary>
    public float[] FirstOutputs(SKImage image, IReadOnlyList<DetectedFace> faces, FaceCropOptions crop, CropToInput fill)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(faces);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var results = new float[faces.Count];
        var buffers = _buffers.Get();
        try
        {
            for (var i = 0; i < faces.Count; i++)
            {
                FaceAligner.Draw(buffers.Canvas, image, FaceAligner.CropMatrix(faces[i], buffers.Crop.Width, crop));
                fill(buffers.Crop.GetPixelSpan(), buffers.Input);
                buffers.Tensors.Run(_runOptions);
                results[i] = buffers.Output[0];
            }
        }
        finally
        {
            _buffers.Return(buffers);
        }

        return results;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        (_buffers as IDisposable)?.Dispose();
        _session.Dispose();
        _runOptions.Dispose();
    }

    private sealed class Buffers : IDisposable
    {
        public Buffers(InferenceSession session, int size, int channels, int outputs)
        {
            Crop = new SKBitmap(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul));
            Canvas = new SKCanvas(Crop);
            Tensors = new BoundTensors(session);
            Input = Tensors.Input("input", [1, channels, size, size]);
            Output = Tensors.Output("probabilities", [1, outputs]);
        }

        public SKBitmap Crop { get; }

        public SKCanvas Canvas { get; }

        public BoundTensors Tensors { get; }

        public float[] Input { get; }

        public float[] Output { get; }

        public void Dispose()
        {
            Canvas.Dispose();
            Crop.Dispose();
            Tensors.Dispose();
        }
    }
}
