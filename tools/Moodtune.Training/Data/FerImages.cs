using SkiaSharp;

namespace Moodtune.Training.Data;

/// <summary>
/// A FER2013 split in memory: 48x48 gray images (one byte per pixel) with their labels, read from a folder per class.
/// </summary>
internal sealed class FerImages
{
    public const int Size = 48;
    public const int Pixels = Size * Size;

    /// <summary>The FER2013 label order (0 angry ... 6 neutral), also the model's output order.</summary>
    public static readonly string[] Classes = ["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"];

    private FerImages(byte[] pixels, int[] labels, string[] files)
    {
        Data = pixels;
        Labels = labels;
        Files = files;
    }

    /// <summary>The file each image came from.</summary>
    public string[] Files { get; }

    /// <summary>All images, <see cref="Pixels"/> bytes each, row-major.</summary>
    public byte[] Data { get; }

    public int[] Labels { get; }

    public int Count => Labels.Length;

    public ReadOnlySpan<byte> Image(int index) => Data.AsSpan(index * Pixels, Pixels);

    public int[] CountPerClass() => CountPerClass(Labels);

    /// <summary>The same images mirrored left to right, with their labels.</summary>
    public FerImages Mirrored()
    {
        var pixels = (byte[])Data.Clone();
        for (var row = 0; row < Count * Size; row++)
        {
            pixels.AsSpan(row * Size, Size).Reverse();
        }

        return new FerImages(pixels, Labels, Files);
    }

    /// <summary>The images in batches as float pixels 0..255, [count, 48*48] each: what the networks take.</summary>
    public IEnumerable<(int First, int Count, float[] Pixels)> FloatBatches(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        for (var first = 0; first < Count; first += size)
        {
            var count = Math.Min(size, Count - first);
            var pixels = new float[count * Pixels];
            for (var i = 0; i < pixels.Length; i++)
            {
                pixels[i] = Data[(first * Pixels) + i];
            }

            yield return (first, count, pixels);
        }
    }

    /// <summary>Images per class, in <see cref="Classes"/> order.</summary>
    public static int[] CountPerClass(IEnumerable<int> labels)
    {
        var counts = new int[Classes.Length];
        foreach (var label in labels)
        {
            counts[label]++;
        }

        return counts;
    }

    /// <summary>Images per class in a split folder, counted from its file names without decoding them.</summary>
    public static int[] CountFiles(string directory) => CountPerClass(List(directory).Select(f => f.Label));

    /// <summary>Reads DIR/&lt;class&gt;/*.jpg|png; with a limit, a seeded random sample of at most that many per class.</summary>
    public static FerImages Load(string directory, int? limitPerClass = null, int seed = 0) =>
        Load(List(directory, limitPerClass, seed));

    /// <summary>The files <see cref="Load(string, int?, int)"/> reads, with their labels.</summary>
    public static List<(string Path, int Label)> List(string directory, int? limitPerClass = null, int seed = 0)
    {
        var files = new List<(string Path, int Label)>();
        for (var label = 0; label < Classes.Length; label++)
        {
            var classDir = Path.Combine(directory, Classes[label]);
            if (!Directory.Exists(classDir))
            {
                throw new DirectoryNotFoundException($"Missing class folder '{classDir}'.");
            }

            files.AddRange(Directory.EnumerateFiles(classDir)
                .Where(f => f.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
                .Select(f => (f, label)));
        }

        return Sample(files, limitPerClass, seed);
    }

    /// <summary>
    /// The files in class order, each class's in ordinal path order; with a limit, a seeded random sample of at most that
    /// many per class (the same sample for the same files, limit and seed).
    /// </summary>
    public static List<(string Path, int Label)> Sample(IEnumerable<(string Path, int Label)> files, int? limitPerClass, int seed)
    {
        var sampled = new List<(string Path, int Label)>();
        var byClass = files.ToLookup(f => f.Label, f => f.Path);
        for (var label = 0; label < Classes.Length; label++)
        {
            var classFiles = byClass[label].Order(StringComparer.Ordinal).ToArray();
            if (limitPerClass is int limit && classFiles.Length > limit)
            {
                new Random(seed + label).Shuffle(classFiles);
                classFiles = [.. classFiles.Take(limit).Order(StringComparer.Ordinal)];
            }

            sampled.AddRange(classFiles.Select(f => (f, label)));
        }

        return sampled;
    }

    public static FerImages Load(IReadOnlyList<(string Path, int Label)> files)
    {
        var pixels = new byte[files.Count * Pixels];
        Parallel.For(0, files.Count, i => Decode(files[i].Path, pixels.AsSpan(i * Pixels, Pixels)));
        return new FerImages(pixels, [.. files.Select(f => f.Label)], [.. files.Select(f => f.Path)]);
    }

    // Decodes any image to 48x48 gray (resampled when another size; averaged channels when colour).
    private static void Decode(string path, Span<byte> destination)
    {
        using var decoded = SKBitmap.Decode(path) ?? throw new InvalidDataException($"Cannot decode '{path}'.");
        using var rgba = new SKBitmap(new SKImageInfo(Size, Size, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(rgba))
        {
            using var image = SKImage.FromBitmap(decoded);
            canvas.DrawImage(image, new SKRect(0, 0, Size, Size), new SKSamplingOptions(SKFilterMode.Linear));
        }

        var source = rgba.GetPixelSpan();
        for (var i = 0; i < Pixels; i++)
        {
            destination[i] = (byte)((source[i * 4] + source[(i * 4) + 1] + source[(i * 4) + 2] + 1) / 3);
        }
    }
}
