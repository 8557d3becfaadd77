using System.CommandLine;
using System.Globalization;
using Moodtune.Training.Data;
using Moodtune.Training.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Moodtune.Training;

/// <summary>`moodtune-train check | train | export | ensembles | quantize | dequantize | extract | import | verifier`: the training tool's command line.</summary>
internal static class TrainingCommandLine
{
    private static readonly bool[] WithoutAndWithMirror = [false, true];

    public static RootCommand Build(TextWriter output) => new("Moodtune.Training: trains the expression network (TorchSharp, CPU) and exports it to ONNX.")
    {
        CheckCommand(output),
        TrainCommand(output),
        ExportCommand(output),
        EnsemblesCommand(output),
        QuantizeCommand(output),
        DequantizeCommand(output),
        ExtractCommand(output),
        ImportCommand(output),
        VerifierCommand(output),
    };

    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error) =>
        Build(output).Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });

    /// <summary>Proves libtorch loads and trains here: a conv forward and backward pass.</summary>
    public static string Check()
    {
        using var scope = NewDisposeScope();
        torch.random.manual_seed(1);
        using var conv = nn.Conv2d(1, 8, 3, padding: 1);
        var x = randn(4, 1, 48, 48);
        var loss = conv.forward(x).square().mean();
        loss.backward();
        var gradient = conv.weight!.grad!.abs().sum().item<float>();
        return string.Create(CultureInfo.InvariantCulture, $"TorchSharp {torch.__version__} on {(cuda.is_available() ? "CUDA" : "CPU")}, {torch.get_num_threads()} threads: conv forward/backward ok (loss {loss.item<float>():F4}, |grad| {gradient:F4})");
    }

    private static Command CheckCommand(TextWriter output)
    {
        var command = new Command("check", "Load TorchSharp and run a conv forward/backward pass.");
        command.SetAction(_ =>
        {
            output.WriteLine(Check());
            return 0;
        });
        return command;
    }

    private static Command ExportCommand(TextWriter output)
    {
        var weights = WeightsOption("A checkpoint's weights (CKPT_DIR/best.pt); repeat it to export an ensemble whose probabilities are averaged.");
        var width = WidthOption();
        var data = new Option<DirectoryInfo>("--data")
        {
            Description = "FER2013 folder: the temperatures are fitted on the --choose-on split, the prior correction counts the train images trained on, val/ is reported.",
            Required = true,
        };
        var chooseOn = ChooseOnOption("What the temperatures are fitted on");
        var outPath = new Option<FileInfo>("--out") { Description = "The ONNX model to write.", Required = true };
        var source = new Option<string?>("--source") { Description = "What the model card's source line says (default: the checkpoint paths)." };
        var classWeightPower = CheckpointClassWeightPowerOption();
        var int8 = new Option<bool>("--int8") { Description = "Quantize to int8 (QDQ), activation ranges calibrated on train images." };
        var int8Images = new Option<int>("--int8-images-per-class")
        {
            Description = "With --int8: seeded train images per class to calibrate on.",
            DefaultValueFactory = _ => 100,
        };
        var command = new Command("export", "Export checkpoints to one ONNX model, each network calibrated on the selection split (or val/), val/ reported once.")
        {
            weights, width, data, chooseOn, outPath, source, classWeightPower, int8, int8Images,
        };
        command.SetAction(result =>
        {
            var files = result.GetRequiredValue(weights);
            var dataDir = result.GetRequiredValue(data).FullName;
            var choice = FerSplits.Parse(result.GetRequiredValue(chooseOn));
            var nets = LoadNetworks("export", files, result.GetValue(width)!, choice, output);
            if (nets is null)
            {
                return 1;
            }

            try
            {
                var widths = nets.Select(n => n.Width).ToArray();
                var counts = FerSplits.TrainingCounts(dataDir, choice);
                var choiceData = new Trainer.ChoiceData(FerImages.Load(FerSplits.ChoiceFiles(dataDir, choice)), choice, FerSplits.LoadReport(dataDir, choice));
                Trainer.ExportCalibrated(
                    nets,
                    Trainer.PriorCorrection(counts, result.GetValue(classWeightPower)),
                    choiceData,
                    result.GetRequiredValue(outPath).FullName,
                    result.GetValue(source) ?? $"Moodtune.Training EmotionNet width {string.Join('/', widths.Distinct())}, {string.Join(" + ", files.Select(f => f.FullName))}",
                    output,
                    result.GetValue(int8) ? FerImages.Load(Path.Combine(dataDir, "train"), result.GetValue(int8Images), seed: 1) : null);
            }
            finally
            {
                nets.ForEach(n => n.Dispose());
            }

            return 0;
        });
        return command;
    }

    private static Command QuantizeCommand(TextWriter output)
    {
        var model = new Option<FileInfo>("--model") { Description = "An exported float model (models/float/*.onnx, or export without --int8).", Required = true };
        var data = new Option<DirectoryInfo>("--data") { Description = "FER2013 folder: activation ranges from train/ images, figures on val/.", Required = true };
        var outPath = new Option<FileInfo>("--out") { Description = "The int8 ONNX model to write.", Required = true };
        var images = new Option<int>("--int8-images-per-class") { Description = "Seeded train images per class to calibrate on.", DefaultValueFactory = _ => 100 };
        var command = new Command("quantize", "Quantize a float emotion model to int8 (QDQ, 7-bit weights) and compare it with the float one on val/ on this CPU.")
        {
            model, data, outPath, images,
        };
        command.SetAction(result =>
        {
            var source = result.GetRequiredValue(model);
            if (!source.Exists)
            {
                output.WriteLine($"quantize: no model at {source.FullName}");
                return 1;
            }

            var dataDir = result.GetRequiredValue(data).FullName;
            var target = result.GetRequiredValue(outPath).FullName;
            var calibration = FerImages.Load(Path.Combine(dataDir, "train"), result.GetValue(images), seed: 1);
            var quantized = Export.Int8Quantization.Quantize(Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(source.FullName)), calibration);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllBytes(target, Google.Protobuf.MessageExtensions.ToByteArray(quantized));
            var val = FerImages.Load(Path.Combine(dataDir, "val"));
            var floats = Trainer.OnnxProbabilities(source.FullName, val);
            output.WriteLine($"float {source.Name} on val: {Trainer.Describe(floats, val)}");
            Trainer.CompareQuantized(floats, target, val, calibration.Count, output);
            output.WriteLine($"wrote {target}");
            return 0;
        });
        return command;
    }

    private static Command DequantizeCommand(TextWriter output)
    {
        var model = new Option<FileInfo>("--model") { Description = "An int8 (QDQ) emotion model.", Required = true };
        var outPath = new Option<FileInfo>("--out") { Description = "The float model to write: the same weights, float activations.", Required = true };
        var command = new Command("dequantize", "Write the float reference of an int8 (QDQ) model: weights dequantized, activations left in float.")
        {
            model, outPath,
        };
        command.SetAction(result => Rewrite(output, "dequantize", result.GetRequiredValue(model), result.GetRequiredValue(outPath), Export.EmotionGraphs.Dequantize));
        return command;
    }

    private static Command ExtractCommand(TextWriter output)
    {
        var model = new Option<FileInfo>("--model") { Description = "An ensemble export (float or int8).", Required = true };
        var network = new Option<int>("--network") { Description = "Which network, 1-based, in the order of moodtune.temperature.", Required = true };
        var outPath = new Option<FileInfo>("--out") { Description = "The one-network model to write.", Required = true };
        var source = new Option<string?>("--source") { Description = "What its moodtune.source says (default: network K of the ensemble's source)." };
        var command = new Command("extract", "Write one network of an ensemble export as a model of its own, with its own calibration.")
        {
            model, network, outPath, source,
        };
        command.SetAction(result => Rewrite(
            output,
            "extract",
            result.GetRequiredValue(model),
            result.GetRequiredValue(outPath),
            m => Export.EmotionGraphs.ExtractMember(m, result.GetValue(network), result.GetValue(source))));
        return command;
    }

    private static Command VerifierCommand(TextWriter output)
    {
        var faces = new Option<DirectoryInfo>("--faces") { Description = "Face images, searched recursively: FER2013's train split (../shared/data/fer2013/train).", Required = true };
        var nonFaces = new Option<DirectoryInfo[]>("--non-faces")
        {
            Description = "Pictures without any person, searched recursively (.cache/detect-sets/no-person-train; repeatable: no-person-train-extra).",
            Required = true,
        };
        var outPath = new Option<FileInfo>("--out") { Description = "The ONNX model to write (models/face-verifier.onnx).", Required = true };
        var models = new Option<DirectoryInfo>("--models") { Description = "Folder with the BlazeFace models.", DefaultValueFactory = _ => new DirectoryInfo("models") };
        var faceCount = new Option<int>("--face-count") { Description = "FER2013 faces to sample.", DefaultValueFactory = _ => 12_000 };
        var width = new Option<int>("--width") { DefaultValueFactory = _ => 8 };
        var epochs = new Option<int>("--epochs") { DefaultValueFactory = _ => 15 };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 1 };
        var recall = new Option<double>("--face-recall") { Description = "Share of held-out faces the threshold keeps.", DefaultValueFactory = _ => 0.995 };
        var threads = new Option<int>("--threads") { Description = "libtorch threads (default: one per core)." };
        var cache = new Option<FileInfo?>("--crops-cache") { Description = "Keep the cut crops in this file and reuse them when the data and options match." };
        var focal = new Option<double>("--focal-gamma") { Description = "Focal loss gamma: weigh hard examples more (0: plain cross-entropy)." };
        var lowResolution = new Option<double>("--low-resolution")
        {
            Description = "Share of crops shrunk to 12-24 px and enlarged back, as small faces of group photos look (0: none).",
        };
        var faceCopies = new Option<int>("--face-jittered-copies")
        {
            Description = "Moved and resized copies of each face's detector box to train on, as a photo's box can sit off a face (0: none).",
        };
        var sceneFaces = new Option<int>("--scene-faces")
        {
            Description = "FER2013 faces to place in the evaluation's camera scenes (near, far, far in a wide frame) as more faces to learn from (0: none).",
        };
        var command = new Command("verifier", "Train the face verifier (faces against detector boxes on pictures without people) and export it to ONNX.")
        {
            faces, nonFaces, outPath, models, faceCount, width, epochs, seed, recall, threads, cache, focal, lowResolution, faceCopies, sceneFaces,
        };
        command.SetAction(result =>
        {
            var options = new VerifierOptions
            {
                FacesDirectory = result.GetRequiredValue(faces).FullName,
                NonFacesDirectories = [.. result.GetRequiredValue(nonFaces).Select(d => d.FullName)],
                OutputPath = result.GetRequiredValue(outPath).FullName,
                ModelsDirectory = result.GetRequiredValue(models).FullName,
                Faces = result.GetValue(faceCount),
                Width = result.GetValue(width),
                Epochs = result.GetValue(epochs),
                Seed = result.GetValue(seed),
                FaceRecall = result.GetValue(recall),
                Threads = result.GetValue(threads),
                CropsCache = result.GetValue(cache)?.FullName,
                FocalGamma = result.GetValue(focal),
                LowResolutionProbability = result.GetValue(lowResolution),
                FaceJitteredCopies = result.GetValue(faceCopies),
                SceneFaces = result.GetValue(sceneFaces),
            };
            foreach (var directory in (string[])[options.FacesDirectory, .. options.NonFacesDirectories, options.ModelsDirectory])
            {
                if (!Directory.Exists(directory))
                {
                    output.WriteLine($"verifier: no folder {directory}");
                    return 1;
                }
            }

            WriteCap(output, [options.Width]);
            VerifierTrainer.Train(options, output);
            return 0;
        });
        return command;
    }

    private static Command ImportCommand(TextWriter output)
    {
        var model = new Option<FileInfo>("--model") { Description = "A float export (models/float/*.onnx, or export without --int8).", Required = true };
        var network = new Option<int?>("--network") { Description = "For an ensemble: which network, 1-based, in the order of moodtune.temperature." };
        var outPath = new Option<FileInfo>("--out") { Description = "The weights to write (CKPT_DIR/best.pt), for --teacher-weights or export --weights.", Required = true };
        var command = new Command("import", "Write the network of a float export as a checkpoint's weights (its width is the file's).")
        {
            model, network, outPath,
        };
        command.SetAction(result =>
        {
            var from = result.GetRequiredValue(model);
            var to = result.GetRequiredValue(outPath);
            if (!from.Exists)
            {
                output.WriteLine($"import: no model at {from.FullName}");
                return 1;
            }

            try
            {
                var graph = Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(from.FullName));
                if (result.GetValue(network) is { } member)
                {
                    graph = Export.EmotionGraphs.ExtractMember(graph, member);
                }

                using var net = Export.OnnxImport.ToNetwork(graph);
                Directory.CreateDirectory(to.DirectoryName!);
                net.save(to.FullName);
                output.WriteLine($"import: wrote {to.FullName} (EmotionNet width {net.Width})");
                return 0;
            }
            catch (Exception e) when (e is InvalidDataException or ArgumentOutOfRangeException or Google.Protobuf.InvalidProtocolBufferException or KeyNotFoundException)
            {
                output.WriteLine($"import: {from.FullName}: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    /// <summary>Reads a model, rewrites it, writes it; bad input is a line and exit code 1, never a half-written file.</summary>
    private static int Rewrite(TextWriter output, string command, FileInfo from, FileInfo to, Func<Onnx.ModelProto, Onnx.ModelProto> rewrite)
    {
        if (!from.Exists)
        {
            output.WriteLine($"{command}: no model at {from.FullName}");
            return 1;
        }

        Onnx.ModelProto rewritten;
        try
        {
            rewritten = rewrite(Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(from.FullName)));
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentOutOfRangeException or Google.Protobuf.InvalidProtocolBufferException or KeyNotFoundException)
        {
            output.WriteLine($"{command}: {from.FullName}: {e.Message}");
            return 1;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(to.FullName)!);
        File.WriteAllBytes(to.FullName, Google.Protobuf.MessageExtensions.ToByteArray(rewritten));
        output.WriteLine($"{command}: wrote {to.FullName} ({rewritten.Graph.Node.Count} nodes)");
        return 0;
    }

    /// <summary>Refuses a value outside [low, high] (or [low, high)), naming the option.</summary>
    private static void AddRangeCheck(Option<double> option, double low, double high, bool upperIncluded)
    {
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<double>();
            if (value < low || value > high || (!upperIncluded && value == high))
            {
                result.AddError(double.IsPositiveInfinity(high)
                    ? $"{option.Name} must be >= {low}"
                    : $"{option.Name} must be in [{low}, {high}{(upperIncluded ? "]" : ")")}");
            }
        });
    }

    private static Option<FileInfo[]> WeightsOption(string description) => new("--weights")
    {
        Description = description,
        Required = true,
        Arity = ArgumentArity.OneOrMore,
    };

    private static Option<int[]> WidthOption() => new("--width")
    {
        Description = "The width the checkpoints were trained with: once for all, or once per --weights, in the same order.",
        DefaultValueFactory = _ => [32],
        Arity = ArgumentArity.OneOrMore,
    };

    private static Option<string> ChooseOnOption(string what)
    {
        var option = new Option<string>("--choose-on")
        {
            Description = $"{what}: selection (10% of train held out of training, SelectionSplit.cs; val/ only reported) or val (the recipe of the networks shipped before it, trained on all of train).",
            DefaultValueFactory = _ => "selection",
        };
        option.AcceptOnlyFromAmong("selection", "val");
        return option;
    }

    private static Option<double> CheckpointClassWeightPowerOption() => new("--class-weight-power")
    {
        Description = "The class weight power the checkpoints were trained with (the prior correction undoes it).",
        DefaultValueFactory = _ => TrainingOptions.DefaultClassWeightPower,
    };

    // Before any network runs: a width oneDNN's AVX2 kernels mishandle lowers its cap (NativeCpuLimits).
    private static void WriteCap(TextWriter output, IEnumerable<int> widths)
    {
        if (NativeCpuLimits.ForWidths(widths) is { } line)
        {
            output.WriteLine(line);
        }
    }

    /// <summary>The networks of the checkpoints, widths once for all or once each; null (and a line saying why) if not.</summary>
    private static List<EmotionNet>? LoadNetworks(string command, FileInfo[] files, int[] widths, ChoiceSplit choice, TextWriter output)
    {
        WriteCap(output, widths);
        if (files.FirstOrDefault(f => !f.Exists) is { } missing)
        {
            output.WriteLine($"{command}: no checkpoint at {missing.FullName}");
            return null;
        }

        if (files.Select(f => Checkpoint.Mismatch(f.FullName, choice)).FirstOrDefault(m => m is not null) is { } mismatch)
        {
            output.WriteLine($"{command}: {mismatch}");
            return null;
        }

        Trainer.CheckTrainedFor(files.Select(f => f.FullName), choice, output);

        if (widths.Length != 1 && widths.Length != files.Length)
        {
            output.WriteLine($"{command}: {widths.Length} widths for {files.Length} checkpoints: give one --width for all, or one per --weights");
            return null;
        }

        var nets = new List<EmotionNet>();
        try
        {
            foreach (var (file, i) in files.Select((f, i) => (f, i)))
            {
                var net = new EmotionNet(widths[widths.Length == 1 ? 0 : i], FerImages.Classes.Length);
                nets.Add(net);
                net.load(file.FullName);
            }

            return nets;
        }
        catch
        {
            nets.ForEach(n => n.Dispose());
            throw;
        }
    }

    private static Command EnsemblesCommand(TextWriter output)
    {
        var weights = WeightsOption("A trained network's checkpoint (CKPT_DIR/best.pt); repeat it for each candidate.");
        var width = WidthOption();
        var data = new Option<DirectoryInfo>("--data") { Description = "FER2013 folder: scored on the --choose-on split, the prior correction counts the train images trained on, the best reported on val/.", Required = true };
        var chooseOn = ChooseOnOption("What subsets are calibrated and scored on");
        var sizes = new Option<int[]>("--size") { Description = "Networks per ensemble (repeatable).", DefaultValueFactory = _ => [2], Arity = ArgumentArity.OneOrMore };
        var top = new Option<int>("--top") { Description = "The best N subsets to list per size (the first, the one chosen, reported on val too).", DefaultValueFactory = _ => 5 };
        var splits = new Option<int>("--splits") { Description = "Random halves of the choice split to choose on and score on the other half.", DefaultValueFactory = _ => 50 };
        var classWeightPower = CheckpointClassWeightPowerOption();
        var command = new Command("ensembles", "Score every subset of the networks on the selection split (or val/), with and without the mirror, what choosing there flatters, and the best on val/.")
        {
            weights, width, data, chooseOn, sizes, top, splits, classWeightPower,
        };
        command.SetAction(result =>
        {
            var files = result.GetRequiredValue(weights);
            var choice = FerSplits.Parse(result.GetRequiredValue(chooseOn));
            var nets = LoadNetworks("ensembles", files, result.GetValue(width)!, choice, output);
            if (nets is null)
            {
                return 1;
            }

            try
            {
                var dataDir = result.GetRequiredValue(data).FullName;
                var counts = FerSplits.TrainingCounts(dataDir, choice);
                var choiceImages = FerImages.Load(FerSplits.ChoiceFiles(dataDir, choice));
                var (search, report) = EnsembleSearch.Measure(nets, Trainer.PriorCorrection(counts, result.GetValue(classWeightPower)), choiceImages, FerSplits.LoadReport(dataDir, choice));
                var on = choice.Name();
                var names = files.Select((_, i) => (i + 1).ToString(CultureInfo.InvariantCulture)).ToArray();
                output.WriteLine($"networks (calibrated on {on} as export does): {string.Join(", ", files.Select((f, i) => $"{names[i]} = {f.FullName}"))}");
                foreach (var size in result.GetValue(sizes)!.Where(n => n >= 1 && n <= nets.Count).Distinct())
                {
                    foreach (var mirror in WithoutAndWithMirror)
                    {
                        var ranked = search.Rank(size, mirror);
                        output.WriteLine(string.Create(
                            CultureInfo.InvariantCulture,
                            $"{size} network{(size == 1 ? string.Empty : "s")}{(mirror ? " + mirror" : string.Empty)} ({size * (mirror ? 2 : 1)} passes per face): {ranked.Count} subsets, mean accuracy {ranked.Average(r => r.Accuracy):P2} on {on}"));
                        foreach (var (scored, rank) in ranked.Take(result.GetValue(top)).Select((s, i) => (s, i)))
                        {
                            // Val only for the one chosen, so val is looked at once per candidate model, after the choice.
                            var reported = report is null || rank > 0 ? string.Empty : $"; chosen, report on val (not chosen on): {EnsembleSearch.Describe(report.Score(scored.Members, mirror))}";
                            output.WriteLine($"  {EnsembleSearch.Describe(scored, names)}{reported}");
                        }

                        if (result.GetValue(splits) > 0 && ranked.Count > 1)
                        {
                            var flattery = search.ChooseOnHalves(size, mirror, result.GetValue(splits));
                            output.WriteLine(string.Create(
                                CultureInfo.InvariantCulture,
                                $"  the best chosen on a random half of {on}: {flattery.ChosenHalf:P2} there, {flattery.OtherHalf:P2} on the other half ({result.GetValue(splits)} splits)"));
                        }
                    }
                }
            }
            finally
            {
                nets.ForEach(n => n.Dispose());
            }

            return 0;
        });
        return command;
    }

    private static Command TrainCommand(TextWriter output)
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "FER2013 folder with train/ and val/ (one sub-folder per class).", Required = true };
        var outPath = new Option<FileInfo>("--out") { Description = "The ONNX model to write.", Required = true };
        var epochs = new Option<int>("--epochs") { Description = "Epochs in total (a resumed run continues up to this).", DefaultValueFactory = _ => 30 };
        var batch = new Option<int>("--batch") { Description = "Batch size.", DefaultValueFactory = _ => 64 };
        var limit = new Option<int?>("--limit-per-class") { Description = "Train on a seeded random sample of at most N images per class." };
        var valLimit = new Option<int?>("--val-limit-per-class") { Description = "Choose on (and report val on) at most N seeded images per class." };
        var chooseOn = ChooseOnOption("What the epoch is chosen on");
        var resume = new Option<FileInfo?>("--resume") { Description = "Continue from a checkpoint (CKPT_DIR/last.json, or the folder)." };
        var checkpoints = new Option<DirectoryInfo?>("--checkpoint-dir") { Description = "Where checkpoints go (default OUT.checkpoints)." };
        var seed = new Option<int>("--seed") { Description = "Seed of every random choice.", DefaultValueFactory = _ => 1 };
        var threads = new Option<int?>("--threads") { Description = "CPU threads for libtorch (default: all cores)." };
        var device = new Option<string>("--device")
        {
            Description = "cpu, or cuda: train on a GPU (libtorch's CUDA libraries on LD_LIBRARY_PATH; see tools/README.md).",
            DefaultValueFactory = _ => "cpu",
        };
        device.AcceptOnlyFromAmong("cpu", "cuda");
        var width = new Option<int>("--width") { Description = "Channels of the first block, doubled per block (32: ~1.2M parameters).", DefaultValueFactory = _ => 32 };
        var lr = new Option<double>("--lr") { Description = "Peak learning rate of the one-cycle schedule.", DefaultValueFactory = _ => 3e-3 };
        var classWeightPower = new Option<double>("--class-weight-power") { Description = "Class weights (mean/count)^power; 1 fully balanced, 0 off.", DefaultValueFactory = _ => TrainingOptions.DefaultClassWeightPower };
        var noAugment = new Option<bool>("--no-augment") { Description = "Train without augmentation." };
        var augmentBlur = new Option<double>("--augment-blur")
        {
            Description = "The share of training images blurred (sigma 0-2 px) or shrunk to 16-32 px and enlarged back (0..1; default 0, off).",
        };
        AddRangeCheck(augmentBlur, 0, 1, upperIncluded: true);
        var labelSmoothing = new Option<double>("--label-smoothing") { Description = "Label smoothing of the cross-entropy on the labels, in [0, 1) (default 0, off; 0.1 typical)." };
        var mixup = new Option<double>("--mixup") { Description = "Mixup: blend each image with another of its batch by lambda ~ Beta(alpha, alpha) (alpha, e.g. 0.2; default 0, off)." };
        var cutmix = new Option<double>("--cutmix") { Description = "CutMix: paste a box of another image of the batch, area 1 - lambda, lambda ~ Beta(alpha, alpha) (alpha, e.g. 1; default 0, off). With --mixup, half the mixed batches each." };
        var mixProbability = new Option<double>("--mix-probability") { Description = "With --mixup or --cutmix: the share of batches mixed, in [0, 1].", DefaultValueFactory = _ => 1 };
        var weightAverage = new Option<double>("--weight-average") { Description = "Decay of an exponential moving average of the weights, which is then scored, chosen and exported, in [0, 1) (default 0, off; 0.999 typical)." };
        AddRangeCheck(labelSmoothing, 0, 1, upperIncluded: false);
        AddRangeCheck(mixup, 0, double.PositiveInfinity, upperIncluded: false);
        AddRangeCheck(cutmix, 0, double.PositiveInfinity, upperIncluded: false);
        AddRangeCheck(mixProbability, 0, 1, upperIncluded: true);
        AddRangeCheck(weightAverage, 0, 1, upperIncluded: false);
        var progressEvery = new Option<int>("--progress-every") { Description = "A progress line every N batches.", DefaultValueFactory = _ => 50 };
        var teacher = new Option<FileInfo?>("--teacher") { Description = "An exported emotion model (ONNX) to distil from, on the same augmented images, mirror averaged." };
        var teacherWeights = new Option<FileInfo[]>("--teacher-weights")
        {
            Description = "Instead of --teacher: trained checkpoints (CKPT/best.pt, repeatable) to distil from, run on the training device, calibrated on the --choose-on split as export would.",
            Arity = ArgumentArity.OneOrMore,
        };
        var teacherWidth = new Option<int[]>("--teacher-width")
        {
            Description = "The width of the --teacher-weights checkpoints: once for all, or once per checkpoint.",
            DefaultValueFactory = _ => [32],
            Arity = ArgumentArity.OneOrMore,
        };
        var distillWeight = new Option<double>("--distill-weight") { Description = "With --teacher: the distillation loss's share (0..1).", DefaultValueFactory = _ => TrainingOptions.DefaultDistillWeight };
        var distillTemperature = new Option<double>("--distill-temperature") { Description = "With --teacher: the temperature softening the targets.", DefaultValueFactory = _ => TrainingOptions.DefaultDistillTemperature };

        var command = new Command("train", "Train on train/ less the selection split, choose the epoch on the selection split (or train on all of train/ and choose on val/), export the best to ONNX, report val/ once.")
        {
            data, outPath, epochs, batch, limit, valLimit, chooseOn, resume, checkpoints, seed, threads, device, width, lr, classWeightPower, noAugment, augmentBlur,
            labelSmoothing, mixup, cutmix, mixProbability, weightAverage, progressEvery, teacher, teacherWeights, teacherWidth, distillWeight, distillTemperature,
        };
        command.SetAction(result =>
        {
            var options = new TrainingOptions
            {
                DataDirectory = result.GetRequiredValue(data).FullName,
                OutputPath = result.GetRequiredValue(outPath).FullName,
                Epochs = result.GetValue(epochs),
                BatchSize = result.GetValue(batch),
                LimitPerClass = result.GetValue(limit),
                ValLimitPerClass = result.GetValue(valLimit),
                ChooseOn = FerSplits.Parse(result.GetRequiredValue(chooseOn)),
                Resume = result.GetValue(resume)?.FullName,
                CheckpointDirectory = result.GetValue(checkpoints)?.FullName,
                Seed = result.GetValue(seed),
                Threads = result.GetValue(threads),
                Device = result.GetValue(device) == "cuda" ? TorchSharp.DeviceType.CUDA : TorchSharp.DeviceType.CPU,
                Width = result.GetValue(width),
                MaxLearningRate = result.GetValue(lr),
                ClassWeightPower = result.GetValue(classWeightPower),
                Augment = !result.GetValue(noAugment),
                BlurProbability = result.GetValue(augmentBlur),
                LabelSmoothing = result.GetValue(labelSmoothing),
                Mixing = new BatchMixing(result.GetValue(mixup), result.GetValue(cutmix), result.GetValue(mixProbability)),
                WeightAverageDecay = result.GetValue(weightAverage),
                ProgressEvery = result.GetValue(progressEvery),
                Teacher = result.GetValue(teacher)?.FullName,
                TeacherWeights = [.. (result.GetValue(teacherWeights) ?? []).Select(f => f.FullName)],
                TeacherWidths = result.GetValue(teacherWidth) ?? [32],
                DistillWeight = result.GetValue(distillWeight),
                DistillTemperature = result.GetValue(distillTemperature),
            };
            WriteCap(output, [options.Width, .. options.TeacherWeights.Count > 0 ? options.TeacherWidths : []]);
            new Trainer(options, output).Run();
            return 0;
        });
        return command;
    }
}
