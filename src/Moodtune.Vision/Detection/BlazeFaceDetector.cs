using System.Buffers;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Moodtune.Vision.Inference;
using SkiaSharp;

namespace Moodtune.Vision.Detection;

/// <summary>
/// Runs one BlazeFace model on ONNX Runtime. Create one per model for the process's life; <see cref="Detect"/> is
/// thread-safe (every buffer belongs to one call). Input: NHWC float [1, N, N, 3], RGB scaled to [-1, 1], rows top
/// down (no vertical flip, unlike BlazeFaceBarracuda's Unity textures), the image letterboxed onto black.
/// </summary>
public sealed class BlazeFaceDetector : IDisposable
{
    // Linear filtering between mipmap levels averages properly when a webcam frame shrinks 5-10x to 128 pixels.
    private static readonly SKSamplingOptions s_sampling = new(SKFilterMode.Linear, SKMipmapMode.Linear);

    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _inputNames;
    private readonly long[] _inputShape;

    // Output order: first-head scores, first-head boxes, second-head scores, second-head boxes.
    private readonly string[] _outputNames;

    private bool _disposed;

    public BlazeFaceDetector(string modelPath, BlazeFaceVariant variant, InferenceSettings? settings = null)
    {
        Variant = variant;
        InputSize = variant.InputSize();
        _session = (settings ?? InferenceSettings.Default).CreateSession(modelPath);
        try
        {
            (_inputNames, _inputShape, _outputNames) = DescribeModel(_session, InputSize, modelPath);
        }
        catch
        {
            _session.Dispose();
            _runOptions.Dispose();
            throw;
        }
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

        var size = InputSize;
        var letterbox = Letterbox.Fit(image.Width, image.Height, size);
        var pixels = ArrayPool<byte>.Shared.Rent(size * size * 4);
        var input = ArrayPool<float>.Shared.Rent(size * size * 3);
        try
        {
            Render(image, letterbox, pixels);
            ToTensor(pixels.AsSpan(0, size * size * 4), input.AsSpan(0, size * size * 3));

            var candidates = new List<FaceCandidate>();
            using (var tensor = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input.AsMemory(0, size * size * 3), _inputShape))
            using (var outputs = _session.Run(_runOptions, _inputNames, [tensor], _outputNames))
            {
                BlazeFaceDecoder.Decode(
                    outputs[0].GetTensorDataAsSpan<float>(), outputs[1].GetTensorDataAsSpan<float>(),
                    BlazeFaceAnchors.FirstLayer, size, options.MinScore, candidates);
                BlazeFaceDecoder.Decode(
                    outputs[2].GetTensorDataAsSpan<float>(), outputs[3].GetTensorDataAsSpan<float>(),
                    BlazeFaceAnchors.SecondLayer, size, options.MinScore, candidates);
            }

            if (candidates.Count == 0)
            {
                return [];
            }

            var merged = new List<FaceCandidate>();
            WeightedNonMaxSuppression.Apply(CollectionsMarshal.AsSpan(candidates), options.IouThreshold, options.MaxFaces, merged);
            return ToImage(merged, letterbox);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(input);
            ArrayPool<byte>.Shared.Return(pixels);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _session.Dispose();
        _runOptions.Dispose();
    }

    private static (string[] Inputs, long[] InputShape, string[] Outputs) DescribeModel(InferenceSession session, int size, string modelPath)
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
        return ([inputName], [1, size, size, 3], outputs);
    }

    private static unsafe void Render(SKImage image, Letterbox letterbox, byte[] pixels)
    {
        var size = letterbox.TargetSize;
        var info = new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul);
        fixed (byte* address = pixels)
        {
            using var surface = SKSurface.Create(info, (IntPtr)address, info.RowBytes)
                ?? throw new InvalidOperationException("SkiaSharp could not create a raster surface.");
            var canvas = surface.Canvas;
            canvas.Clear(SKColors.Black);
            var content = letterbox.ContentRect;
            canvas.DrawImage(image, SKRect.Create(content.X, content.Y, content.Width, content.Height), s_sampling);
            canvas.Flush();
        }
    }

    private static void ToTensor(ReadOnlySpan<byte> rgba, Span<float> rgb)
    {
        const float Scale = 2f / 255f;
        for (int source = 0, target = 0; source < rgba.Length; source += 4, target += 3)
        {
            rgb[target] = (rgba[source] * Scale) - 1f;
            rgb[target + 1] = (rgba[source + 1] * Scale) - 1f;
            rgb[target + 2] = (rgba[source + 2] * Scale) - 1f;
        }
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
}
