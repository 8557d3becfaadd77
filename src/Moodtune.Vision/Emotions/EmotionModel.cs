using Moodtune.Mood;
using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.Extensions.ObjectPool;
using Moodtune.Vision.Alignment;
using Moodtune.Vision.Detection;
using Moodtune.Vision.Inference;
using Moodtune.Vision.Imaging;
using SkiaSharp;

namespace Moodtune.Vision.Emotions;

/// <summary>
/// One expression classifier in ONNX, self-described by its metadata: input <c>input</c> (NCHW float pixels 0..255,
/// gray or RGB, square), output <c>probabilities</c> (softmax over <c>moodtune.classes</c>, in the model's own order).
/// </summary>
public sealed class EmotionModel : IDisposable
{
    private const int LargeBatch = 4;

    private readonly InferenceSession _session;

    // A second, single-threaded session for running a face's two views side by side, one core each: for networks this
    // small, ONNX Runtime's per-operator threading waits on its workers at every operator, and two whole runs in parallel
    // took 3-18% less time than one run of both views on two threads (three interleaved A/B runs, models/README.md).
    // Null where the caller asked for one thread per run (it parallelises itself, as eval does) or for a GPU.
    private readonly Lazy<InferenceSession>? _sideBySide;
    private readonly RunOptions _runOptions = new();
    private readonly int[] _toCanonical;
    private readonly float[] _grayWeights;
    private readonly ObjectPool<Buffers> _buffers;
    private bool _disposed;

    private EmotionModel(string name, InferenceSession session, Lazy<InferenceSession>? sideBySide)
    {
        Name = name;
        _session = session;
        _sideBySide = sideBySide;
        var metadata = session.ModelMetadata.CustomMetadataMap;
        InputSize = int.Parse(Required(metadata, "moodtune.input_size"), CultureInfo.InvariantCulture);
        IsGray = Required(metadata, "moodtune.color") switch
        {
            "gray" => true,
            "rgb" => false,
            var other => throw new InvalidDataException($"Model {name}: unknown moodtune.color '{other}'."),
        };
        _grayWeights = IsGray
            ? [.. Required(metadata, "moodtune.gray_weights").Split(',').Select(w => float.Parse(w, CultureInfo.InvariantCulture))]
            : [];
        _toCanonical = ClassMapping(Required(metadata, "moodtune.classes"));
        Source = metadata.GetValueOrDefault("moodtune.source", "unknown");
        StretchesContrast = metadata.GetValueOrDefault("moodtune.converter") == TrainingToolName;
        _buffers = PoolPolicy<Buffers>.Create(() => new Buffers(this));
    }

    public string Name { get; }

    public int InputSize { get; }

    public bool IsGray { get; }

    public string Source { get; }

    /// <summary>
    /// Whether faces get <see cref="FaceCropOptions.ContrastPercent"/>'s stretch before this network: networks of our
    /// training tool learned from FER2013's contrast-normalized faces, and the stretch gives dim faces their contrast
    /// back for them; the imported networks learned elsewhere, and on FER2013 train stretched faces cost them accuracy
    /// (models/README.md, "Contrast").
    /// </summary>
    public bool StretchesContrast { get; }

    /// <summary>The <c>moodtune.converter</c> of the networks our training tool exports (tools/Moodtune.Training).</summary>
    public const string TrainingToolName = "Moodtune.Training";

    private int Channels => IsGray ? 1 : 3;

