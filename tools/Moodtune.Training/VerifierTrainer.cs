using System.Diagnostics;
using System.Globalization;
using Moodtune.Training.Data;
using Moodtune.Training.Export;
using Moodtune.Training.Model;
using Moodtune.Vision.Detection;
using TorchSharp;
using static TorchSharp.torch;

namespace Moodtune.Training;

/// <summary>What the face verifier learns from and how (the <c>verifier</c> command's options).</summary>
internal sealed record VerifierOptions
{
    /// <summary>Folder of face images, one per face, searched recursively: FER2013's train split.</summary>
    public required string FacesDirectory { get; init; }

    /// <summary>Folders of pictures without any person, each searched recursively (tools/detect-sets.sh's no-person-train and no-person-train-extra).</summary>
    public required IReadOnlyList<string> NonFacesDirectories { get; init; }

    public required string OutputPath { get; init; }

    /// <summary>Where the BlazeFace models are (the crops are the detector's boxes).</summary>
    public required string ModelsDirectory { get; init; }

    public int Faces { get; init; } = 12_000;

    public int Width { get; init; } = 8;

    public int Epochs { get; init; } = 15;

    public int BatchSize { get; init; } = 128;

    public double MaxLearningRate { get; init; } = 3e-3;

    /// <summary>
    /// Focal loss's gamma (Lin et al. 2017): each example's loss is scaled by (1 - p(its class))^gamma, so the many easy
    /// non-faces (plain backgrounds, random boxes) stop drowning the few hard ones (wheels, fruit, masks); 0 is plain
    /// cross-entropy.
    /// </summary>
    public double FocalGamma { get; init; }

    public int Seed { get; init; } = 1;

    /// <summary>
    /// Share of the crops (faces and others alike) shrunk to <see cref="MinLowResolution"/>-<see cref="MaxLowResolution"/> px and enlarged back
    /// before the network sees them, as a small face of a group photo reaches it: FER2013's faces are cut at about 48
    /// px, so without it the network meets few faces as soft as those. 0 (the default) draws no random number.
    /// </summary>
    public double LowResolutionProbability { get; init; }

    public const int MinLowResolution = 12;

    public const int MaxLowResolution = 24;

    /// <summary>Detector boxes down to this score become non-face examples (the product keeps 0.5 and up).</summary>
    public float NonFaceMinScore { get; init; } = 0.2f;

    public int RandomBoxesPerPicture { get; init; } = 6;

    /// <summary>Moved and resized copies of each detector box on a picture without people.</summary>
    public int JitteredCopies { get; init; } = 2;

    /// <summary>
    /// Moved and resized copies of each face's detector box, trained on only: the threshold is still chosen on the
    /// held-out faces' own boxes, as the product sees them. 0 (the default, the shipped recipe) adds none.
    /// </summary>
    public int FaceJitteredCopies { get; init; }

    /// <summary>
    /// FER2013 faces placed in the evaluation's camera scenes, near and far (<see cref="VerifierCrops.AddSceneFaces"/>),
    /// one crop each; held out by face as the others. 0 (the default) adds none.
    /// </summary>
    public int SceneFaces { get; init; }

    /// <summary>Share of held-out faces the threshold must keep.</summary>
    public double FaceRecall { get; init; } = 0.995;

    /// <summary>Pictures held out (all their crops) to choose the threshold on.</summary>
    public double SelectionFraction { get; init; } = 0.15;

    /// <summary>libtorch's threads; 0 leaves its default (one per core).</summary>
    public int Threads { get; init; }

    /// <summary>Where the crops are kept between runs (they take minutes to cut); null cuts them every time.</summary>
    public string? CropsCache { get; init; }
}

/// <summary>
/// Trains the face verifier (<see cref="FaceVerifier"/>): a width-8 <see cref="EmotionNet"/> with two outputs on 32x32
/// gray crops of detector boxes, faces against everything else; chooses its threshold on held-out pictures so that
/// <see cref="VerifierOptions.FaceRecall"/> of their faces pass, and exports it as a float ONNX model.
/// </summary>
internal static class VerifierTrainer
{
    private const int FirstSceneFaceGroup = 5_000_000;
    private const int FirstNonFaceGroup = 10_000_000;

