using Moodtune.Vision.Detection;
using SkiaSharp;

namespace Moodtune.Comparison;

/// <summary>One image of a recall set with the boxes of its faces, in its own pixels.</summary>
public sealed record TruthImage(string Set, string Path, IReadOnlyList<FaceBox> Faces);

/// <summary>
/// The images both pipelines see: the timed webcam-like frame, and the recall sets (the packaged photos, groups made
/// from them, a FER2013 sample). Generated images are written as JPEG to a work folder, so an outside program (the
/// face-api.js peer) can read the very same files.
/// </summary>
public static class BenchImages
{
    public const string Packaged = "packaged";
    public const string Synthetic = "synthetic";
    public const string Fer = "fer2013";
    public const string FerPadded = "fer2013_padded";

    public const int FrameWidth = 640;
    public const int FrameHeight = 480;

    // Measured on the 512x512 test photos (the face from brow to chin, ear to ear).
    public static readonly FaceBox AstronautFace = new(178, 81, 94, 94);
    public static readonly FaceBox CameraFace = new(181, 124, 87, 87);

    private static readonly string[] FerClasses = ["angry", "disgust", "fear", "happy", "neutral", "sad", "surprise"];

    /// <summary>
    /// The timed frame: the astronaut photo placed in a 640x480 canvas and encoded as JPEG (quality 85), as in
    /// bench/Moodtune.Benchmarks/PipelineBenchmarks.cs.
    /// </summary>
    public static (byte[] Jpeg, FaceBox Face) Frame(string imagesDirectory)
    {
        using var astronaut = Load(imagesDirectory, "astronaut.png");
        var place = new SKRect(80, 0, 560, 480);
        var jpeg = Compose(FrameWidth, FrameHeight, [(astronaut, place)]);
        return (jpeg, Map(AstronautFace, astronaut, place));
    }

    /// <summary>
    /// A webcam clip: <paramref name="count"/> frames like <see cref="Frame"/> with the astronaut swaying left and right
    /// (up to 60 pixels each way, about 6 per frame) and bobbing a little, as a user in front of a laptop does.
    /// </summary>
    public static IReadOnlyList<byte[]> MovingFrames(string imagesDirectory, int count)
    {
        using var astronaut = Load(imagesDirectory, "astronaut.png");
        var frames = new List<byte[]>(count);
        for (var i = 0; i < count; i++)
        {
            var phase = 2 * Math.PI * i / count;
            var x = 80 + (float)(60 * Math.Sin(phase));
            var y = (float)(10 * Math.Sin(2 * phase));
            frames.Add(Compose(FrameWidth, FrameHeight, [(astronaut, SKRect.Create(x, y, 480, 480))]));
        }

        return frames;
    }

    /// <summary>The two packaged photos: one face each, at the measured boxes.</summary>
    public static IReadOnlyList<TruthImage> PackagedPhotos(string imagesDirectory) =>
    [
        new(Packaged, System.IO.Path.Combine(imagesDirectory, "astronaut.png"), [AstronautFace]),
        new(Packaged, System.IO.Path.Combine(imagesDirectory, "camera.png"), [CameraFace]),
    ];

    /// <summary>
    /// Group pictures made from the packaged photos, written under <paramref name="workDirectory"/>: the timed frame
    /// (1 face), three astronauts side by side in 1280x480 (3 faces) and a 2x2 grid of both photos in 1024x1024 (4 faces).
    /// </summary>
    public static IReadOnlyList<TruthImage> SyntheticGroups(string imagesDirectory, string workDirectory)
    {
        using var astronaut = Load(imagesDirectory, "astronaut.png");
        using var camera = Load(imagesDirectory, "camera.png");
        var images = new List<TruthImage>();

        var (frame, frameFace) = Frame(imagesDirectory);
        images.Add(Write(workDirectory, "frame-640x480.jpg", frame, [frameFace]));

        var row = new List<(SKImage, SKRect)>();
        for (var i = 0; i < 3; i++)
        {
            row.Add((astronaut, SKRect.Create(8 + (i * 424), 32, 416, 416)));
        }

        images.Add(Write(workDirectory, "group3-1280x480.jpg", Compose(1280, 480, row), [.. row.Select(p => Map(AstronautFace, p.Item1, p.Item2))]));

        var grid = new List<(SKImage Photo, SKRect Place, FaceBox Face)>
        {
            (astronaut, SKRect.Create(0, 0, 512, 512), AstronautFace),
            (camera, SKRect.Create(512, 0, 512, 512), CameraFace),
            (camera, SKRect.Create(0, 512, 512, 512), CameraFace),
            (astronaut, SKRect.Create(512, 512, 512, 512), AstronautFace),
        };
        images.Add(Write(
            workDirectory,
            "grid4-1024x1024.jpg",
            Compose(1024, 1024, [.. grid.Select(g => (g.Photo, g.Place))]),
            [.. grid.Select(g => Map(g.Face, g.Photo, g.Place))]));
        return images;
    }

