using Moodtune.Mood;
using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Moodtune.Vision.Inference;
using SkiaSharp;

namespace Moodtune.Vision.Emotions;

/// <summary>
/// One expression classifier in ONNX, self-described by its metadata: input <c>input</c> (NCHW float pixels 0..255,
/// gray or RGB, square), output <c>probabilities</c> (softmax over <c>moodtune.classes</c>, in the model's own order).
/// </summary>
public sealed class EmotionModel : IDisposable
{
    private readonly InferenceSession _session;
    private readonly int[] _toCanonical;
    private readonly float[] _grayWeights;

    private EmotionModel(string name, InferenceSession session)
    {
        Name = name;
        _session = session;
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
    }

    public string Name { get; }

    public int InputSize { get; }

    public bool IsGray { get; }

    public string Source { get; }

    private int Channels => IsGray ? 1 : 3;

    public static EmotionModel Load(string name, string path, InferenceSettings settings) =>
        new(name, settings.CreateSession(path));

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

    /// <summary>Classifies face crops already resampled to <see cref="InputSize"/> (RGBA, premultiplied, opaque).</summary>
    /// <param name="mirrored">Whether to also classify each crop mirrored left-right and average (test-time augmentation).</param>
    public EmotionProbabilities[] Predict(IReadOnlyList<SKBitmap> crops, bool mirrored)
    {
        ArgumentOutOfRangeException.ThrowIfZero(crops.Count);
        var views = mirrored ? 2 : 1;
        var batch = crops.Count * views;
        var plane = InputSize * InputSize;
        var input = new float[batch * Channels * plane];
        for (var i = 0; i < crops.Count; i++)
        {
            var crop = crops[i];
            if (crop.Width != InputSize || crop.Height != InputSize || crop.ColorType != SKColorType.Rgba8888)
            {
                throw new ArgumentException($"Crops must be {InputSize}x{InputSize} RGBA; got {crop.Width}x{crop.Height} {crop.ColorType}.", nameof(crops));
            }

            for (var view = 0; view < views; view++)
            {
                var offset = ((i * views) + view) * Channels * plane;
                Fill(crop.GetPixelSpan(), input.AsSpan(offset, Channels * plane), mirror: view == 1);
            }
        }

        using var inputValue = OrtValue.CreateTensorValueFromMemory(input, [batch, Channels, InputSize, InputSize]);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, ["input"], [inputValue], ["probabilities"]);
        var scores = outputs[0].GetTensorDataAsSpan<float>();

        var results = new EmotionProbabilities[crops.Count];
        Span<float> canonical = stackalloc float[EmotionProbabilities.Count];
        for (var i = 0; i < crops.Count; i++)
        {
            canonical.Clear();
            for (var view = 0; view < views; view++)
            {
                var row = scores.Slice(((i * views) + view) * EmotionProbabilities.Count, EmotionProbabilities.Count);
                for (var c = 0; c < row.Length; c++)
                {
                    canonical[_toCanonical[c]] += row[c];
                }
            }

            results[i] = EmotionProbabilities.FromScores(canonical);
        }

        return results;
    }

    public void Dispose() => _session.Dispose();

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
}
