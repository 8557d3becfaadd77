using System.Globalization;
using Moodtune.Vision.Imaging;
using SkiaSharp;

namespace Moodtune.Vision.Evaluation.Perturbations;

/// <summary>A strongly compressed upload or frame: the face encoded as JPEG at <see cref="Quality"/> and decoded again.</summary>
public sealed class JpegRecompression(int quality) : Perturbation("jpeg", string.Create(CultureInfo.InvariantCulture, $"JPEG quality {quality}, decoded again"))
{
    public int Quality { get; } = quality is >= 1 and <= 100 ? quality : throw new ArgumentOutOfRangeException(nameof(quality), quality, "must be 1-100");

    public override PerturbedImage Apply(SKImage face, int seed) => new(RoundTrip(face, Quality), null);

    /// <summary>Encodes with Skia's JPEG encoder and decodes as the engine decodes uploads and frames.</summary>
    internal static SKImage RoundTrip(SKImage image, int quality)
    {
        using var encoded = image.Encode(SKEncodedImageFormat.Jpeg, quality)
            ?? throw new InvalidOperationException("Skia could not encode the image as JPEG.");
        return ImageDecoder.Decode(encoded.AsSpan());
    }
}