    public sealed record Result(float Threshold, double SelectionFaceRecall, double SelectionOtherRejected, int TrainCrops, int SelectionCrops);

    public static Result Train(VerifierOptions options, TextWriter output)
    {
        void Write(string line) => output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{DateTime.UtcNow:HH:mm:ss}] {line}"));
        torch.random.manual_seed(options.Seed);
        if (options.Threads > 0)
        {
            torch.set_num_threads(options.Threads);
        }

        var clock = Stopwatch.StartNew();
        var cacheKey = string.Create(CultureInfo.InvariantCulture, $"{options.FacesDirectory}|{string.Join(';', options.NonFacesDirectories)}|{options.Faces}|{options.Seed}|{options.NonFaceMinScore}|{options.RandomBoxesPerPicture}|{options.JitteredCopies}|{options.FaceJitteredCopies}{(options.SceneFaces > 0 ? $"|scenes {options.SceneFaces}" : "")}");
        var crops = options.CropsCache is { } cache ? VerifierCrops.TryRead(cache, cacheKey) : null;
        if (crops is null)
        {
            crops = new VerifierCrops();
            using var detector = FaceDetector.FromDirectory(options.ModelsDirectory);
            crops.AddFerFaces(detector, options.FacesDirectory, options.Faces, options.Seed, group: 0, options.FaceJitteredCopies);
            if (options.SceneFaces > 0)
            {
                crops.AddSceneFaces(detector, options.FacesDirectory, options.SceneFaces, options.Seed, FirstSceneFaceGroup, new Vision.VisionOptions().RefineFacesNarrowerThan);
            }

            var group = FirstNonFaceGroup;
            foreach (var directory in options.NonFacesDirectories)
            {
                group = crops.AddNonFaces(detector, directory, options.NonFaceMinScore, options.RandomBoxesPerPicture, options.JitteredCopies, options.Seed, group);
            }
            if (options.CropsCache is { } path)
            {
                crops.Write(path, cacheKey);
            }
        }

        Write($"crops: {crops.CountOf(VerifierCrops.Face)} faces, {crops.CountOf(VerifierCrops.Other)} others ({clock.Elapsed.TotalSeconds:F0} s)");
        var (train, selection) = Split(crops, options.SelectionFraction, options.Seed);
        Write($"split by picture: {train.Length} crops to train on, {selection.Length} held out to choose the threshold");
        WriteHeldOutPictures(options, crops, selection);

        using var net = new EmotionNet(options.Width, 2);
        using var optimizer = optim.AdamW(net.parameters(), options.MaxLearningRate, weight_decay: 1e-4);
        var faces = train.Count(i => crops.Labels[i] == VerifierCrops.Face);
        // Balanced classes: each weighs as much in the loss as the other, however many examples it has.
        using var classWeights = tensor(new[] { train.Length / (2f * faces), train.Length / (2f * (train.Length - faces)) });
        var random = new Random(options.Seed);
        var batches = (train.Length + options.BatchSize - 1) / options.BatchSize;
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            random.Shuffle(train);
            net.train();
            var lossSum = 0.0;
            var stepped = 0;
            var guard = new GuardedStep();
            for (var b = 0; b < batches; b++)
            {
                var rate = options.MaxLearningRate * 0.5 * (1 + Math.Cos(Math.PI * ((epoch * batches) + b) / (options.Epochs * batches)));
                foreach (var group in optimizer.ParamGroups)
                {
                    group.LearningRate = rate;
                }

                var batch = train.AsSpan(b * options.BatchSize, Math.Min(options.BatchSize, train.Length - (b * options.BatchSize))).ToArray();
                var pixels = Augmented(crops, batch, random, options.LowResolutionProbability);
                using var scope = NewDisposeScope();
                var x = tensor(pixels, [batch.Length, 1, FaceVerifier.InputSize, FaceVerifier.InputSize]);
                var y = tensor(batch.Select(i => (long)crops.Labels[i]).ToArray(), [batch.Length]);
                if (guard.Take(net, optimizer, () => Loss(net.forward(x), y, classWeights, options.FocalGamma)) is { } loss)
                {
                    lossSum += loss * batch.Length;
                    stepped += batch.Length;
                }
            }

