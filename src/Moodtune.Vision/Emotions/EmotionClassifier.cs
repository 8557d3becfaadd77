using Moodtune.Mood;
using Moodtune.Vision.Alignment;
using Moodtune.Vision.Detection;
using Moodtune.Vision.Inference;
using SkiaSharp;

namespace Moodtune.Vision.Emotions;

/// <summary>
/// Classifies faces with one model or an ensemble, optionally averaging each face with its mirror image.
/// Specs name the models joined by '+', with an optional "flip": "minixception", "faceapi+flip", "minixception+faceapi+flip".
/// </summary>
public sealed class EmotionClassifier : IDisposable
{
    /// <summary>Model files by name, under the models directory.</summary>
    public static readonly IReadOnlyDictionary<string, string> KnownModels = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["minixception"] = "emotion-minixception.onnx",
        ["faceapi"] = "emotion-faceapi.onnx",
    };

    /// <summary>The spec "default" stands for; chosen by accuracy on the FER2013 val split (see models/README.md).</summary>
    public const string DefaultSpec = "minixception+faceapi+flip";

    private readonly IReadOnlyList<EmotionModel> _models;

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

        var perModel = new List<EmotionProbabilities[]>(_models.Count);
        foreach (var model in _models)
        {
            var crops = new SKBitmap[faces.Count];
            try
            {
                for (var i = 0; i < faces.Count; i++)
                {
                    crops[i] = NewCrop(model.InputSize);
                    FaceAligner.Draw(image, FaceAligner.CropMatrix(faces[i], model.InputSize, Crop), crops[i]);
                }

                perModel.Add(model.Predict(crops, Mirrored));
            }
            finally
            {
                Array.ForEach(crops, c => c?.Dispose());
            }
        }

        return Combine(perModel, faces.Count);
    }

    /// <summary>Classifies an image that is a face already cropped (as in FER2013): the whole image is the face.</summary>
    public EmotionProbabilities ClassifyWhole(SKImage face)
    {
        var perModel = new List<EmotionProbabilities[]>(_models.Count);
        foreach (var model in _models)
        {
            using var crop = NewCrop(model.InputSize);
            FaceAligner.DrawWhole(face, crop);
            perModel.Add(model.Predict([crop], Mirrored));
        }

        return Combine(perModel, 1)[0];
    }

    public void Dispose()
    {
        foreach (var model in _models)
        {
            model.Dispose();
        }
    }

    private static SKBitmap NewCrop(int size) => new(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul));

    private static EmotionProbabilities[] Combine(List<EmotionProbabilities[]> perModel, int faces)
    {
        if (perModel.Count == 1)
        {
            return perModel[0];
        }

        var combined = new EmotionProbabilities[faces];
        for (var i = 0; i < faces; i++)
        {
            combined[i] = EmotionProbabilities.Average([.. perModel.Select(p => p[i])]);
        }

        return combined;
    }
}
