using System.Runtime.InteropServices;
using Microsoft.Extensions.ObjectPool;
using Microsoft.ML.OnnxRuntime;
using Moodtune.Vision.Imaging;
using Moodtune.Vision.Inference;
using SkiaSharp;

namespace Moodtune.Vision.Detection;

/// <summary>
/// Runs one BlazeFace model on ONNX Runtime. Create one per model for the process's life; <see cref="Detect"/> is
/// thread-safe (each call borrows its own buffers from a pool). Input: NHWC float [1, N, N, 3], RGB scaled to [-1, 1],
/// rows top down (no vertical flip, unlike BlazeFaceBarracuda's Unity textures), the image letterboxed onto black.
/// </summary>
public sealed class BlazeFaceDetector : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly string _inputName;

    // Output order: first-head scores, first-head boxes, second-head scores, second-head boxes.
    private readonly string[] _outputNames;
    private readonly ObjectPool<Buffers> _buffers;

    private bool _disposed;

    public BlazeFaceDetector(string modelPath, BlazeFaceVariant variant, InferenceSettings? settings = null)
    {
        Variant = variant;
        InputSize = variant.InputSize();
        _session = (settings ?? InferenceSettings.Default).CreateSession(modelPath);
        try
        {
            (_inputName, _outputNames) = DescribeModel(_session, InputSize, modelPath);
        }
        catch
        {
            _session.Dispose();
            _runOptions.Dispose();
            throw;
        }

        _buffers = PoolPolicy<Buffers>.Create(() => new Buffers(this));
    }

    public BlazeFaceVariant Variant { get; }

    /// <summary>Side of the square model input in pixels (128 or 256).</summary>
    public int InputSize { get; }

    /// <summary>
    /// Finds faces in a raster image of any size. Boxes (clamped to the image) and keypoints are in the image's
    /// pixels, best score first; an image without faces gives an empty list.
    /// </summary>
    public IReadOnlyList<DetectedFace> Detect(SKImage image, DetectorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        ObjectDisposedException.ThrowIf(_disposed, this);
        options ??= DetectorOptions.Default;
        options.Validate();

        var letterbox = Letterbox.Fit(image.Width, image.Height, InputSize);
        var buffers = _buffers.Get();
        try
        {
            buffers.Render(image, letterbox);
            buffers.Tensors.Run(_runOptions);

            var candidates = buffers.Candidates;
            BlazeFaceDecoder.Decode(buffers.FirstScores, buffers.FirstBoxes, BlazeFaceAnchors.FirstLayer, InputSize, options.MinScore, candidates);
            BlazeFaceDecoder.Decode(buffers.SecondScores, buffers.SecondBoxes, BlazeFaceAnchors.SecondLayer, InputSize, options.MinScore, candidates);
            if (candidates.Count == 0)
            {
                return [];
            }

            WeightedNonMaxSuppression.Apply(CollectionsMarshal.AsSpan(candidates), options.IouThreshold, options.MaxFaces, buffers.Merged);
            return ToImage(buffers.Merged, letterbox);
        }
        finally
        {
            _buffers.Return(buffers);
        }
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

    private static (string Input, string[] Outputs) DescribeModel(InferenceSession session, int size, string modelPath)
    {
        var (inputName, inputMeta) = session.InputMetadata.Single();
        if (!inputMeta.Dimensions.SequenceEqual([1, size, size, 3]))
        {
            throw new InvalidOperationException(
                $"{modelPath}: expected a BlazeFace input [1, {size}, {size}, 3], got [{string.Join(", ", inputMeta.Dimensions)}].");
        }

        string Output(int anchors, int values) =>
            session.OutputMetadata.FirstOrDefault(o => o.Value.Dimensions.SequenceEqual([1, anchors, values])).Key
            ?? throw new InvalidOperationException($"{modelPath}: no BlazeFace output of shape [1, {anchors}, {values}].");

        string[] outputs =
        [
            Output(BlazeFaceAnchors.FirstLayerCount, 1),
            Output(BlazeFaceAnchors.FirstLayerCount, BlazeFaceDecoder.ValuesPerAnchor),
            Output(BlazeFaceAnchors.SecondLayerCount, 1),
            Output(BlazeFaceAnchors.SecondLayerCount, BlazeFaceDecoder.ValuesPerAnchor),
        ];
        return (inputName, outputs);
    }

    private static DetectedFace[] ToImage(List<FaceCandidate> merged, Letterbox letterbox)
    {
        var faces = new DetectedFace[merged.Count];
        for (var i = 0; i < faces.Length; i++)
        {
            var candidate = merged[i];
            var keypoints = new Point2[CandidateKeypoints.Count];
            for (var k = 0; k < keypoints.Length; k++)
            {
                keypoints[k] = letterbox.ToSource(candidate.Keypoints[k]);
            }

            var box = letterbox.ToSource(candidate.Box).ClampTo(letterbox.SourceWidth, letterbox.SourceHeight);
            faces[i] = new DetectedFace(box, candidate.Score, keypoints);
        }

        return faces;
    }

    /// <summary>Everything one detection writes: the letterboxed pixels, the bound tensors, the candidate lists.</summary>
    private sealed class Buffers : IDisposable
    {
        private readonly SKBitmap _pixels;
        private readonly SKCanvas _canvas;
        private readonly HalvingScaler _scaler = new();
        private readonly float[] _input;

        public Buffers(BlazeFaceDetector detector)
        {
            var size = detector.InputSize;
            _pixels = new SKBitmap(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul));
            _canvas = new SKCanvas(_pixels);
            Tensors = new BoundTensors(detector._session);
            _input = Tensors.Input(detector._inputName, [1, size, size, 3]);
            FirstScores = Tensors.Output(detector._outputNames[0], [1, BlazeFaceAnchors.FirstLayerCount, 1]);
            FirstBoxes = Tensors.Output(detector._outputNames[1], [1, BlazeFaceAnchors.FirstLayerCount, BlazeFaceDecoder.ValuesPerAnchor]);
            SecondScores = Tensors.Output(detector._outputNames[2], [1, BlazeFaceAnchors.SecondLayerCount, 1]);
            SecondBoxes = Tensors.Output(detector._outputNames[3], [1, BlazeFaceAnchors.SecondLayerCount, BlazeFaceDecoder.ValuesPerAnchor]);
        }

        public BoundTensors Tensors { get; }

        public float[] FirstScores { get; }

        public float[] FirstBoxes { get; }

        public float[] SecondScores { get; }

        public float[] SecondBoxes { get; }

        public List<FaceCandidate> Candidates { get; } = [];

        public List<FaceCandidate> Merged { get; } = [];

        /// <summary>Letterboxes the image into the input tensor.</summary>
        public void Render(SKImage image, Letterbox letterbox)
        {
            Candidates.Clear();
            Merged.Clear();
            _canvas.Clear(SKColors.Black);
            var content = letterbox.ContentRect;
            _scaler.Draw(_canvas, image, SKRect.Create(content.X, content.Y, content.Width, content.Height), letterbox.Scale);

            const float Scale = 2f / 255f;
            ReadOnlySpan<byte> rgba = _pixels.GetPixelSpan();
            var rgb = _input.AsSpan();
            for (int source = 0, target = 0; source < rgba.Length; source += 4, target += 3)
            {
                rgb[target] = (rgba[source] * Scale) - 1f;
                rgb[target + 1] = (rgba[source + 1] * Scale) - 1f;
                rgb[target + 2] = (rgba[source + 2] * Scale) - 1f;
            }
        }

        public void Dispose()
        {
            _canvas.Dispose();
            _scaler.Dispose();
            _pixels.Dispose();
            Tensors.Dispose();
        }
    }
}
