using Moodtune.Vision.Detection;
using Moodtune.Vision.Evaluation;
using Moodtune.Vision.Evaluation.Perturbations;
using SkiaSharp;

namespace Moodtune.Training.Data;

/// <summary>
/// The face verifier's examples: detector boxes cut as the product cuts them (<see cref="FaceVerifier.Crop"/>), labelled
/// face (0) or other (1), each with the picture it came from (<see cref="Groups"/>) so that a split never puts crops of
/// one picture on both sides, and whether it is a moved copy of a detector box (<see cref="IsCopy"/>).
/// </summary>
internal sealed class VerifierCrops
{
    public const int Face = 0;
    public const int Other = 1;
    public const int Pixels = FaceVerifier.InputSize * FaceVerifier.InputSize;

    private readonly List<float> _pixels = [];
    private readonly List<int> _labels = [];
    private readonly List<int> _groups = [];
    private readonly List<bool> _copies = [];

    public int Count => _labels.Count;

    public IReadOnlyList<int> Labels => _labels;

    public IReadOnlyList<int> Groups => _groups;

    /// <summary>Whether each crop is a moved and resized copy of a detector box rather than the box itself.</summary>
    public IReadOnlyList<bool> IsCopy => _copies;

    public ReadOnlySpan<float> Image(int index) => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_pixels).Slice(index * Pixels, Pixels);

    public int CountOf(int label) => _labels.Count(l => l == label);

    /// <summary>
    /// Faces: FER2013 images (a seeded sample of <paramref name="limit"/>), each centred in a mid-gray canvas twice its
    /// size as the detection evaluation pads them, and the detector's best box in it (images where it finds none add
    /// nothing); with <paramref name="jitteredCopies"/>, also that many copies of the box moved and resized as the
    /// others' are, because in a real photo the detector's box often sits off a face (a network that only ever saw
    /// faces centred, and every moved box labelled other, changes its mind when a box moves by a fraction of its side:
    /// docs/detection-evaluation.md, "Other views of a box").
    /// </summary>
    public void AddFerFaces(FaceDetector detector, string directory, int limit, int seed, int group, int jitteredCopies = 0)
    {
        var files = Pictures(directory).ToArray();
        new Random(seed).Shuffle(files);
        // Its own generator, so the sample of faces is the same with and without copies.
        var jitter = new Random(seed + 1);
        var crop = new float[Pixels];
        foreach (var file in files.Take(limit))
        {
            using var photo = SKImage.FromEncodedData(file);
            if (photo is null)
            {
                continue;
            }

            using var padded = Pad(photo);
            var faces = detector.Detect(padded, DetectorModel.Auto);
            if (faces.Count > 0)
            {
                FaceVerifier.Crop(padded, faces[0], crop);
                Add(crop, Face, group);
                for (var j = 0; j < jitteredCopies; j++)
                {
                    FaceVerifier.Crop(padded, Jitter(faces[0], jitter), crop);
                    Add(crop, Face, group, copy: true);
                }

                group++;
            }
        }
    }

    /// <summary>
    /// Faces as the product's camera path shows them: FER2013 images (a seeded sample of <paramref name="limit"/>, drawn
    /// apart from <see cref="AddFerFaces"/>'s) placed in the evaluation's camera scenes (<see cref="CameraScene"/>: a
    /// room, shoulders, the frame shrunk, sensor noise, JPEG), in turn near in a 320-px frame, far in a 320-px frame and
    /// far in the 640-px frame the feed then asks for, cut at the box the product would verify (the detector's, the small
    /// ones looked at again: <see cref="FaceDetector.RefineSmall"/>) where it overlaps the placed face. Faces centred in
    /// a plain gray canvas alone left the verifier unsure of camera faces: the checks drop 115 of the 3,243 far faces the
    /// detector finds on FER2013 val (issue 17). Returns the group the next face gets.
    /// </summary>
    public int AddSceneFaces(FaceDetector detector, string directory, int limit, int seed, int group, float refineNarrowerThan)
    {
        var files = Pictures(directory).ToArray();
        new Random(seed + 2).Shuffle(files);
        CameraScene[] scenes = [CameraScene.Near, CameraScene.Far, CameraScene.Far.WithFrameWidth(CameraScene.DefaultWideFrameWidth)];
        var crop = new float[Pixels];
        var n = 0;
        foreach (var file in files.Take(limit))
        {
            using var face = SKImage.FromEncodedData(file);
            if (face is null)
            {
                continue;
            }

            var scene = scenes[n % scenes.Length];
            using var frame = scene.Apply(face, seed + n);
            n++;
            var found = detector.RefineSmall(frame.Image, detector.Detect(frame.Image, DetectorModel.Auto), refineNarrowerThan);
            var placed = frame.Face!.Value;
            var best = found.Where(f => f.Box.IntersectionOverUnion(placed) >= DetectionScore.MatchIoU)
                .OrderByDescending(f => f.Box.IntersectionOverUnion(placed))
                .FirstOrDefault();
            if (best is not null)
            {
                FaceVerifier.Crop(frame.Image, best, crop);
                Add(crop, Face, group);
                group++;
            }
        }

        return group;
    }

    /// <summary>
    /// Other: every box either detector model puts on pictures without a person, down to <paramref name="minScore"/>
    /// (well below the product's 0.5, for more of the hard cases), on each picture and its mirror image, and a few
    /// random boxes per picture for the easy cases. Returns the group the next picture gets.
    /// </summary>
    public int AddNonFaces(FaceDetector detector, string directory, float minScore, int randomPerImage, int jitteredCopies, int seed, int group)
    {
        var random = new Random(seed);
        var options = new DetectorOptions { MinScore = minScore, MaxFaces = 16 };
        var crop = new float[Pixels];
        foreach (var file in Pictures(directory))
        {
            using var picture = SKImage.FromEncodedData(file);
            if (picture is null)
            {
                // Still a group of its own, so a picture's group is its place in Pictures (NonFacePictures relies on it).
                group++;
                continue;
            }

            using var mirrored = Mirror(picture);
            foreach (var image in (SKImage[])[picture, mirrored])
            {
                foreach (var model in (DetectorModel[])[DetectorModel.Front, DetectorModel.Back])
                {
                    foreach (var box in detector.Detect(image, model, options))
                    {
                        FaceVerifier.Crop(image, box, crop);
                        Add(crop, Other, group);

                        // The hard cases are few: each comes again slightly moved and resized, as another frame would box it.
                        for (var j = 0; j < jitteredCopies; j++)
                        {
                            FaceVerifier.Crop(image, Jitter(box, random), crop);
                            Add(crop, Other, group, copy: true);
                        }
                    }
                }
            }

            for (var i = 0; i < randomPerImage; i++)
            {
                FaceVerifier.Crop(picture, RandomBox(picture, random), crop);
                Add(crop, Other, group);
            }

            group++;
        }

        return group;
    }

    /// <summary>The images of a folder and its sub-folders in the order every Add method reads them (faces are then shuffled, seeded).</summary>
    public static IEnumerable<string> Pictures(string directory) =>
        Directory.EnumerateFiles(directory, "*.*", SearchOption.AllDirectories).Where(IsImage).Order(StringComparer.Ordinal);

    /// <summary>Each picture of the folders with the group <see cref="AddNonFaces"/> gives its crops, from <paramref name="firstGroup"/> on.</summary>
    public static IEnumerable<(string Path, int Group)> NonFacePictures(IEnumerable<string> directories, int firstGroup) =>
        directories.SelectMany(Pictures).Select((path, i) => (path, firstGroup + i));

    /// <summary>The crops saved by <see cref="Write"/> under the same key, or null (no file, another key, unreadable).</summary>
    public static VerifierCrops? TryRead(string path, string key)
    {
        try
        {
            using var reader = new BinaryReader(File.OpenRead(path));
            if (reader.ReadString() != key)
            {
                return null;
            }

            var crops = new VerifierCrops();
            var count = reader.ReadInt32();
            for (var i = 0; i < count; i++)
            {
                crops._labels.Add(reader.ReadInt32());
                crops._groups.Add(reader.ReadInt32());
                crops._copies.Add(reader.ReadBoolean());
                foreach (var value in reader.ReadBytes(Pixels))
                {
                    crops._pixels.Add(value);
                }
            }

            return crops;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Saves the crops (whole gray levels, one byte each) with the key of what made them.</summary>
    public void Write(string path, string key)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write(key);
        writer.Write(Count);
        for (var i = 0; i < Count; i++)
        {
            writer.Write(_labels[i]);
            writer.Write(_groups[i]);
            writer.Write(_copies[i]);
            foreach (var value in Image(i))
            {
                writer.Write((byte)value);
            }
        }
    }

    private void Add(ReadOnlySpan<float> crop, int label, int group, bool copy = false)
    {
        foreach (var value in crop)
        {
            _pixels.Add(value);
        }

        _labels.Add(label);
        _groups.Add(group);
        _copies.Add(copy);
    }

    private static bool IsImage(string path) =>
        path.EndsWith(".png", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase);

    private static SKImage Pad(SKImage photo)
    {
        using var bitmap = new SKBitmap(photo.Width * 2, photo.Height * 2);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor(128, 128, 128));
            canvas.DrawImage(photo, SKRect.Create(photo.Width / 2f, photo.Height / 2f, photo.Width, photo.Height), SKSamplingOptions.Default);
        }

        return SKImage.FromBitmap(bitmap);
    }

    private static SKImage Mirror(SKImage picture)
    {
        using var bitmap = new SKBitmap(picture.Width, picture.Height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Scale(-1, 1, picture.Width / 2f, 0);
            canvas.DrawImage(picture, 0, 0, SKSamplingOptions.Default);
        }

        return SKImage.FromBitmap(bitmap);
    }

    // The same box and keypoints scaled by up to ±15% about the box centre and moved by up to 10% of its side.
    private static DetectedFace Jitter(DetectedFace face, Random random)
    {
        var box = face.Box;
        var scale = 0.85f + (0.3f * random.NextSingle());
        var dx = (random.NextSingle() - 0.5f) * 0.2f * box.Width;
        var dy = (random.NextSingle() - 0.5f) * 0.2f * box.Height;
        Point2 Move(Point2 p) => new(box.CenterX + dx + ((p.X - box.CenterX) * scale), box.CenterY + dy + ((p.Y - box.CenterY) * scale));
        var corner = Move(new Point2(box.X, box.Y));
        return new DetectedFace(new FaceBox(corner.X, corner.Y, box.Width * scale, box.Height * scale), face.Score, [.. face.Keypoints.Select(Move)]);
    }

    // A square box of 15-60% of the shorter side with the keypoints of an upright face, so the crop is cut as a detection's.
    private static DetectedFace RandomBox(SKImage picture, Random random)
    {
        var side = Math.Min(picture.Width, picture.Height) * (0.15f + (0.45f * random.NextSingle()));
        var x = random.NextSingle() * (picture.Width - side);
        var y = random.NextSingle() * (picture.Height - side);
        Point2 At(float u, float v) => new(x + (u * side), y + (v * side));
        return new DetectedFace(
            new FaceBox(x, y, side, side),
            0f,
            [At(0.32f, 0.38f), At(0.68f, 0.38f), At(0.5f, 0.55f), At(0.5f, 0.75f), At(0.1f, 0.45f), At(0.9f, 0.45f)]);
    }
}
