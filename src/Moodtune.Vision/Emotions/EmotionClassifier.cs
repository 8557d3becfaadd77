using Microsoft.Extensions.ObjectPool;
using Moodtune.Mood;
using Moodtune.Vision.Alignment;
using Moodtune.Vision.Detection;
using Moodtune.Vision.Inference;
using SkiaSharp;

namespace Moodtune.Vision.Emotions;

/// <summary>
/// Classifies faces with one model or an ensemble, optionally averaging each face with its mirror image.
/// Specs name the models joined by '+', with an optional "flip": "moodtune", "faceapi+flip", "moodtune+minixception+faceapi+flip".
/// </summary>
public sealed class EmotionClassifier : IDisposable
{
    /// <summary>Model files by name, under the models directory.</summary>
    public static readonly IReadOnlyDictionary<string, string> KnownModels = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["minixception"] = "emotion-minixception.onnx",
        ["faceapi"] = "emotion-faceapi.onnx",
        ["moodtune"] = "emotion-moodtune.onnx",
        ["moodtune3"] = "emotion-moodtune3.onnx",
    };

    /// <summary>
    /// The spec "default" stands for: the most accurate on the FER2013 val split within 3 ms per face on 2 cores of
    /// every CPU measured (models/README.md). Our single network, one view; the three-network ensemble with the mirror
    /// (<c>moodtune3+flip</c>) is 2.5 points more accurate but takes about 10 ms per face on an AVX2-only CPU.
    /// </summary>
    public const string DefaultSpec = "moodtune";

    private const int StackLimit = 256;

    private readonly IReadOnlyList<EmotionModel> _models;

    // Pooled like the models' crop buffers, so a frame allocates only its results.
    private readonly ObjectPool<SharpnessProbe> _probes = PoolPolicy<SharpnessProbe>.Create(() => new SharpnessProbe());

    public EmotionClassifier(IReadOnlyList<EmotionModel> models, bool mirrored, FaceCropOptions crop)
    {
        ArgumentOutOfRangeException.ThrowIfZero(models.Count);
        _models = models;
        Mirrored = mirrored;
        Crop = crop;
        Spec = string.Join('+', models.Select(m => m.Name).Concat(mirrored ? ["flip"] : []));
    }

    public string Spec { get; }

    public bool Mirrored { get; }

    public FaceCropOptions Crop { get; }

    public IReadOnlyList<EmotionModel> Models => _models;

    /// <exception cref="ArgumentException">The spec names an unknown model.</exception>
    /// <exception cref="FileNotFoundException">A named model file is missing.</exception>
    public static EmotionClassifier Load(string modelsDirectory, string spec, InferenceSettings settings, FaceCropOptions? crop = null)
    {
        var (names, mirrored) = ParseSpec(spec);
        var models = new List<EmotionModel>();
        try
        {
            foreach (var name in names)
            {
                models.Add(EmotionModel.Load(name, Path.Combine(modelsDirectory, KnownModels[name]), settings));
            }
        }
        catch
        {
            models.ForEach(m => m.Dispose());
            throw;
        }

        return new EmotionClassifier(models, mirrored, crop ?? FaceCropOptions.Default);
    }

    /// <summary>Splits a spec into model names and the mirror flag.</summary>
    /// <exception cref="ArgumentException">Empty, unknown or repeated parts.</exception>
    public static (IReadOnlyList<string> Models, bool Mirrored) ParseSpec(string spec)
    {
        if (string.Equals(spec?.Trim(), "default", StringComparison.OrdinalIgnoreCase))
        {
            spec = DefaultSpec;
        }

        var names = new List<string>();
        var mirrored = false;
        foreach (var part in (spec ?? string.Empty).Split('+', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var name = part.ToLowerInvariant();
            if (name == "flip")
            {
                mirrored = true;
            }
            else if (!KnownModels.ContainsKey(name) || names.Contains(name))
            {
                throw new ArgumentException(
                    $"Unknown or repeated emotion model '{part}' in '{spec}'. Known: {string.Join(", ", KnownModels.Keys)}, 'flip', 'default'.",
                    nameof(spec));
            }
            else
            {
                names.Add(name);
            }
        }

        return names.Count == 0
            ? throw new ArgumentException($"The emotion model spec '{spec}' names no model.", nameof(spec))
            : (names, mirrored);
    }

    /// <summary>Classifies each detected face of an image.</summary>
    public EmotionProbabilities[] Classify(SKImage image, IReadOnlyList<DetectedFace> faces)
    {
        if (faces.Count == 0)
        {
            return [];
        }

        // Each model adds its (per view) probabilities; normalising the sum averages models and views alike.
        var length = faces.Count * EmotionProbabilities.Count;
        Span<float> sums = length <= StackLimit ? stackalloc float[length] : new float[length];
        sums.Clear();
        Span<bool> blurred = faces.Count <= StackLimit ? stackalloc bool[faces.Count] : new bool[faces.Count];
        blurred.Clear();
        if (Crop.SharpenBelow > 0)
        {
            var probe = _probes.Get();
            try
            {
                for (var i = 0; i < faces.Count; i++)
                {
                    blurred[i] = probe.IsBlurred(image, FaceAligner.CropMatrix(faces[i], FaceCropOptions.SharpnessSide, Crop), Crop.SharpenBelow);
                }
            }
            finally
            {
                _probes.Return(probe);
            }
        }

        foreach (var model in _models)
        {
            model.Accumulate(image, faces, Crop, Mirrored, sums, blurred);
        }

        var results = new EmotionProbabilities[faces.Count];
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = EmotionProbabilities.FromScores(sums.Slice(i * EmotionProbabilities.Count, EmotionProbabilities.Count));
        }

        return results;
    }

    /// <summary>Classifies an image that is a face already cropped (as in FER2013): the whole image is the face.</summary>
    public EmotionProbabilities ClassifyWhole(SKImage face)
    {
        Span<float> sums = stackalloc float[EmotionProbabilities.Count];
        sums.Clear();
        var blurred = false;
        if (Crop.SharpenBelow > 0)
        {
            var probe = _probes.Get();
            try
            {
                blurred = probe.IsWholeBlurred(face, Crop.SharpenBelow);
            }
            finally
            {
                _probes.Return(probe);
            }
        }

        foreach (var model in _models)
        {
            model.AccumulateWhole(face, Mirrored, sums, blurred ? Crop : null, Crop.ContrastPercent);
        }

        return EmotionProbabilities.FromScores(sums);
    }

    public void Dispose()
    {
        (_probes as IDisposable)?.Dispose();
        foreach (var model in _models)
        {
            model.Dispose();
        }
    }
}

/// <summary>
/// Renders a face at <see cref="FaceCropOptions.SharpnessSide"/> px to measure its detail, once per face whatever the
/// models' input sizes, so one threshold serves every model.
/// </summary>
internal sealed class SharpnessProbe : IDisposable
{
    private readonly SKBitmap _crop = new(new SKImageInfo(FaceCropOptions.SharpnessSide, FaceCropOptions.SharpnessSide, SKColorType.Rgba8888, SKAlphaType.Premul));
    private readonly SKCanvas _canvas;

    public SharpnessProbe() => _canvas = new SKCanvas(_crop);

    public bool IsBlurred(SKImage image, SKMatrix cropMatrix, float below)
    {
        FaceAligner.Draw(_canvas, image, cropMatrix);
        return Imaging.Sharpness.Measure(_crop) < below;
    }

    public bool IsWholeBlurred(SKImage face, float below)
    {
        FaceAligner.DrawWhole(_canvas, face, FaceCropOptions.SharpnessSide);
        return Imaging.Sharpness.Measure(_crop) < below;
    }

    public void Dispose()
    {
        _canvas.Dispose();
        _crop.Dispose();
    }
}