            guard.Report(epoch, batches, Write, whatStays: null);

            var (recall, rejected) = Score(FaceProbabilities(net, crops, selection), crops, selection, 0.5f);
            Write($"epoch {epoch + 1}/{options.Epochs}: loss {lossSum / Math.Max(stepped, 1):F4}; held out at 0.5: faces kept {recall:P2}, others rejected {rejected:P2}");
        }

        var probabilities = FaceProbabilities(net, crops, selection);
        var threshold = Threshold(probabilities, crops, selection, options.FaceRecall);
        var (keptFaces, rejectedOthers) = Score(probabilities, crops, selection, threshold);
        Write($"threshold {threshold:F4} keeps {keptFaces:P2} of held-out faces and rejects {rejectedOthers:P2} of held-out others");
        OnnxExport.WriteVerifier(
            net,
            options.OutputPath,
            threshold,
            $"Moodtune.Training face verifier, EmotionNet width {options.Width}, {options.Epochs} epochs, seed {options.Seed}: " +
            $"{options.Faces} FER2013 train faces{(options.SceneFaces > 0 ? $" and {options.SceneFaces} in camera scenes" : "")} against detector boxes on pictures without people");
        Write($"wrote {options.OutputPath}");
        return new Result(threshold, keptFaces, rejectedOthers, train.Length, selection.Length);
    }

    // Class-weighted cross-entropy, each example scaled by (1 - p)^gamma (focal loss), normalized as cross_entropy
    // normalizes a weighted mean: by the sum of the class weights of the batch.
    internal static Tensor Loss(Tensor logits, Tensor labels, Tensor classWeights, double gamma)
    {
        if (gamma == 0)
        {
            return nn.functional.cross_entropy(logits, labels, classWeights);
        }

        var logP = nn.functional.log_softmax(logits, 1).gather(1, labels.unsqueeze(1)).squeeze(1);
        var weights = classWeights.index_select(0, labels);
        var focus = (1 - logP.exp()).pow(gamma);
        return -(weights * focus * logP).sum() / weights.sum();
    }

    // The pictures without people none of whose crops were trained on, one path a line in OUT.held-out.txt: a set to
    // compare verifiers on at the product's own settings (`moodtune eval-detect`) without touching the evaluation sets.
    private static void WriteHeldOutPictures(VerifierOptions options, VerifierCrops crops, int[] selection)
    {
        var held = selection.Select(i => crops.Groups[i]).ToHashSet();
        var pictures = VerifierCrops.NonFacePictures(options.NonFacesDirectories, FirstNonFaceGroup).Where(p => held.Contains(p.Group)).Select(p => p.Path);
        File.WriteAllLines(options.OutputPath + ".held-out.txt", pictures);
    }

    internal static (int[] Train, int[] Selection) Split(VerifierCrops crops, double fraction, int seed)
    {
        var held = new HashSet<int>();
        foreach (var group in crops.Groups.Distinct())
        {
            // A per-picture draw that does not depend on the order pictures were read in (nor on the process: HashCode
            // is seeded per process, so it is not used here).
            if (new Random((int)((((long)seed * 1_000_003) + group) % int.MaxValue)).NextDouble() < fraction)
            {
                held.Add(group);
            }
        }

        // A held-out face's moved copies are neither trained on nor held out: the threshold is chosen on the boxes the
        // detector itself drew (the others' copies stay, as before: they are the hard cases another frame would box).
        var indices = Enumerable.Range(0, crops.Count);
        return (
            [.. indices.Where(i => !held.Contains(crops.Groups[i]))],
            [.. indices.Where(i => held.Contains(crops.Groups[i]) && !(crops.IsCopy[i] && crops.Labels[i] == VerifierCrops.Face))]);
    }

    // Mirror, brightness and contrast (which the normalization mostly undoes, but not where clipping lost detail), and
    // for half the crops a blur (up to four passes of the binomial [1 2 1] filter,
    // about sigma 1.4), so the network cannot tell faces by FER2013's softness (or upscaled small faces' blur) or by
    // any one lighting.
    private static float[] Augmented(VerifierCrops crops, int[] batch, Random random, double lowResolution)
    {
        const int size = FaceVerifier.InputSize;
        var pixels = new float[batch.Length * VerifierCrops.Pixels];
        var scratch = new float[VerifierCrops.Pixels];
        for (var n = 0; n < batch.Length; n++)
        {
            var source = crops.Image(batch[n]);
            var target = pixels.AsSpan(n * VerifierCrops.Pixels, VerifierCrops.Pixels);
            var mirror = random.Next(2) == 1;
            var contrast = 0.7f + (0.6f * random.NextSingle());
            var brightness = (random.NextSingle() - 0.5f) * 60f;
            for (var y = 0; y < size; y++)
            {
                for (var x = 0; x < size; x++)
                {
                    var value = ((source[(y * size) + (mirror ? size - 1 - x : x)] - 128f) * contrast) + 128f + brightness;
                    target[(y * size) + x] = Math.Clamp(value, 0f, 255f);
                }
            }

            for (var pass = random.Next(2) == 1 ? 1 + random.Next(4) : 0; pass > 0; pass--)
            {
                Blur(target, scratch, size);
            }

            if (lowResolution > 0 && random.NextDouble() < lowResolution)
            {
                Augmentation.LowResolution(target, random.Next(VerifierOptions.MinLowResolution, VerifierOptions.MaxLowResolution + 1), size);
            }

            FaceVerifier.Normalize(target);
        }

        return pixels;
    }

    // One pass of the separable binomial filter, edges repeated.
    private static void Blur(Span<float> image, Span<float> scratch, int size)
    {
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var row = y * size;
                scratch[row + x] = (image[row + Math.Max(x - 1, 0)] + (2 * image[row + x]) + image[row + Math.Min(x + 1, size - 1)]) / 4;
            }
        }

        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                image[(y * size) + x] = (scratch[(Math.Max(y - 1, 0) * size) + x] + (2 * scratch[(y * size) + x]) + scratch[(Math.Min(y + 1, size - 1) * size) + x]) / 4;
            }
        }
    }

    private static float[] FaceProbabilities(EmotionNet net, VerifierCrops crops, int[] indices)
    {
        net.eval();
        using var noGrad = no_grad();
        var result = new float[indices.Length];
        for (var first = 0; first < indices.Length; first += 512)
        {
            var count = Math.Min(512, indices.Length - first);
            var pixels = new float[count * VerifierCrops.Pixels];
            for (var i = 0; i < count; i++)
            {
                var crop = pixels.AsSpan(i * VerifierCrops.Pixels, VerifierCrops.Pixels);
                crops.Image(indices[first + i]).CopyTo(crop);
                FaceVerifier.Normalize(crop);
            }

            using var scope = NewDisposeScope();
            var probabilities = net.forward(tensor(pixels, [count, 1, FaceVerifier.InputSize, FaceVerifier.InputSize])).softmax(1);
            var faces = probabilities.select(1, VerifierCrops.Face).data<float>().ToArray();
            faces.CopyTo(result, first);
        }

        return result;
    }

    // The largest threshold that keeps at least the asked share of held-out faces.
    private static float Threshold(float[] probabilities, VerifierCrops crops, int[] indices, double recall)
    {
        var faces = indices.Select((index, i) => (index, i)).Where(p => crops.Labels[p.index] == VerifierCrops.Face).Select(p => probabilities[p.i]).Order().ToArray();
        var dropped = (int)Math.Floor(faces.Length * (1 - recall));
        return faces.Length == 0 ? 0.5f : faces[Math.Min(dropped, faces.Length - 1)];
    }

    private static (double FacesKept, double OthersRejected) Score(float[] probabilities, VerifierCrops crops, int[] indices, float threshold)
    {
        int faces = 0, kept = 0, others = 0, rejected = 0;
        for (var i = 0; i < indices.Length; i++)
        {
            if (crops.Labels[indices[i]] == VerifierCrops.Face)
            {
                faces++;
                kept += probabilities[i] >= threshold ? 1 : 0;
            }
            else
            {
                others++;
                rejected += probabilities[i] < threshold ? 1 : 0;
            }
        }

        return (faces == 0 ? 0 : kept / (double)faces, others == 0 ? 0 : rejected / (double)others);
    }
}
