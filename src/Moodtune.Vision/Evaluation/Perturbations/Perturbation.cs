using System.Security.Cryptography;
using System.Text;
using Moodtune.Vision.Detection;
using SkiaSharp;

namespace Moodtune.Vision.Evaluation.Perturbations;

/// <summary>
/// A deterministic change to a face image (as FER2013 holds them: a cropped face, the whole image), for measuring how
/// the expression models hold up in poor conditions (`moodtune eval --perturb`, models/README.md). Anything random is
/// drawn from the seed, so the same image with the same seed always gives the same pixels.
/// </summary>
public abstract class Perturbation(string name, string description)
{
    /// <summary>
    /// The robustness table's rows, in order; the first is the reference the others are compared with. The one place
    /// where the conditions and their strengths are defined.
    /// </summary>
    public static IReadOnlyList<Perturbation> Standard { get; } =
    [
        new Unchanged(),
        new Exposure("dark", 0.4f),
        new Exposure("overexposed", 1.8f),
        new GaussianBlur(1.5f),
        new JpegRecompression(20),
        new Roll(15f),
        new Downscale(24),
        CameraScene.Near,
        CameraScene.Far,
    ];

    /// <summary>Short, stable name (the JSON key and the table's row), e.g. "dark".</summary>
    public string Name { get; } = name;

    /// <summary>What it does, in a few words, e.g. "pixel values x0.4".</summary>
    public string Description { get; } = description;

    /// <summary>Whether the result is a scene in which the face must first be found by the detector.</summary>
    public virtual bool NeedsDetection => false;

    /// <summary>Applies the change to <paramref name="face"/> (not modified); the caller disposes the result.</summary>
    public abstract PerturbedImage Apply(SKImage face, int seed);

    /// <summary>
    /// A seed that depends only on the text (a file's name within its data set, say), the same in every process and on
    /// every machine: string.GetHashCode is randomised per process, so a hash of the bytes is taken instead.
    /// </summary>
    public static int SeedOf(string key) => BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes(key)), 0);

    /// <summary>Sampling for drawing an image at its own size and place: each pixel as it is.</summary>
    protected static readonly SKSamplingOptions Exact = new(SKFilterMode.Nearest, SKMipmapMode.None);

    /// <summary>A new opaque image of the given size, drawn by <paramref name="draw"/> onto a black canvas.</summary>
    protected static SKImage Render(int width, int height, Action<SKCanvas> draw)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException($"Skia could not create a {width}x{height} surface.");
        surface.Canvas.Clear(SKColors.Black);
        draw(surface.Canvas);
        return surface.Snapshot();
    }
}

/// <summary>
/// A perturbed image, and where the face is in it when it is a scene (<see cref="Perturbation.NeedsDetection"/>); null
/// when the whole image is the face.
/// </summary>
public sealed record PerturbedImage(SKImage Image, FaceBox? Face) : IDisposable
{
    public void Dispose() => Image.Dispose();
}
