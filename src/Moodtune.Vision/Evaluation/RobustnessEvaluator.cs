using System.Collections.Concurrent;
using Moodtune.Mood;
using Moodtune.Vision.Detection;
using Moodtune.Vision.Evaluation.Perturbations;
using Moodtune.Vision.Imaging;
using Moodtune.Vision.Tracking;
using SkiaSharp;

namespace Moodtune.Vision.Evaluation;

/// <summary>
/// Expression accuracy of the product's pipeline on a labelled face folder under each of a list of perturbations (the
/// robustness table: `moodtune eval --perturb`, models/README.md). Every image is decoded once and perturbed the same
/// way for every model, seeded by its class and file name.
/// </summary>
public static class RobustnessEvaluator
{
    /// <summary>Evaluates every image under every perturbation, on all cores (one inference thread per image).</summary>
    /// <param name="perturbations">The rows; the first is the reference the drops are measured against.</param>
    public static RobustnessResult Evaluate(LabelledImageFolder data, VisionOptions options, IReadOnlyList<Perturbation> perturbations, Action? onImage = null)
    {
        ArgumentOutOfRangeException.ThrowIfZero(perturbations.Count);
        using var analyzer = new FaceAnalyzer(options with { Inference = options.Inference with { IntraOpThreads = 1 } });

        // A fresh feed per scene without tracking: each scene is a first frame, so the detector always runs on it, at
        // the scene's widths; a second frame when the feed asks for the other width, as the page would send it.
        var feeds = perturbations.Select(p => p is CameraScene scene
            ? options.Feed with { FrameWidth = scene.FrameWidth, WideFrameWidth = scene.WideFrameWidth, Tracking = false }
            : options.Feed with { Tracking = false }).ToArray();
        var answers = new Answer[perturbations.Count, data.Images.Count];
        var failed = new bool[data.Images.Count];
        var problems = new ConcurrentQueue<(string File, string Message)>();
        Parallel.For(0, data.Images.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var image = data.Images[i];
            try
            {
                using var face = ImageDecoder.Decode(File.ReadAllBytes(image.Path), options.Limits);
                var key = $"{EmotionProbabilities.Name(image.Emotion)}/{Path.GetFileName(image.Path)}";
                for (var p = 0; p < perturbations.Count; p++)
                {
                    var perturbation = perturbations[p];
                    var seed = Perturbation.SeedOf($"{perturbation.Name}/{key}");
                    using var perturbed = perturbation.Apply(face, seed);
                    answers[p, i] = perturbed.Face is not null
                        ? SeeAsTheFeed(analyzer, feeds[p], perturbation, perturbed, face, seed)
                        : new Answer(analyzer.ClassifyFaceImage(perturbed.Image).Top);
                }
            }
            catch (Exception e) when (e is ImageDecodeException or IOException or UnauthorizedAccessException)
            {
                failed[i] = true;
                problems.Enqueue((image.Path, e.Message));
            }

            onImage?.Invoke();
        });

        var rows = new PerturbationScore[perturbations.Count];
        for (var p = 0; p < perturbations.Count; p++)
        {
            var all = new ClassificationReport();
            var found = new ClassificationReport();
            for (var i = 0; i < data.Images.Count; i++)
            {
                if (failed[i])
                {
                    continue;
                }

                var actual = data.Images[i].Emotion;
                if (answers[p, i].Emotion is { } predicted)
                {
                    all.Add(actual, predicted);
                    found.Add(actual, predicted);
                }
                else
                {
                    all.AddMiss(actual);
                }
            }

            rows[p] = new PerturbationScore(perturbations[p], all, found);
        }

        return new RobustnessResult(analyzer.EmotionModelSpec, rows, [.. problems]);
    }

    // The scene's first frame; when the feed then asks for frames of another width (a camera scene with wide frames,
    // the face small or missed), the same scene sent at that width is the frame the answer comes from.
    private static Answer SeeAsTheFeed(FaceAnalyzer analyzer, CameraFeedOptions feedOptions, Perturbation perturbation, PerturbedImage first, SKImage face, int seed)
    {
        var feed = analyzer.OpenFeed(feedOptions);
        var analysis = feed.Analyze(first.Image);
        if (perturbation is not CameraScene { WideFrameWidth: not null } scene || feed.NextFrameWidth == scene.FrameWidth)
        {
            return FindAndClassify(analysis, first.Face!.Value);
        }

        using var second = scene.WithFrameWidth(feed.NextFrameWidth).Apply(face, seed);
        return FindAndClassify(feed.Analyze(second.Image), second.Face!.Value);
    }

    /// <summary>
    /// The expression of the face the app would read (the primary face), when that is the planted face; a miss when the
    /// detector found nothing there or took something else for the user.
    /// </summary>
    private static Answer FindAndClassify(FaceAnalysis analysis, FaceBox truth) =>
        analysis.PrimaryFace is { } face && face.Box.IntersectionOverUnion(truth) >= DetectionScore.MatchIoU ? new Answer(face.Emotion) : default;

    private readonly record struct Answer(Emotion? Emotion);
}

/// <summary>
/// One row of the robustness table. <see cref="All"/> counts every image, an image whose face was not found as wrong;
/// <see cref="Found"/> only those whose face was found (the same for perturbations that need no detection).
/// </summary>
public sealed record PerturbationScore(Perturbation Perturbation, ClassificationReport All, ClassificationReport Found)
{
    public int Images => All.Images;

    public int FacesFound => Found.Images;
}

/// <summary>What one robustness run measured for one model spec; drops are against the first row.</summary>
public sealed record RobustnessResult(string Model, IReadOnlyList<PerturbationScore> Rows, IReadOnlyList<(string File, string Message)> Problems)
{
    public PerturbationScore Reference => Rows[0];

    /// <summary>Accuracy points lost against the reference (positive when the perturbation hurts).</summary>
    public float AccuracyDrop(PerturbationScore row) => Reference.All.Accuracy - row.All.Accuracy;

    public float MacroF1Drop(PerturbationScore row) => Reference.All.MacroF1 - row.All.MacroF1;

    /// <summary>The row that loses the most accuracy against the reference.</summary>
    public PerturbationScore Worst => Rows.Skip(1).DefaultIfEmpty(Reference).MaxBy(AccuracyDrop)!;
}
