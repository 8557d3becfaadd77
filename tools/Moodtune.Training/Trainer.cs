using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Moodtune.Training.Data;
using Moodtune.Training.Distillation;
using Moodtune.Training.Export;
using Moodtune.Training.Model;
using Moodtune.Vision.Evaluation;
using TorchSharp;
using static TorchSharp.torch;

namespace Moodtune.Training;

/// <summary>
/// Trains <see cref="EmotionNet"/> on `train` with augmentation, class-weighted cross-entropy, AdamW and a one-cycle
/// schedule (linear warm-up, cosine decay, set every step), optionally distilling from a teacher model as well;
/// checkpoints every epoch; keeps the epoch with the best macro-F1 on the split it chooses on (the selection split of
/// train, or val for the older recipes) and exports it to ONNX, reporting val once at the end.
/// </summary>
internal sealed class Trainer(TrainingOptions options, TextWriter output)
{
    private const double WarmupFraction = 0.15;

    /// <param name="Report">The exported model's figures on val: the report, never chosen on (the choice figures with --choose-on val).</param>
    public sealed record Result(string ModelPath, int BestEpoch, ClassificationReport Report, TimeSpan TrainTimePerEpoch, Calibration Calibration);

    /// <summary>The temperature fitted on the choice split and the expected calibration error (15 bins) and NLL before and after it.</summary>
    public sealed record Calibration(double Temperature, double EceBefore, double EceAfter, double NllBefore, double NllAfter);

