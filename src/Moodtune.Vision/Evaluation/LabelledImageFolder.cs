using Moodtune.Mood;
using Moodtune.Vision.Emotions;

namespace Moodtune.Vision.Evaluation;

/// <summary>One image of a data set and its true class.</summary>
public sealed record LabelledImage(string Path, Emotion Emotion);

/// <summary>
/// A data set laid out as one folder per class (angry, disgust, fear, happy, sad, surprise, neutral), as FER2013's
/// image-folder form is. Other folders are reported, not read.
/// </summary>
public sealed class LabelledImageFolder
{
    private static readonly string[] ImageExtensions = [".jpg", ".jpeg", ".png", ".webp", ".bmp", ".gif"];

    private LabelledImageFolder(IReadOnlyList<LabelledImage> images, IReadOnlyList<string> ignoredFolders)
    {
        Images = images;
        IgnoredFolders = ignoredFolders;
    }

    public IReadOnlyList<LabelledImage> Images { get; }

    /// <summary>Sub-folders whose names are not one of the seven classes.</summary>
    public IReadOnlyList<string> IgnoredFolders { get; }

    /// <summary>Lists the images, in a stable order (class, then file name).</summary>
    /// <param name="limit">When set, at most this many images, evenly spaced over the stable order so each class keeps its share.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static LabelledImageFolder Open(string root, int? limit = null)
    {
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"Data set folder not found: {root}");
        }

        var images = new List<LabelledImage>();
        var ignored = new List<string>();
        foreach (var folder in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(folder);
            if (!Enum.TryParse<Emotion>(name, ignoreCase: true, out var emotion) || !Enum.IsDefined(emotion) || name.Any(char.IsDigit))
            {
                ignored.Add(name);
                continue;
            }

            var files = Directory.EnumerateFiles(folder)
                .Where(f => ImageExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
                .Order(StringComparer.Ordinal);
            images.AddRange(files.Select(f => new LabelledImage(f, emotion)));
        }

        if (limit is int wanted && wanted >= 0 && wanted < images.Count)
        {
            var step = (double)images.Count / wanted;
            images = [.. Enumerable.Range(0, wanted).Select(i => images[(int)(i * step)])];
        }

        return new LabelledImageFolder(images, ignored);
    }
}
