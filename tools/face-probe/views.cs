#:project ../../src/Moodtune.Vision/Moodtune.Vision.csproj

// Probes what else could tell the boxes that get past the face checks from faces (issue 17,
// docs/detection-evaluation.md "Other views of a box, probed"): for every box the detector draws (Auto, score 0.5 and
// up) on each set, the verifier's p(face) on the box and on moved views of it (its mirror image, 15% smaller and larger,
// moved by a tenth of its side each way), FaceMesh's flag, the box the front model draws when the region around it
// (twice its side) is enlarged to the model's 128 pixels ("refined") with the verifier and the flag on that box, and
// optionally a second verifier's p(face) on the box and its mirror. One CSV row a box; tools/face-probe/views.py
// summarises. A probe, not the product: nothing here ships. Run through tools/face-probe/views.sh.
// Usage: views.cs MODELS_DIR OUT.csv [--second-verifier FILE] SET_DIR...
using System.Globalization;
using Moodtune.Vision.Detection;
using Moodtune.Vision.Evaluation;
using SkiaSharp;

var models = args[0];
var output = args[1];
var sets = args.Skip(2).ToList();
string? secondPath = null;
if (sets.Count >= 2 && sets[0] == "--second-verifier")
{
    secondPath = sets[1];
    sets.RemoveRange(0, 2);
}

using var detector = FaceDetector.FromDirectory(models);
using var verifier = FaceVerifier.FromDirectory(models) ?? throw new FileNotFoundException("no face verifier", models);
using var mesh = FaceMeshCheck.FromDirectory(models) ?? throw new FileNotFoundException("no face-flag model", models);
using var second = secondPath is null ? null : new FaceVerifier(secondPath);
using var writer = new StreamWriter(output);
writer.WriteLine("set,file,index,score,width,truth,v,v_mirror,v_small,v_large,v_left,v_right,v_up,v_down,flag,refined_score,refined_v,refined_flag,refined_truth,v2,v2_mirror,threshold,flag_threshold,v2_threshold");
foreach (var directory in sets)
{
    var set = Path.GetFileName(directory.TrimEnd('/'));
    foreach (var truth in DetectionTruth.Load(directory))
    {
        using var image = SKImage.FromEncodedData(Path.Combine(directory, truth.File));
        if (image is null)
        {
            continue;
        }

        var faces = detector.Detect(image);
        if (faces.Count == 0)
        {
            continue;
        }

        using var mirror = Mirror(image);
        var mirrored = faces.Select(f => MirrorFace(f, image.Width)).ToList();
        float[] View(float scale, float dx, float dy) => verifier.FaceProbabilities(image, [.. faces.Select(f => Move(f, scale, dx, dy))]);
        float[][] views =
        [
            verifier.FaceProbabilities(image, faces), verifier.FaceProbabilities(mirror, mirrored),
            View(0.85f, 0, 0), View(1.15f, 0, 0), View(1, -0.1f, 0), View(1, 0.1f, 0), View(1, 0, -0.1f), View(1, 0, 0.1f),
        ];
        var v2 = second?.FaceProbabilities(image, faces);
        var v2Mirror = second?.FaceProbabilities(mirror, mirrored);
        for (var i = 0; i < faces.Count; i++)
        {
            var face = faces[i];
            var refined = Refine(image, face);
            object[] row =
            [
                set, truth.File, i, face.Score, face.Box.Width, Label(truth, face.Box), .. views.Select(v => (object)v[i]),
                mesh.FaceProbability(image, face),
                refined?.Score ?? -1, refined is null ? -1 : verifier.FaceProbabilities(image, [refined])[0],
                refined is null ? -1 : mesh.FaceProbability(image, refined), refined is null ? "" : Label(truth, refined.Box),
                v2?[i] ?? -1, v2Mirror?[i] ?? -1, verifier.Threshold, mesh.Threshold, second?.Threshold ?? -1,
            ];
            writer.WriteLine(string.Join(',', row.Select(o => Convert.ToString(o, CultureInfo.InvariantCulture))));
        }
    }

    writer.Flush();
    Console.WriteLine($"{set}: done");
}

// 1: the box matches a true face (IoU ≥ 0.3, as eval-detect matches); 0: it does not, or the image has none; ?: the
// image's faces are counted but not boxed.
static string Label(TruthImage truth, FaceBox box) =>
    truth.Faces == 0 ? "0" :
    truth.Boxes is not { } boxes ? "?" :
    boxes.Any(b => b.IntersectionOverUnion(box) >= DetectionScore.MatchIoU) ? "1" : "0";

// The product's closer look (FaceDetector.RefineSmall, `--refine-below`) at every box, down to score 0.05 so that
// views.py can put its own score threshold on it; null when the front model draws no face there.
DetectedFace? Refine(SKImage image, DetectedFace face) =>
    detector.RefineSmall(image, [face], float.PositiveInfinity, new DetectorOptions { MinScore = 0.05f }) is [var refined] ? refined : null;

static SKImage Mirror(SKImage image)
{
    using var surface = SKSurface.Create(new SKImageInfo(image.Width, image.Height));
    surface.Canvas.Translate(image.Width, 0);
    surface.Canvas.Scale(-1, 1);
    surface.Canvas.DrawImage(image, 0, 0, SKSamplingOptions.Default);
    return surface.Snapshot();
}

// The face as the mirror image shows it: the subject's right eye and ear are then the other ones.
static DetectedFace MirrorFace(DetectedFace face, int width)
{
    Point2 M(Point2 p) => new(width - p.X, p.Y);
    var k = face.Keypoints;
    return face with
    {
        Box = face.Box with { X = width - face.Box.X - face.Box.Width },
        Keypoints = [M(k[1]), M(k[0]), M(k[2]), M(k[3]), M(k[5]), M(k[4])],
    };
}

// The box resized about its centre and moved by (dx, dy) of its side; the keypoints move with it (the crop's
// rotation comes from the eye line, which only moves).
static DetectedFace Move(DetectedFace face, float scale, float dx, float dy)
{
    var box = face.Box;
    var (ox, oy) = (dx * box.Width, dy * box.Height);
    var (w, h) = (box.Width * scale, box.Height * scale);
    return face with
    {
        Box = new FaceBox(box.CenterX + ox - (w / 2), box.CenterY + oy - (h / 2), w, h),
        Keypoints = [.. face.Keypoints.Select(p => new Point2(p.X + ox, p.Y + oy))],
    };
}