    /// <returns>The exported model's figures; null when the run stopped early (<see cref="TrainingOptions.StopAfterEpoch"/>).</returns>
    public Result? Run()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options.BlurProbability);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.BlurProbability, 1);

        // The command line refuses these naming the option; this guards runs built in code (the tests).
        ArgumentOutOfRangeException.ThrowIfNegative(options.LabelSmoothing);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(options.LabelSmoothing, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Mixing.MixupAlpha);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Mixing.CutMixAlpha);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Mixing.Probability);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Mixing.Probability, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(options.WeightAverageDecay);
        var device = TrainingDevice(options.Device);
        var teacherMembers = TeacherMembers();
        CheckTrainedFor(teacherMembers.Select(m => m.Weights), options.ChooseOn, output);
        if (options.Threads is int threads)
        {
            torch.set_num_threads(threads);
        }

        var choice = options.ChooseOn;
        Checkpoint? resumed = null;
        string? resumedDir = null, resumedName = null;
        if (options.Resume is not null)
        {
            (resumed, resumedDir, resumedName) = Checkpoint.Load(options.Resume);
            if (resumed.ChoseOn != choice)
            {
                throw new ArgumentException(
                    $"{options.Resume} chose its epochs on {resumed.ChoseOn.Name()} and trained on {(resumed.ChoseOn == ChoiceSplit.Val ? "all of train" : "train less the selection split")}; resume it with --choose-on {resumed.ChoseOn.Name()}, or start afresh.");
            }
        }

        torch.random.manual_seed(options.Seed);
        var loading = Stopwatch.StartNew();
        var train = FerImages.Load(FerSplits.TrainingFiles(options.DataDirectory, choice, options.LimitPerClass, options.Seed));
        var chooseOn = FerImages.Load(FerSplits.ChoiceFiles(options.DataDirectory, choice, options.ValLimitPerClass, options.Seed));
        Write($"data: {train.Count} train images{(choice == ChoiceSplit.Selection ? " (the selection split held out)" : string.Empty)}, {chooseOn.Count} {choice.Name()} images to choose the epoch on ({loading.Elapsed.TotalSeconds:F1} s); train per class {string.Join(' ', train.CountPerClass())}");

        var checkpointDir = options.CheckpointDirectoryOrDefault;
        Directory.CreateDirectory(checkpointDir);
        var start = 0;
        var best = (MacroF1: -1.0, Accuracy: 0.0, Epoch: 0);
        var width = options.Width;
        if (resumed is not null)
        {
            width = resumed.Width;
            start = resumed.Epoch;
            best = (resumed.BestMacroF1, 0, resumed.BestEpoch);
        }

        // Weights load on the CPU, then move; the optimizer is made after the move, so it holds the moved parameters.
        using var net = new EmotionNet(width, FerImages.Classes.Length);
        if (resumed is not null)
        {
            net.load(Checkpoint.Weights(resumedDir!, resumedName!));
        }

        net.to(device);
        using var optimizer = optim.AdamW(net.parameters(), options.MaxLearningRate, weight_decay: options.WeightDecay);
        if (resumed is not null)
        {
            optimizer.load_state_dict(Checkpoint.Optimizer(resumedDir!, resumedName!));
            if (resumedDir != Path.GetFullPath(checkpointDir) && File.Exists(Checkpoint.Weights(resumedDir!, "best")))
            {
                File.Copy(Checkpoint.Weights(resumedDir!, "best"), Checkpoint.Weights(checkpointDir, "best"), overwrite: true);
            }

            Write($"resumed from {resumedDir}/{resumedName} after epoch {start} (best macro-F1 {best.MacroF1:F3} at epoch {best.Epoch})");
        }

        Write($"model: EmotionNet width {width}, {net.parameters().Sum(p => p.numel()):N0} parameters; {options.Epochs} epochs of {Batches(train.Count)} batches, seed {options.Seed}, on {device}");
        var resumedAverage = resumed is null ? null : Checkpoint.Weights(resumedDir!, resumedName + ".average");
        using var average = options.WeightAverageDecay > 0
            ? new WeightAverage(net, options.WeightAverageDecay, File.Exists(resumedAverage) ? resumedAverage : null)
            : null;
        if (Regularization(options) is { Length: > 0 } recipe)
        {
            Write($"regularization: {recipe}");
        }

        var weights = ClassWeights(train.CountPerClass(), options.ClassWeightPower);
        using var classWeights = tensor(weights).to(device);
        using var teacher = LoadTeacher(teacherMembers, device, chooseOn);
        if (teacher is not null)
        {
            Write($"distilling from {teacher.Description}, image and mirror averaged: weight {options.DistillWeight}, temperature {options.DistillTemperature}");
        }

        var epochTimes = new List<TimeSpan>();
        for (var epoch = start; epoch < options.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            var loss = TrainEpoch(net, optimizer, classWeights, train, epoch, teacher is null ? null : (teacher, weights), average);
            clock.Stop();
            epochTimes.Add(clock.Elapsed);

            // With a weight average, the average is what is scored, kept as best and exported; last.pt stays the
            // trained weights (a resume continues from them) and last.average.pt the average.
            var scored = average?.Network ?? net;
            var metrics = Evaluate(scored, chooseOn);
            if (metrics.MacroF1 > best.MacroF1)
            {
                best = (metrics.MacroF1, metrics.Accuracy, epoch + 1);
                scored.save(Checkpoint.Weights(checkpointDir, "best"));
            }

            net.save(Checkpoint.Weights(checkpointDir, "last"));
            average?.Network.save(Checkpoint.Weights(checkpointDir, "last.average"));
            optimizer.save_state_dict(Checkpoint.Optimizer(checkpointDir, "last"));
            new Checkpoint(epoch + 1, width, options.Seed, metrics.Accuracy, metrics.MacroF1, best.MacroF1, best.Epoch, choice).Save(checkpointDir, "last");
            var recalls = string.Join(' ', metrics.PerClass.Select((c, k) => $"{FerImages.Classes[k][..3]} {c.Recall:F2}"));
            Write($"epoch {epoch + 1}/{options.Epochs}: loss {loss:F4}, {choice.Name()} accuracy {metrics.Accuracy:P1}, macro-F1 {metrics.MacroF1:F3} (recall {recalls}); {clock.Elapsed.TotalSeconds:F0} s{(best.Epoch == epoch + 1 ? ", best so far" : string.Empty)}");
            if (options.StopAfterEpoch == epoch + 1)
            {
                Write($"stopped after epoch {epoch + 1}, as if cut off; --resume {Checkpoint.Meta(checkpointDir, "last")} continues");
                return null;
            }
        }

        net.to(CPU);
        if (File.Exists(Checkpoint.Weights(checkpointDir, "best")))
        {
            net.load(Checkpoint.Weights(checkpointDir, "best"));
        }

        // Val is read only now, after every choice is made, and reported once.
        var report = FerSplits.LoadReport(options.DataDirectory, choice, options.ValLimitPerClass, options.Seed);
        var (final, calibrations, _) = ExportCalibrated(
            [net],
            PriorCorrection(train.CountPerClass(), options.ClassWeightPower),
            new ChoiceData(chooseOn, choice, report),
            options.OutputPath,
            choice == ChoiceSplit.Val
                ? $"Moodtune.Training EmotionNet width {width}, FER2013 train, best val epoch {best.Epoch}, seed {options.Seed}"
                : $"Moodtune.Training EmotionNet width {width}, FER2013 train less the selection split, best selection epoch {best.Epoch}, seed {options.Seed}",
            output);
        var perEpoch = epochTimes.Count == 0 ? TimeSpan.Zero : TimeSpan.FromTicks((long)epochTimes.Average(t => t.Ticks));
        return new Result(options.OutputPath, best.Epoch, final, perEpoch, calibrations[0]);
    }

    /// <summary>The checkpoint teacher's networks with their widths (none without one); checks the teacher options first.</summary>
    private List<(string Weights, int Width)> TeacherMembers()
    {
        var (weights, widths) = (options.TeacherWeights, options.TeacherWidths);
        if (options.Teacher is not null && weights.Count > 0)
        {
            throw new ArgumentException("Distil from an exported model (--teacher) or from checkpoints (--teacher-weights), not both.");
        }

        if (weights.Count > 0 && widths.Count != 1 && widths.Count != weights.Count)
        {
            throw new ArgumentException($"{widths.Count} teacher widths for {weights.Count} teacher checkpoints: give one --teacher-width for all, or one per --teacher-weights.");
        }

        if (options.Teacher is not null || weights.Count > 0)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(options.DistillWeight);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(options.DistillWeight, 1);
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.DistillTemperature);
        }

        return [.. weights.Select((w, i) => (w, widths[widths.Count == 1 ? 0 : i]))];
    }

    /// <summary>
    /// The teacher, if any: the exported model, or the checkpoints on the training device, calibrated as `export` would
    /// calibrate them with this data (the prior correction counts all the images a full run trains on, as there).
    /// Teachers must not have trained on the images the student chooses on: a teacher that did passes them on.
    /// </summary>
    private Teacher? LoadTeacher(List<(string Weights, int Width)> members, Device device, FerImages chooseOn)
    {
        var choice = options.ChooseOn;
        if (options.Teacher is not null)
        {
            if (choice == ChoiceSplit.Selection)
            {
                Write($"note: the teacher {options.Teacher} cannot say what it was trained on; unless it is an export of networks trained with --choose-on selection, it has seen the selection split");
            }

            return new OnnxTeacher(options.Teacher, options.Threads);
        }

        if (members.Count == 0)
        {
            return null;
        }

        var counts = FerSplits.TrainingCounts(options.DataDirectory, choice);
        return new NetworkTeacher(members, PriorCorrection(counts, options.ClassWeightPower), chooseOn, choice, device, output);
    }

    /// <summary>
    /// Refuses checkpoints trained for another choice split (<see cref="Checkpoint.Mismatch"/>); notes the ones that
    /// cannot say (no CKPT/last.json beside them) when choosing on selection, where it matters.
    /// </summary>
    public static void CheckTrainedFor(IEnumerable<string> weights, ChoiceSplit choice, TextWriter output)
    {
        foreach (var file in weights)
        {
            if (Checkpoint.Mismatch(file, choice) is { } why)
            {
                throw new ArgumentException(why);
            }

            if (choice == ChoiceSplit.Selection && Checkpoint.ChoiceOf(file) is null)
            {
                output.WriteLine($"note: {file} has no last.json beside it to say what it was trained on; unless it was trained with --choose-on selection, it has seen the selection split");
            }
        }
    }

    /// <summary>The device to train on; CUDA is checked up front, with TorchSharp's account of what it tried to load.</summary>
    private static Device TrainingDevice(DeviceType type)
    {
        if (type == DeviceType.CPU)
        {
            return CPU;
        }

        // Loads libtorch's CUDA library before anything else touches libtorch, and throws with the load trace when no GPU
        // answers.
        torch.InitializeDeviceType(type);
        return new Device(type);
    }

    /// <summary>
    /// How the export calibrates networks, each and together: each network's logits get the prior correction and a
    /// temperature fitted on the choice split; the average of several gets a temperature of its own (<see cref="OnnxExport.Write"/>).
    /// </summary>
    /// <param name="Average">The networks' calibrated probabilities on the choice split, averaged (before the pooled temperature).</param>
    /// <param name="Report">The whole's probabilities on the choice split, after the pooled temperature.</param>
    public sealed record EnsembleCalibration(IReadOnlyList<Calibration> Members, Calibration? Pooled, float[] Average, CalibrationReport Report)
    {
        public double PooledTemperature => Pooled?.Temperature ?? 1;
    }

    /// <summary>
    /// Calibrates the networks on <paramref name="val"/> (the images chosen on: the selection split or val) as the export
    /// does, writing a line per network and one for the average.
    /// </summary>
    public static EnsembleCalibration Calibrate(IReadOnlyList<EmotionNet> nets, float[] correction, FerImages val, ChoiceSplit choice, TextWriter output)
    {
        var on = choice.Name();
        ArgumentOutOfRangeException.ThrowIfZero(nets.Count);
        var average = new float[val.Count * FerImages.Classes.Length];
        var calibrations = new List<Calibration>();
        for (var k = 0; k < nets.Count; k++)
        {
            var (calibration, calibrated) = Calibrate(Report(val.Labels, Probabilities(nets[k], val, correction)));
            var probabilities = Flatten(calibrated);
            for (var i = 0; i < average.Length; i++)
            {
                average[i] += probabilities[i] / nets.Count;
            }

            var metrics = MetricsOf(val.Labels, probabilities);
            var who = nets.Count == 1 ? string.Empty : $"network {k + 1}: ";
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{who}calibrated on {on}: temperature {calibration.Temperature:F3}, ECE {calibration.EceBefore:F4} -> {calibration.EceAfter:F4}, NLL {calibration.NllBefore:F4} -> {calibration.NllAfter:F4}; {on} accuracy {metrics.Accuracy:P1}, macro-F1 {metrics.MacroF1:F3}"));
            calibrations.Add(calibration);
        }

        var report = Report(val.Labels, average);
        Calibration? pooled = null;
        if (nets.Count > 1)
        {
            (pooled, report) = Calibrate(report);
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"averaged networks calibrated on {on}: temperature {pooled.Temperature:F3}, ECE {pooled.EceBefore:F4} -> {pooled.EceAfter:F4}, NLL {pooled.NllBefore:F4} -> {pooled.NllAfter:F4}"));
        }

        return new EnsembleCalibration(calibrations, pooled, average, report);
    }

    /// <summary>The images a command chooses on, which split they are, and val to report on when it is not that split.</summary>
    public sealed record ChoiceData(FerImages ChooseOn, ChoiceSplit Choice, FerImages? Report);

    /// <summary>
    /// Writes one or more trained networks as one ONNX model: each network's logits get the prior correction and a
    /// temperature fitted on the choice split (so the probabilities mean what they say), several networks have their
    /// probabilities averaged. Prints accuracy, macro-F1 and calibration of each network and of the whole there, then
    /// the exported model's figures on val once, as the report (with --choose-on val they are the same figures).
    /// </summary>
    /// <param name="int8Calibration">Training images to quantize the model to int8 with; null keeps it in float.</param>
    /// <returns>The model's figures on val (the report) and the temperatures.</returns>
    public static (ClassificationReport Report, IReadOnlyList<Calibration> Members, double Ece) ExportCalibrated(
        IReadOnlyList<EmotionNet> nets, float[] correction, ChoiceData data, string outputPath, string source, TextWriter output, FerImages? int8Calibration = null)
    {
        var chooseOn = data.ChooseOn;
        var calibration = Calibrate(nets, correction, chooseOn, data.Choice, output);
        var calibrations = calibration.Members;
        var chosen = MetricsOf(chooseOn.Labels, calibration.Average);
        var members = nets.Select((net, k) => new OnnxExport.Member(net, correction, calibrations[k].Temperature)).ToList();
        OnnxExport.Write(members, outputPath, source, calibration.PooledTemperature, int8Calibration);
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"exported {(nets.Count == 1 ? "1 network" : $"{nets.Count} networks, probabilities averaged")} ({source}; {data.Choice.Name()} accuracy {chosen.Accuracy:P1}, macro-F1 {chosen.MacroF1:F3}, ECE {calibration.Report.ExpectedCalibrationError:F4}, NLL {calibration.Report.NegativeLogLikelihood:F4}) to {outputPath}"));

        // The report: val, which chose nothing, at the temperatures fitted on the choice split.
        var val = data.Report ?? chooseOn;
        var valReport = data.Report is null ? calibration.Report : Apply(calibration, nets, correction, val);
        var valProbabilities = Flatten(valReport);
        if (data.Report is not null)
        {
            output.WriteLine($"report on val (not chosen on): {Describe(valProbabilities, val)}");
        }

        if (int8Calibration is not null)
        {
            CompareQuantized(valProbabilities, outputPath, val, int8Calibration.Count, output);
        }

        return (MetricsOf(val.Labels, valProbabilities), calibrations, valReport.ExpectedCalibrationError);
    }

    /// <summary>
    /// The exported float model's probabilities on other images, at the temperatures already fitted: each network
    /// corrected and scaled, averaged, the average scaled by the pooled temperature.
    /// </summary>
    public static CalibrationReport Apply(EnsembleCalibration calibration, IReadOnlyList<EmotionNet> nets, float[] correction, FerImages data)
    {
        var average = new float[data.Count * FerImages.Classes.Length];
        for (var k = 0; k < nets.Count; k++)
        {
            var scaled = Flatten(Report(data.Labels, Probabilities(nets[k], data, correction)).Scaled(new TemperatureScaling(calibration.Members[k].Temperature)));
            for (var i = 0; i < average.Length; i++)
            {
                average[i] += scaled[i] / nets.Count;
            }
        }

        var report = Report(data.Labels, average);
        return calibration.Pooled is { } pooled ? report.Scaled(new TemperatureScaling(pooled.Temperature)) : report;
    }

    /// <summary>Prints the quantized graph's figures on val and how often it picks the float model's class, on this CPU.</summary>
    public static void CompareQuantized(float[] floatProbabilities, string quantizedPath, FerImages val, int calibrationImages, TextWriter output)
    {
        var quantized = OnnxProbabilities(quantizedPath, val);
        var floatTop = TopClasses(floatProbabilities);
        var agreement = TopClasses(quantized).Where((p, i) => p == floatTop[i]).Count() / (double)val.Count;
        var largest = quantized.Zip(floatProbabilities, (a, b) => Math.Abs(a - b)).Max();
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"int8 (calibrated on {calibrationImages} train images) on val: {Describe(quantized, val)}; same top class as float for {agreement:P1} of the images, largest |int8 - float| {largest:F3}"));
    }

    /// <summary>The figures of a model's probabilities on val, as one line.</summary>
    public static string Describe(float[] probabilities, FerImages val)
    {
        var metrics = MetricsOf(val.Labels, probabilities);
        var report = Report(val.Labels, probabilities);
        return string.Create(CultureInfo.InvariantCulture, $"accuracy {metrics.Accuracy:P1}, macro-F1 {metrics.MacroF1:F3}, ECE {report.ExpectedCalibrationError:F4}, NLL {report.NegativeLogLikelihood:F4}");
    }

    /// <summary>The temperature fitted to the report, with ECE and NLL before and after, and the report at that temperature.</summary>
    private static (Calibration Calibration, CalibrationReport Calibrated) Calibrate(CalibrationReport report)
    {
        var (scaling, scaled) = FittedTemperature.Fit(report);
        return (new Calibration(scaling.Temperature, report.ExpectedCalibrationError, scaled.ExpectedCalibrationError, report.NegativeLogLikelihood, scaled.NegativeLogLikelihood), scaled);
    }

    /// <summary>
    /// Undoes the class weighting of the loss (logit adjustment, Menon et al. 2021): a network trained with class
    /// weights w learns probabilities proportional to w(c)·p(c|x), so adding −ln w(c) to its logits gives back p(c|x)
    /// under the training data's own class frequencies — what accuracy on data drawn like it rewards.
    /// </summary>
    public static float[] PriorCorrection(int[] counts, double power) => [.. ClassWeights(counts, power).Select(w => (float)-Math.Log(w))];

    /// <summary>(mean count / count)^power per class: rare classes (disgust) weigh more in the loss.</summary>
    public static float[] ClassWeights(int[] counts, double power)
    {
        var mean = counts.Average();
        return [.. counts.Select(n => (float)Math.Pow(mean / Math.Max(n, 1), power))];
    }

    /// <summary>The one-cycle learning rate at a fraction of training: linear warm-up from max/25, cosine decay to ~0.</summary>
    public static double LearningRate(double maxRate, double progress) => progress < WarmupFraction
        ? maxRate * (0.04 + (0.96 * progress / WarmupFraction))
        : maxRate * (1e-3 + ((1 - 1e-3) * 0.5 * (1 + Math.Cos(Math.PI * (progress - WarmupFraction) / (1 - WarmupFraction)))));

    private int Batches(int count) => (count + options.BatchSize - 1) / options.BatchSize;

    /// <summary>The regularization a run adds to the recipe, in words; empty when none.</summary>
    public static string Regularization(TrainingOptions options)
    {
        var parts = new List<string>();
        if (options.LabelSmoothing > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"label smoothing {options.LabelSmoothing}"));
        }

        var mixing = options.Mixing;
        if (mixing.IsOn)
        {
            var kinds = new[]
            {
                mixing.MixupAlpha > 0 ? string.Create(CultureInfo.InvariantCulture, $"mixup alpha {mixing.MixupAlpha}") : null,
                mixing.CutMixAlpha > 0 ? string.Create(CultureInfo.InvariantCulture, $"CutMix alpha {mixing.CutMixAlpha}") : null,
            };
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{string.Join(" or ", kinds.OfType<string>())} on {mixing.Probability * 100:0.#}% of the batches"));
        }

        if (options.WeightAverageDecay > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"weight average (EMA) decay {options.WeightAverageDecay}, scored and exported"));
        }

        return string.Join("; ", parts);
    }

    private double TrainEpoch(
        EmotionNet net, optim.Optimizer optimizer, Tensor classWeights, FerImages train, int epoch, (Teacher Model, float[] ClassWeights)? teacher, WeightAverage? average)
    {
        net.train();
        // Seeds per epoch, so a resumed run draws the same shuffles, augmentations and dropout masks.
        torch.random.manual_seed((options.Seed * 100_003L) + epoch);
        var order = Enumerable.Range(0, train.Count).ToArray();
        new Random((options.Seed * 7_919) + epoch).Shuffle(order);
        var augmentation = (options.Augment ? new Augmentation() : Augmentation.None) with { BlurProbability = (float)options.BlurProbability };
        var batches = Batches(train.Count);
        var totalSteps = (double)batches * options.Epochs;
        var input = new float[options.BatchSize * FerImages.Pixels];
        var labels = new long[options.BatchSize];
        double lossSum = 0;
        int seen = 0, stepped = 0;
        var guard = new GuardedStep();
        var clock = Stopwatch.StartNew();
        for (var b = 0; b < batches; b++)
        {
            var first = b * options.BatchSize;
            var count = Math.Min(options.BatchSize, train.Count - first);
            Parallel.For(0, count, i =>
            {
                var index = order[first + i];
                var random = new Random((options.Seed * 1_000_003) + (epoch * 50_021) + first + i);
                augmentation.Apply(train.Image(index), input.AsSpan(i * FerImages.Pixels, FerImages.Pixels), random);
                labels[i] = train.Labels[index];
            });

            // Seeded per batch, apart from the augmentation's seeds, so a resumed run mixes the same way.
            var mix = options.Mixing.Apply(input.AsSpan(0, count * FerImages.Pixels), count, FerImages.Size, new Random((options.Seed * 9_973) + (epoch * 50_021) + b));

            var rate = LearningRate(options.MaxLearningRate, ((epoch * (double)batches) + b) / totalSteps);
            foreach (var group in optimizer.ParamGroups)
            {
                group.LearningRate = rate;
            }

            using (var scope = NewDisposeScope())
            {
                var pixels = input.AsSpan(0, count * FerImages.Pixels).ToArray();
                var device = classWeights.device;
                var x = tensor(pixels, [count, 1, FerImages.Size, FerImages.Size]).to(device);
                var y = tensor(labels.AsSpan(0, count).ToArray(), [count]).to(device);

                var loss = guard.Take(net, optimizer, () => BatchLoss(net.forward(x), y, pixels, count, mix, labels, classWeights, teacher));
                if (loss is { } value)
                {
                    average?.Update((epoch * (long)batches) + b);
                    lossSum += value * count;
                    stepped += count;
                }
            }

            seen += count;
            if ((b + 1) % options.ProgressEvery == 0 || b + 1 == batches)
            {
                Write($"  epoch {epoch + 1} batch {b + 1}/{batches}: loss {lossSum / Math.Max(stepped, 1):F4}, lr {rate:E2}, {seen / clock.Elapsed.TotalSeconds:F0} images/s");
            }
        }

        guard.Report(epoch, batches, output.WriteLine, $"the checkpoint of the epoch before stays ({options.CheckpointDirectoryOrDefault}/last.json)");

        return stepped == 0 ? double.NaN : lossSum / stepped;
    }

    /// <summary>The batch's loss: class-weighted cross-entropy on the labels (each mixed image's two labels by λ), and the distillation term with a teacher.</summary>
    private Tensor BatchLoss(Tensor logits, Tensor y, float[] pixels, int count, BatchMixing.Mix? mix, long[] labels, Tensor classWeights, (Teacher Model, float[] ClassWeights)? teacher)
    {
        var device = classWeights.device;
        var loss = nn.functional.cross_entropy(logits, y, classWeights, label_smoothing: options.LabelSmoothing);
        if (mix is not null)
        {
            // Each mixed image counts λ toward its own label and 1 − λ toward its partner's.
            var partnerLabels = tensor(mix.Partner.Select(p => labels[p]).ToArray(), [count]).to(device);
            using var own = mix.Lambda.ToScalar();
            using var other = (1 - mix.Lambda).ToScalar();
            var partnerLoss = nn.functional.cross_entropy(logits, partnerLabels, classWeights, label_smoothing: options.LabelSmoothing);
            loss = loss.mul(own).add(partnerLoss.mul(other));
        }

        if (teacher is var (model, weights))
        {
            // KL divergence from the softened targets (always > 0, so their log is finite), scaled by T² so its
            // gradients keep their size whatever the temperature (Hinton et al. 2015).
            // Scalars held to the end of the step (see EmotionNet.forward).
            var t = options.DistillTemperature;
            using var temperature = t.ToScalar();
            using var temperatureSquared = (t * t).ToScalar();
            using var labelShare = (1 - options.DistillWeight).ToScalar();
            using var distillShare = options.DistillWeight.ToScalar();
            var targets = tensor(Teacher.SoftTargets(model.Probabilities(pixels, count), weights, t), [count, FerImages.Classes.Length]).to(device);
            var distill = (targets * (targets.log() - nn.functional.log_softmax(logits.div(temperature), 1))).sum(1).mean().mul(temperatureSquared);
            loss = loss.mul(labelShare).add(distill.mul(distillShare));
        }

        return loss;
    }

    public static ClassificationReport Evaluate(EmotionNet net, FerImages data) => MetricsOf(data.Labels, Probabilities(net, data));

    /// <summary>Every image's probabilities, 7 per image, in batches.</summary>
    public static float[] Probabilities(EmotionNet net, FerImages data, float[]? correction = null)
    {
        var classes = FerImages.Classes.Length;
        var all = new float[data.Count * classes];
        foreach (var (first, count, pixels) in data.FloatBatches(256))
        {
            net.Probabilities(pixels, count, correction: correction).CopyTo(all.AsSpan(first * classes));
        }

        return all;
    }

    /// <summary>Every image's probabilities from an exported ONNX model (ONNX Runtime), 7 per image.</summary>
    public static float[] OnnxProbabilities(string modelPath, FerImages data)
    {
        using var session = new InferenceSession(modelPath);
        var classes = FerImages.Classes.Length;
        var all = new float[data.Count * classes];
        foreach (var (first, count, pixels) in data.FloatBatches(256))
        {
            using var input = OrtValue.CreateTensorValueFromMemory(pixels, [count, 1, FerImages.Size, FerImages.Size]);
            using var runOptions = new RunOptions();
            using var outputs = session.Run(runOptions, ["input"], [input], ["probabilities"]);
            outputs[0].GetTensorDataAsSpan<float>().CopyTo(all.AsSpan(first * classes));
        }

        return all;
    }

    private static ClassificationReport MetricsOf(int[] labels, float[] probabilities) => ClassificationReport.Of(labels, TopClasses(probabilities));

    private static int[] TopClasses(float[] probabilities)
    {
        var classes = FerImages.Classes.Length;
        var top = new int[probabilities.Length / classes];
        for (var i = 0; i < top.Length; i++)
        {
            var row = probabilities.AsSpan(i * classes, classes);
            top[i] = row.IndexOf(row.ToArray().Max());
        }

        return top;
    }

    internal static float[] Flatten(CalibrationReport report) => [.. report.Probabilities.SelectMany(p => p.Select(v => (float)v))];

    internal static CalibrationReport Report(int[] labels, float[] probabilities)
    {
        var classes = FerImages.Classes.Length;
        var report = new CalibrationReport(classes);
        for (var i = 0; i < labels.Length; i++)
        {
            report.Add(probabilities.AsSpan(i * classes, classes).ToArray(), labels[i]);
        }

        return report;
    }

    private void Write(FormattableString line) => output.WriteLine(line.ToString(CultureInfo.InvariantCulture));
}