    /// <summary>
    /// A deterministic sample of FER2013 faces, evenly spread over the seven classes and, within a class, over its files
    /// in name order. Each 48x48 image is one face that fills it, so its true box is the whole image. Empty when the
    /// folder is absent.
    /// </summary>
    public static IReadOnlyList<TruthImage> FerSample(string ferDirectory, int count)
    {
        if (count <= 0 || !Directory.Exists(ferDirectory))
        {
            return [];
        }

        var images = new List<TruthImage>(count);
        for (var c = 0; c < FerClasses.Length; c++)
        {
            var folder = System.IO.Path.Combine(ferDirectory, FerClasses[c]);
            if (!Directory.Exists(folder))
            {
                continue;
            }

            var files = Directory.GetFiles(folder, "*.jpg").Order(StringComparer.Ordinal).ToArray();
            var quota = Math.Min(files.Length, (count / FerClasses.Length) + (c < count % FerClasses.Length ? 1 : 0));
            for (var k = 0; k < quota; k++)
            {
                images.Add(new TruthImage(Fer, files[(int)((long)k * files.Length / quota)], [new FaceBox(0, 0, 48, 48)]));
            }
        }

        return images;
    }

    /// <summary>
    /// The FER2013 sample again, each face centred in a 96x96 mid-gray canvas: the raw crops have no margin around the
    /// face, which a sliding-window detector such as Haar's needs; this set separates "needs margin" from "misses faces".
    /// </summary>
    public static IReadOnlyList<TruthImage> FerWithMargin(IReadOnlyList<TruthImage> fer, string workDirectory)
    {
        ArgumentNullException.ThrowIfNull(fer);
        var images = new List<TruthImage>(fer.Count);
        foreach (var face in fer)
        {
            using var photo = SKImage.FromEncodedData(face.Path);
            if (photo is null)
            {
                continue;
            }

            var place = SKRect.Create(photo.Width / 2f, photo.Height / 2f, photo.Width, photo.Height);
            using var bitmap = new SKBitmap(photo.Width * 2, photo.Height * 2);
            using (var canvas = new SKCanvas(bitmap))
            {
                canvas.Clear(new SKColor(128, 128, 128));
                canvas.DrawImage(photo, place, SKSamplingOptions.Default);
            }

            var path = System.IO.Path.Combine(workDirectory, $"fer-{images.Count:000}-{System.IO.Path.GetFileNameWithoutExtension(face.Path)}.png");
            using (var data = bitmap.Encode(SKEncodedImageFormat.Png, 100))
            {
                File.WriteAllBytes(path, data.ToArray());
            }

            images.Add(new TruthImage(FerPadded, path, [.. face.Faces.Select(f => new FaceBox(f.X + place.Left, f.Y + place.Top, f.Width, f.Height))]));
        }

        return images;
    }

    /// <summary>A face box of a photo after the photo is drawn into <paramref name="place"/>.</summary>
    public static FaceBox Map(FaceBox face, SKImage photo, SKRect place)
    {
        ArgumentNullException.ThrowIfNull(photo);
        var sx = place.Width / photo.Width;
        var sy = place.Height / photo.Height;
        return new FaceBox(place.Left + (face.X * sx), place.Top + (face.Y * sy), face.Width * sx, face.Height * sy);
    }

    private static SKImage Load(string directory, string name)
    {
        var path = System.IO.Path.Combine(directory, name);
        return SKImage.FromEncodedData(path) ?? throw new FileNotFoundException($"Test photo missing or unreadable: {path}", path);
    }

    private static byte[] Compose(int width, int height, IReadOnlyList<(SKImage Photo, SKRect Place)> photos)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.DimGray);
            foreach (var (photo, place) in photos)
            {
                canvas.DrawImage(photo, place, new SKSamplingOptions(SKCubicResampler.Mitchell));
            }
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 85);
        return data.ToArray();
    }

    private static TruthImage Write(string directory, string name, byte[] jpeg, IReadOnlyList<FaceBox> faces)
    {
        var path = System.IO.Path.Combine(directory, name);
        File.WriteAllBytes(path, jpeg);
        return new TruthImage(Synthetic, path, faces);
    }
}