    public static EmotionModel Load(string name, string path, InferenceSettings settings)
    {
        var session = settings.CreateSession(path);
        var sideBySide = settings.IntraOpThreads != 1 && Environment.ProcessorCount > 1 && string.Equals(settings.ExecutionProvider, "cpu", StringComparison.OrdinalIgnoreCase)
            ? new Lazy<InferenceSession>(() => (settings with { IntraOpThreads = 1 }).CreateSession(path))
            : null;
        try
        {
            return new EmotionModel(name, session, sideBySide);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// For each class in the model's own order, its index in canonical <see cref="Emotion"/> order.
    /// </summary>
    /// <exception cref="InvalidDataException">Unknown, missing or repeated class names.</exception>
    public static int[] ClassMapping(string classes)
    {
        var names = classes.Split(',', StringSplitOptions.TrimEntries);
        if (names.Length != EmotionProbabilities.Count)
        {
            throw new InvalidDataException($"Expected {EmotionProbabilities.Count} classes, got {names.Length}: '{classes}'.");
        }

        var mapping = new int[names.Length];
        var seen = new bool[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            if (!EmotionProbabilities.TryParse(names[i], out var emotion) || seen[(int)emotion])
            {
                throw new InvalidDataException($"Unknown or repeated class '{names[i]}' in '{classes}'.");
            }

            seen[(int)emotion] = true;
            mapping[i] = (int)emotion;
        }

        return mapping;
    }

    /// <summary>
    /// Crops each face (upright, per <paramref name="crop"/>), classifies it, optionally also mirrored left-right
    /// (test-time augmentation), and adds the probabilities, in canonical <see cref="Emotion"/> order and summed over
    /// the views, to <paramref name="sums"/>: 7 values per face. Faces marked in <paramref name="blurred"/> are
    /// sharpened first (<see cref="FaceCropOptions.SharpenBelow"/>).
    /// </summary>
    public void Accumulate(SKImage image, IReadOnlyList<DetectedFace> faces, FaceCropOptions crop, bool mirrored, Span<float> sums, ReadOnlySpan<bool> blurred = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(sums.Length, faces.Count * EmotionProbabilities.Count, nameof(sums));
        ObjectDisposedException.ThrowIf(_disposed, this);
        var buffers = _buffers.Get();
        try
        {
            for (var first = 0; first < faces.Count;)
            {
                // Four faces share one run when there are that many; the rest go one by one (two tensor sets, not one per count).
                var count = faces.Count - first >= LargeBatch ? LargeBatch : 1;
                var tensors = Tensors(buffers, count, mirrored);
                for (var i = 0; i < count; i++)
                {
                    FaceAligner.Draw(buffers.Canvas, image, FaceAligner.CropMatrix(faces[first + i], InputSize, crop));
                    if (crop.ContrastPercent > 0 && StretchesContrast)
                    {
                        ContrastStretch.Apply(buffers.Crop, crop.ContrastPercent);
                    }

                    if (!blurred.IsEmpty && blurred[first + i])
                    {
                        Sharpen(buffers.Crop, crop);
                    }

                    Fill(buffers, tensors, i, mirrored);
                }

                Run(tensors, count, mirrored, sums[(first * EmotionProbabilities.Count)..]);
                first += count;
            }
        }
        finally
        {
            _buffers.Return(buffers);
        }
    }

    /// <summary>
    /// Like <see cref="Accumulate"/> for an image that is a face already cropped (as in FER2013); its contrast
    /// stretched by <paramref name="contrastPercent"/> where this network takes that (<see cref="StretchesContrast"/>;
    /// 0 leaves it) and then sharpened as <paramref name="sharpen"/> says when it is given.
    /// </summary>
    public void AccumulateWhole(SKImage face, bool mirrored, Span<float> sums, FaceCropOptions? sharpen = null, float contrastPercent = 0)
    {
        ArgumentNullException.ThrowIfNull(face);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var buffers = _buffers.Get();
        try
        {
            var tensors = Tensors(buffers, 1, mirrored);
            FaceAligner.DrawWhole(buffers.Canvas, face, InputSize);
            if (contrastPercent > 0 && StretchesContrast)
            {
                ContrastStretch.Apply(buffers.Crop, contrastPercent);
            }

            if (sharpen is not null)
            {
                Sharpen(buffers.Crop, sharpen);
            }

            Fill(buffers, tensors, 0, mirrored);
            Run(tensors, 1, mirrored, sums);
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
        if (_sideBySide is { IsValueCreated: true })
        {
            _sideBySide.Value.Dispose();
        }

        _runOptions.Dispose();
    }

    /// <summary>
    /// Where a batch of faces goes: one run holding every view of each face, or, with the mirror and a side-by-side
    /// session, one run per view (<c>Mirror</c> then holds the mirror views).
    /// </summary>
    private (BatchTensors Main, BatchTensors? Mirror) Tensors(Buffers buffers, int faces, bool mirrored) =>
        mirrored && _sideBySide is not null ? buffers.SideBySide(faces) : (buffers.For(faces, mirrored), null);

    /// <summary>Writes the face on the crop canvas into its place in the tensors, once per view.</summary>
    private void Fill(Buffers buffers, (BatchTensors Main, BatchTensors? Mirror) tensors, int face, bool mirrored)
    {
        var length = Channels * InputSize * InputSize;
        ReadOnlySpan<byte> rgba = buffers.Crop.GetPixelSpan();
        if (tensors.Mirror is { } mirror)
        {
            Fill(rgba, tensors.Main.Input.AsSpan(face * length, length), mirror: false);
            Fill(rgba, mirror.Input.AsSpan(face * length, length), mirror: true);
            return;
        }

        var views = mirrored ? 2 : 1;
        for (var view = 0; view < views; view++)
        {
            Fill(rgba, tensors.Main.Input.AsSpan(((face * views) + view) * length, length), mirror: view == 1);
        }
    }

    private void Run((BatchTensors Main, BatchTensors? Mirror) tensors, int faces, bool mirrored, Span<float> sums)
    {
        var main = tensors.Main;
        if (tensors.Mirror is { } mirror)
        {
            Parallel.Invoke(() => main.Bound.Run(_runOptions), () => mirror.Bound.Run(_runOptions));
            Add(main.Output, faces, views: 1, sums);
            Add(mirror.Output, faces, views: 1, sums);
            return;
        }

        main.Bound.Run(_runOptions);
        Add(main.Output, faces, mirrored ? 2 : 1, sums);
    }

    /// <summary>Adds each face's probabilities over its views, mapped to canonical order, to <paramref name="sums"/>.</summary>
    private void Add(ReadOnlySpan<float> scores, int faces, int views, Span<float> sums)
    {
        for (var face = 0; face < faces; face++)
        {
            var sum = sums.Slice(face * EmotionProbabilities.Count, EmotionProbabilities.Count);
            for (var view = 0; view < views; view++)
            {
                var row = scores.Slice(((face * views) + view) * EmotionProbabilities.Count, EmotionProbabilities.Count);
                for (var c = 0; c < row.Length; c++)
                {
                    sum[_toCanonical[c]] += row[c];
                }
            }
        }
    }


    /// <summary>The unsharp mask, its blur scaled from the 48 px it is defined at to this model's input.</summary>
    private void Sharpen(SKBitmap crop, FaceCropOptions options) =>
        Imaging.Sharpness.Sharpen(crop, options.SharpenSigma * InputSize / FaceCropOptions.SharpnessSide, options.SharpenAmount);

    private static string Required(Dictionary<string, string> metadata, string key) =>
        metadata.TryGetValue(key, out var value) ? value : throw new InvalidDataException($"The model lacks metadata '{key}'.");

    private void Fill(ReadOnlySpan<byte> rgba, Span<float> destination, bool mirror)
    {
        var size = InputSize;
        var plane = size * size;
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var sourceX = mirror ? size - 1 - x : x;
                var p = ((y * size) + sourceX) * 4;
                var d = (y * size) + x;
                if (IsGray)
                {
                    destination[d] = (_grayWeights[0] * rgba[p]) + (_grayWeights[1] * rgba[p + 1]) + (_grayWeights[2] * rgba[p + 2]);
                }
                else
                {
                    destination[d] = rgba[p];
                    destination[plane + d] = rgba[p + 1];
                    destination[(2 * plane) + d] = rgba[p + 2];
                }
            }
        }
    }

    private sealed record BatchTensors(BoundTensors Bound, float[] Input, float[] Output);

    /// <summary>
    /// One caller's crop canvas and tensors: batches of one face and of <see cref="LargeBatch"/>, with and without the
    /// mirror view, and for the side-by-side session one batch per view.
    /// </summary>
    private sealed class Buffers(EmotionModel model) : IDisposable
    {
        private readonly BatchTensors?[] _tensors = new BatchTensors?[8];

        public SKBitmap Crop { get; } = new(new SKImageInfo(model.InputSize, model.InputSize, SKColorType.Rgba8888, SKAlphaType.Premul));

        public SKCanvas Canvas => field ??= new SKCanvas(Crop);

        public BatchTensors For(int faces, bool mirrored)
        {
            var slot = (faces == 1 ? 0 : 2) + (mirrored ? 1 : 0);
            return _tensors[slot] ??= Create(model._session, faces * (mirrored ? 2 : 1));
        }

        /// <summary>The original view's and the mirror view's tensors, bound to the single-threaded session.</summary>
        public (BatchTensors Original, BatchTensors Mirror) SideBySide(int faces)
        {
            var slot = faces == 1 ? 4 : 6;
            var session = model._sideBySide!.Value;
            return (_tensors[slot] ??= Create(session, faces), _tensors[slot + 1] ??= Create(session, faces));
        }

        public void Dispose()
        {
            foreach (var tensors in _tensors)
            {
                tensors?.Bound.Dispose();
            }

            Canvas.Dispose();
            Crop.Dispose();
        }

        private BatchTensors Create(InferenceSession session, int batch)
        {
            var bound = new BoundTensors(session);
            try
            {
                return new BatchTensors(
                    bound,
                    bound.Input("input", [batch, model.Channels, model.InputSize, model.InputSize]),
                    bound.Output("probabilities", [batch, EmotionProbabilities.Count]));
            }
            catch
            {
                bound.Dispose();
                throw;
            }
        }
    }
}
