using System.Text.Json;

namespace Moodtune.ModelConverter.Reference;

/// <summary>One reference input and the probabilities TF.js computed for it.</summary>
/// <param name="Pattern">noise (with <paramref name="Seed"/>), ramp, or constant (with <paramref name="Value"/>); see <see cref="ReferenceFixture.Pixels"/>.</param>
public sealed record ReferenceCase(string Name, string Pattern, int Seed, int Value, IReadOnlyList<float> Probabilities);

/// <summary>Reference outputs of a model from the real TF.js runtime, written by tools/model-sources/reference-outputs.js.</summary>
public sealed record ReferenceFixture(string Model, string Source, string Runtime, int Height, int Width, int Channels, IReadOnlyList<string> Classes, IReadOnlyList<ReferenceCase> Cases)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static ReferenceFixture Load(string path) =>
        JsonSerializer.Deserialize<ReferenceFixture>(File.ReadAllText(path), Json) ?? throw new InvalidDataException($"'{path}' is empty.");

    /// <summary>
    /// Raw 0..255 pixel values of one case, NHWC, before any model normalisation; the same integer formulas as
    /// reference-outputs.js, where i is the flat NHWC index and y, x, c its row, column and channel.
    /// </summary>
    public float[] Pixels(ReferenceCase referenceCase)
    {
        ArgumentNullException.ThrowIfNull(referenceCase);
        var pixels = new float[Height * Width * Channels];
        for (var i = 0; i < pixels.Length; i++)
        {
            var (y, x, c) = (i / (Width * Channels), i / Channels % Width, i % Channels);
            pixels[i] = referenceCase.Pattern switch
            {
                "noise" => (int)((((long)i * 7919) + ((long)referenceCase.Seed * 104729)) % 256),
                "ramp" => ((2 * x) + (3 * y) + (85 * c)) % 256,
                "constant" => referenceCase.Value,
                _ => throw new InvalidDataException($"Reference case '{referenceCase.Name}' has unknown pattern '{referenceCase.Pattern}'."),
            };
        }

        return pixels;
    }

    /// <summary>All cases as one NCHW batch, the layout of the converted models' input.</summary>
    public float[] NchwBatch()
    {
        var plane = Height * Width;
        var batch = new float[Cases.Count * plane * Channels];
        for (var n = 0; n < Cases.Count; n++)
        {
            var nhwc = Pixels(Cases[n]);
            for (var p = 0; p < plane; p++)
            {
                for (var c = 0; c < Channels; c++)
                {
                    batch[(((n * Channels) + c) * plane) + p] = nhwc[(p * Channels) + c];
                }
            }
        }

        return batch;
    }
}
