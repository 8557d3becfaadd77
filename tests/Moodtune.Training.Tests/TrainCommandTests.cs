using Microsoft.ML.OnnxRuntime;
using Moodtune.Training.Data;
using Moodtune.Training.Distillation;
using Moodtune.Training.Model;
using Moodtune.Vision.Evaluation;

namespace Moodtune.Training.Tests;

/// <summary>The training command end to end on a small FER2013 subset (about a minute on 2 cores).</summary>
[Collection(Torch.Collection)]
public sealed class TrainCommandTests
{
    private const int TrainPerClass = 150;
    private const int Seed = 1;

    [Fact]
    public async Task Train_exports_an_onnx_model_that_matches_torchsharp_and_beats_chance_on_held_apart_images()
    {
        var data = Path.GetDirectoryName(TestPaths.RequireShared("fer2013/train"))!;
        var dir = Directory.CreateTempSubdirectory("moodtune-train-").FullName;
        try
        {
            var model = Path.Combine(dir, "emotion.onnx");
            using var output = new StringWriter();
            var exit = await TrainingCommandLine.RunAsync(
                ["train", "--data", data, "--out", model, "--limit-per-class", $"{TrainPerClass}", "--val-limit-per-class", "50",
                 "--epochs", "5", "--width", "16", "--batch", "32", "--no-augment", "--seed", $"{Seed}", "--progress-every", "10"],
                output,
                output);
            Assert.True(exit == 0, output.ToString());
            Assert.Contains("epoch 5/5", output.ToString(), StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(dir, "emotion.onnx.checkpoints", "last.json")));

            using var session = new InferenceSession(model);
            var metadata = session.ModelMetadata.CustomMetadataMap;
            Assert.Equal("angry,disgust,fear,happy,sad,surprise,neutral", metadata["moodtune.classes"]);
            Assert.Equal("48", metadata["moodtune.input_size"]);
            Assert.Equal("gray", metadata["moodtune.color"]);
            var temperature = Temperatures(session).Single();
            Assert.InRange(temperature, 0.25, 8);
            Assert.Contains("calibrated on selection: temperature", output.ToString(), StringComparison.Ordinal);

            // Images neither trained on nor used to choose the epoch: train files outside the training sample and the
            // selection split.
            var trainedOn = FerSplits.TrainingFiles(data, ChoiceSplit.Selection, TrainPerClass, Seed).Select(f => f.Path).ToHashSet();
            var heldApart = FerImages.Load([.. FerSplits.TrainingFiles(data, ChoiceSplit.Selection).Where(f => !trainedOn.Contains(f.Path))
                .GroupBy(f => f.Label).SelectMany(g => g.Take(60))]);
            var onnx = Predict(session, heldApart.Data.Select(b => (float)b).ToArray(), heldApart.Count);

            // The same network in TorchSharp: the chosen checkpoint, on real faces and on noise.
            using var net = new EmotionNet(16, FerImages.Classes.Length);
            net.load(Path.Combine(dir, "emotion.onnx.checkpoints", "best.pt"));
            var noise = new float[4 * FerImages.Pixels];
            var random = new Random(7);
            for (var i = 0; i < noise.Length; i++)
            {
                noise[i] = random.NextSingle() * 255f;
            }

            var torchFaces = net.Probabilities(heldApart.Data.Select(b => (float)b).ToArray(), heldApart.Count, temperature);
            Assert.Equal(onnx.Length, torchFaces.Length);
            Assert.All(Enumerable.Range(0, onnx.Length), i => Assert.True(Math.Abs(onnx[i] - torchFaces[i]) < 1e-4, $"probability {i}: ONNX {onnx[i]} vs TorchSharp {torchFaces[i]}"));
            var onnxNoise = Predict(session, noise, 4);
            var torchNoise = net.Probabilities(noise, 4, temperature);
            Assert.All(Enumerable.Range(0, onnxNoise.Length), i => Assert.True(Math.Abs(onnxNoise[i] - torchNoise[i]) < 1e-4, $"noise probability {i}: ONNX {onnxNoise[i]} vs TorchSharp {torchNoise[i]}"));

            // Balanced held-apart set: chance is 1/7 (14.3%); 420 images put 20% about three standard deviations above it.
            var correct = Enumerable.Range(0, heldApart.Count).Count(i => ArgMax(onnx.AsSpan(i * 7, 7)) == heldApart.Labels[i]);
            var accuracy = correct / (double)heldApart.Count;
            TestContext.Current.TestOutputHelper?.WriteLine($"held-apart accuracy {accuracy:P1} on {heldApart.Count} images; max |ONNX - TorchSharp| {onnx.Zip(torchFaces, (a, b) => Math.Abs(a - b)).Max():E1}");
            Assert.True(accuracy > 0.20, $"held-apart accuracy {accuracy:P1} is not above chance + margin\n{output}");

            // The export command writes the same model from the checkpoint, the temperature fitted afresh on (all of) the
            // selection split and the logits corrected for the class weighting on all of train less the selection split
            // (the training sample above was balanced: no correction).
            var counts = FerSplits.TrainingCounts(data, ChoiceSplit.Selection);
            var correction = Trainer.PriorCorrection(counts, 0.5);
            Assert.True(correction[1] < correction[3], "rare disgust was weighted up in training, so its logit comes down more than happy's");
            var exported = Path.Combine(dir, "exported.onnx");
            using var exportOutput = new StringWriter();
            var exportExit = await TrainingCommandLine.RunAsync(
                ["export", "--weights", Path.Combine(dir, "emotion.onnx.checkpoints", "best.pt"), "--width", "16", "--data", data, "--out", exported],
                exportOutput,
                exportOutput);
            Assert.True(exportExit == 0, exportOutput.ToString());
            using var exportedSession = new InferenceSession(exported);
            var exportedTemperature = Temperatures(exportedSession).Single();
            var again = Predict(exportedSession, noise, 4);
            var torchAgain = net.Probabilities(noise, 4, exportedTemperature, correction);
            Assert.All(Enumerable.Range(0, again.Length), i => Assert.True(Math.Abs(again[i] - torchAgain[i]) < 1e-4, $"exported probability {i}"));

            // Three checkpoints, of two widths, make one model that averages the three calibrated networks.
            using var narrow = new EmotionNet(8, FerImages.Classes.Length);
            var narrowWeights = Path.Combine(dir, "narrow.pt");
            narrow.save(narrowWeights);
            string[] members = ["--weights", Path.Combine(dir, "emotion.onnx.checkpoints", "best.pt"), "--weights", Path.Combine(dir, "emotion.onnx.checkpoints", "last.pt"), "--weights", narrowWeights];
            var ensemble = Path.Combine(dir, "ensemble.onnx");
            using var ensembleOutput = new StringWriter();
            var ensembleExit = await TrainingCommandLine.RunAsync(
                ["export", .. members, "--width", "16", "--width", "16", "--width", "8", "--data", data, "--out", ensemble],
                ensembleOutput,
                ensembleOutput);
            Assert.True(ensembleExit == 0, ensembleOutput.ToString());
            Assert.Contains("exported 3 networks, probabilities averaged", ensembleOutput.ToString(), StringComparison.Ordinal);
            using var ensembleSession = new InferenceSession(ensemble);
            Assert.Equal("3", ensembleSession.ModelMetadata.CustomMetadataMap["moodtune.networks"]);
            var temperatures = Temperatures(ensembleSession);
            Assert.Equal(3, temperatures.Length);
            using var last = new EmotionNet(16, FerImages.Classes.Length);
            last.load(Path.Combine(dir, "emotion.onnx.checkpoints", "last.pt"));
            var fromBest = net.Probabilities(noise, 4, temperatures[0], correction);
            var fromLast = last.Probabilities(noise, 4, temperatures[1], correction);
            var fromNarrow = narrow.Probabilities(noise, 4, temperatures[2], correction);
            var ensembleTemperature = new TemperatureScaling(double.Parse(
                ensembleSession.ModelMetadata.CustomMetadataMap["moodtune.ensemble_temperature"], System.Globalization.CultureInfo.InvariantCulture));
            var averaged = Predict(ensembleSession, noise, 4);
            for (var image = 0; image < 4; image++)
            {
                var expected = ensembleTemperature.Apply([.. Enumerable.Range(image * 7, 7).Select(i => (fromBest[i] + fromLast[i] + fromNarrow[i]) / 3)]);
                Assert.All(Enumerable.Range(0, 7), c => Assert.True(
                    Math.Abs(averaged[(image * 7) + c] - expected[c]) < 1e-4, $"ensemble probability {image}/{c}: ONNX {averaged[(image * 7) + c]} vs TorchSharp {expected[c]}"));
            }

            // --int8 writes the same network quantized (QDQ), calibrated on train images; it answers like the float model.
            var int8 = Path.Combine(dir, "int8.onnx");
            using var int8Output = new StringWriter();
            var int8Exit = await TrainingCommandLine.RunAsync(
                ["export", "--weights", Path.Combine(dir, "emotion.onnx.checkpoints", "best.pt"), "--width", "16", "--data", data, "--out", int8,
                 "--int8", "--int8-images-per-class", "20"],
                int8Output,
                int8Output);
            Assert.True(int8Exit == 0, int8Output.ToString());
            Assert.Contains("int8 (calibrated on 140 train images) on val", int8Output.ToString(), StringComparison.Ordinal);
            var quantizedGraph = Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(int8));
            Assert.Contains(quantizedGraph.Graph.Node, n => n.OpType == "QuantizeLinear");
            // Weights as uint8 around 128 (u8u8): ONNX Runtime's u8s8 kernel saturates on AVX2 CPUs.
            Assert.Contains(quantizedGraph.Graph.Initializer, i => i.Name.EndsWith("_weight_uint8", StringComparison.Ordinal) && i.DataType == (int)Onnx.TensorProto.Types.DataType.Uint8);
            Assert.DoesNotContain(quantizedGraph.Graph.Initializer, i => i.DataType == (int)Onnx.TensorProto.Types.DataType.Int8);
            using var int8Session = new InferenceSession(int8);
            Assert.StartsWith("int8", int8Session.ModelMetadata.CustomMetadataMap["moodtune.quantization"], StringComparison.Ordinal);
            var floatFaces = Predict(exportedSession, heldApart.Data.Select(b => (float)b).ToArray(), heldApart.Count);
            var int8Faces = Predict(int8Session, heldApart.Data.Select(b => (float)b).ToArray(), heldApart.Count);
            var sameTop = Enumerable.Range(0, heldApart.Count).Count(i => ArgMax(int8Faces.AsSpan(i * 7, 7)) == ArgMax(floatFaces.AsSpan(i * 7, 7))) / (double)heldApart.Count;
            var meanDifference = int8Faces.Zip(floatFaces, (a, b) => Math.Abs(a - b)).Average();
            TestContext.Current.TestOutputHelper?.WriteLine($"int8: same top class for {sameTop:P1} of held-apart images, mean |int8 - float| {meanDifference:E1}");
            Assert.True(sameTop >= 0.9, $"int8 and float agree on only {sameTop:P1} of the held-apart images");
            Assert.True(meanDifference < 0.02, $"int8 probabilities differ from float by {meanDifference} on average");

            // `quantize` on the float export writes the very file `export --int8` wrote.
            var requantized = Path.Combine(dir, "requantized.onnx");
            using var quantizeOutput = new StringWriter();
            var quantizeExit = await TrainingCommandLine.RunAsync(
                ["quantize", "--model", exported, "--data", data, "--out", requantized, "--int8-images-per-class", "20"], quantizeOutput, quantizeOutput);
            Assert.True(quantizeExit == 0, quantizeOutput.ToString());
            Assert.Contains("same top class as float for", quantizeOutput.ToString(), StringComparison.Ordinal);
            Assert.Equal(File.ReadAllBytes(int8), File.ReadAllBytes(requantized));

            // `dequantize` gives the float model of the int8 file's own weights: it answers like the float export, up to
            // the weights' rounding, and `quantize` of it gives back the same answers as the int8 file.
            var dequantized = Path.Combine(dir, "dequantized.onnx");
            using var dequantizeOutput = new StringWriter();
            Assert.Equal(0, await TrainingCommandLine.RunAsync(["dequantize", "--model", int8, "--out", dequantized], dequantizeOutput, dequantizeOutput));
            var dequantizedGraph = Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(dequantized));
            Assert.DoesNotContain(dequantizedGraph.Graph.Node, n => n.OpType is "QuantizeLinear" or "DequantizeLinear");
            using (var dequantizedSession = new InferenceSession(dequantized))
            {
                var dequantizedFaces = Predict(dequantizedSession, heldApart.Data.Select(b => (float)b).ToArray(), heldApart.Count);
                var weightRounding = dequantizedFaces.Zip(floatFaces, (a, b) => Math.Abs(a - b)).Max();
                Assert.True(weightRounding < 0.02, $"the dequantized model differs from the float export by up to {weightRounding}");
            }

            using var dequantizeTwice = new StringWriter();
            Assert.Equal(1, await TrainingCommandLine.RunAsync(["dequantize", "--model", dequantized, "--out", Path.Combine(dir, "never.onnx")], dequantizeTwice, dequantizeTwice));
            Assert.Contains("float already", dequantizeTwice.ToString(), StringComparison.Ordinal);

            // `extract` takes one network out of the ensemble with its own calibration: the TorchSharp network's answers.
            var second = Path.Combine(dir, "second.onnx");
            using var extractOutput = new StringWriter();
            Assert.Equal(0, await TrainingCommandLine.RunAsync(["extract", "--model", ensemble, "--network", "2", "--out", second], extractOutput, extractOutput));
            using (var secondSession = new InferenceSession(second))
            {
                Assert.Equal("1", secondSession.ModelMetadata.CustomMetadataMap["moodtune.networks"]);
                Assert.Equal(temperatures[1], Temperatures(secondSession)[0], 6);
                var alone = Predict(secondSession, noise, 4);
                Assert.All(Enumerable.Range(0, 4 * 7), i => Assert.True(Math.Abs(alone[i] - fromLast[i]) < 1e-4, $"network 2 alone, {i}: ONNX {alone[i]} vs TorchSharp {fromLast[i]}"));
            }

            using var extractMissing = new StringWriter();
            Assert.Equal(1, await TrainingCommandLine.RunAsync(["extract", "--model", ensemble, "--network", "4", "--out", Path.Combine(dir, "never.onnx")], extractMissing, extractMissing));

            // `import` turns a float export back into weights (for a teacher whose checkpoint is gone): the network it
            // writes answers as the ONNX file does, BatchNorm folded or not; a network of an ensemble comes out with --network.
            var imported = Path.Combine(dir, "imported", "best.pt");
            using var importOutput = new StringWriter();
            Assert.Equal(0, await TrainingCommandLine.RunAsync(["import", "--model", exported, "--out", imported], importOutput, importOutput));
            Assert.Contains("EmotionNet width 16", importOutput.ToString(), StringComparison.Ordinal);
            using (var back = new EmotionNet(16, FerImages.Classes.Length))
            {
                back.load(imported);
                var fromImport = back.Probabilities(noise, 4, exportedTemperature, correction);
                Assert.All(Enumerable.Range(0, again.Length), i => Assert.True(
                    Math.Abs(fromImport[i] - again[i]) < 1e-4, $"imported probability {i}: TorchSharp {fromImport[i]} vs ONNX {again[i]}"));
            }

            var importedNarrow = Path.Combine(dir, "imported", "narrow.pt");
            Assert.Equal(0, await TrainingCommandLine.RunAsync(["import", "--model", ensemble, "--network", "3", "--out", importedNarrow], importOutput, importOutput));
            using (var backNarrow = new EmotionNet(8, FerImages.Classes.Length))
            {
                backNarrow.load(importedNarrow);
                var fromImport = backNarrow.Probabilities(noise, 4, temperatures[2], correction);
                Assert.All(Enumerable.Range(0, fromNarrow.Length), i => Assert.True(
                    Math.Abs(fromImport[i] - fromNarrow[i]) < 1e-4, $"imported network 3, {i}: {fromImport[i]} vs {fromNarrow[i]}"));
            }

            using var importRefused = new StringWriter();
            Assert.Equal(1, await TrainingCommandLine.RunAsync(["import", "--model", int8, "--out", Path.Combine(dir, "never.pt")], importRefused, importRefused));
            Assert.Contains("dequantize", importRefused.ToString(), StringComparison.Ordinal);
            Assert.Equal(1, await TrainingCommandLine.RunAsync(["import", "--model", ensemble, "--out", Path.Combine(dir, "never.pt")], importRefused, importRefused));
            Assert.Contains("ensemble", importRefused.ToString(), StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(dir, "never.pt")));

            // Widths that match neither all checkpoints nor each one are refused, and nothing is written.
            using var widthsOutput = new StringWriter();
            var widthsExit = await TrainingCommandLine.RunAsync(
                ["export", .. members, "--width", "16", "--width", "8", "--data", data, "--out", Path.Combine(dir, "never.onnx")], widthsOutput, widthsOutput);
            Assert.Equal(1, widthsExit);
            Assert.Contains("2 widths for 3 checkpoints", widthsOutput.ToString(), StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(dir, "never.onnx")));

            // Distillation: a student learns from the exported model (on the same augmented images, mirror averaged) and the labels.
            var student = Path.Combine(dir, "student.onnx");
            using var studentOutput = new StringWriter();
            var studentExit = await TrainingCommandLine.RunAsync(
                ["train", "--data", data, "--out", student, "--limit-per-class", "30", "--val-limit-per-class", "10",
                 "--epochs", "1", "--width", "8", "--batch", "32", "--seed", $"{Seed}", "--teacher", exported, "--distill-weight", "0.5"],
                studentOutput,
                studentOutput);
            Assert.True(studentExit == 0, studentOutput.ToString());
            Assert.Contains($"distilling from {exported}", studentOutput.ToString(), StringComparison.Ordinal);
            Assert.Contains("weight 0.5, temperature 2", studentOutput.ToString(), StringComparison.Ordinal);
            Assert.True(File.Exists(student));

            // The same three networks from their checkpoints as a teacher (--teacher-weights, for a GPU): calibrated on the
            // selection split as export calibrates them, they give the targets of the float model export wrote from them.
            (string, int)[] teacherMembers = [(members[1], 16), (members[3], 16), (members[5], 8)];
            using (var fromCheckpoints = new NetworkTeacher(teacherMembers, correction, FerImages.Load(FerSplits.ChoiceFiles(data, ChoiceSplit.Selection)), ChoiceSplit.Selection, TorchSharp.torch.CPU, TextWriter.Null))
            using (var fromModel = new OnnxTeacher(ensemble))
            {
                var images = heldApart.Data.Take(20 * FerImages.Pixels).Select(b => (float)b).ToArray();
                var expected = fromModel.Probabilities(images, 20);
                var actual = fromCheckpoints.Probabilities(images, 20);
                Assert.All(Enumerable.Range(0, expected.Length), i => Assert.True(
                    Math.Abs(actual[i] - expected[i]) < 1e-4, $"teacher probability {i}: checkpoints {actual[i]} vs exported model {expected[i]}"));
            }

            using var checkpointStudentOutput = new StringWriter();
            var checkpointStudentExit = await TrainingCommandLine.RunAsync(
                ["train", "--data", data, "--out", Path.Combine(dir, "student2.onnx"), "--limit-per-class", "30", "--val-limit-per-class", "10",
                 "--epochs", "1", "--width", "8", "--batch", "32", "--teacher-weights", members[1], "--teacher-weights", members[5],
                 "--teacher-width", "16", "--teacher-width", "8"],
                checkpointStudentOutput,
                checkpointStudentOutput);
            Assert.True(checkpointStudentExit == 0, checkpointStudentOutput.ToString());
            Assert.Contains("distilling from 2 networks from", checkpointStudentOutput.ToString(), StringComparison.Ordinal);

            // Every pair of the three networks scored on the selection split, with and without the mirror, what choosing
            // there flatters, and val for the pair chosen only.
            using var ensemblesOutput = new StringWriter();
            var ensemblesExit = await TrainingCommandLine.RunAsync(
                ["ensembles", .. members, "--width", "16", "--width", "16", "--width", "8", "--data", data, "--size", "2", "--splits", "3"],
                ensemblesOutput,
                ensemblesOutput);
            Assert.True(ensemblesExit == 0, ensemblesOutput.ToString());
            Assert.Contains("2 networks (2 passes per face): 3 subsets", ensemblesOutput.ToString(), StringComparison.Ordinal);
            Assert.Contains("2 networks + mirror (4 passes per face): 3 subsets", ensemblesOutput.ToString(), StringComparison.Ordinal);
            Assert.Contains("on the other half (3 splits)", ensemblesOutput.ToString(), StringComparison.Ordinal);
            Assert.Equal(2, ensemblesOutput.ToString().Split('\n').Count(l => l.Contains("chosen, report on val (not chosen on)", StringComparison.Ordinal)));
            Assert.Contains("note: " + narrowWeights + " has no last.json", ensemblesOutput.ToString(), StringComparison.Ordinal);

            // Both kinds of teacher at once is refused before any training.
            using var bothOutput = new StringWriter();
            var bothExit = await TrainingCommandLine.RunAsync(
                ["train", "--data", data, "--out", Path.Combine(dir, "never.onnx"), "--teacher", exported, "--teacher-weights", members[1]],
                bothOutput,
                bothOutput);
            Assert.NotEqual(0, bothExit);
            Assert.Contains("not both", bothOutput.ToString(), StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(dir, "never.onnx")));

            // A teacher that is not an emotion model is refused before any training, and named.
            var notAnEmotionModel = TestPaths.Model("blazeface-front-128.onnx");
            using var badTeacherOutput = new StringWriter();
            var badTeacherExit = await TrainingCommandLine.RunAsync(
                ["train", "--data", data, "--out", Path.Combine(dir, "never.onnx"), "--limit-per-class", "30", "--val-limit-per-class", "10",
                 "--epochs", "1", "--width", "8", "--teacher", notAnEmotionModel],
                badTeacherOutput,
                badTeacherOutput);
            Assert.NotEqual(0, badTeacherExit);
            Assert.Contains("is not a 48x48 gray Moodtune emotion model", badTeacherOutput.ToString(), StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(dir, "never.onnx")));

            // A missing checkpoint is named, and nothing is written.
            using var missingOutput = new StringWriter();
            var missingExit = await TrainingCommandLine.RunAsync(
                ["export", "--weights", Path.Combine(dir, "no-such.pt"), "--data", data, "--out", Path.Combine(dir, "never.onnx")], missingOutput, missingOutput);
            Assert.Equal(1, missingExit);
            Assert.Contains("no-such.pt", missingOutput.ToString(), StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(dir, "never.onnx")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static double[] Temperatures(InferenceSession session) =>
        [.. session.ModelMetadata.CustomMetadataMap["moodtune.temperature"].Split(',').Select(t => double.Parse(t, System.Globalization.CultureInfo.InvariantCulture))];

    private static float[] Predict(InferenceSession session, float[] pixels, int count)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(pixels, [count, 1, FerImages.Size, FerImages.Size]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["input"], [input], ["probabilities"]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    private static int ArgMax(ReadOnlySpan<float> row)
    {
        var best = 0;
        for (var i = 1; i < row.Length; i++)
        {
            if (row[i] > row[best])
            {
                best = i;
            }
        }

        return best;
    }
}

[Collection(Torch.Collection)]
public sealed class TrainDeterminismTests
{
    [Fact]
    public async Task Same_seed_gives_the_same_model()
    {
        var data = Path.GetDirectoryName(TestPaths.RequireShared("fer2013/train"))!;
        var dir = Directory.CreateTempSubdirectory("moodtune-seed-").FullName;
        try
        {
            var models = new List<byte[]>();
            foreach (var name in new[] { "a.onnx", "b.onnx" })
            {
                using var output = new StringWriter();
                var exit = await TrainingCommandLine.RunAsync(
                    ["train", "--data", data, "--out", Path.Combine(dir, name), "--limit-per-class", "20", "--val-limit-per-class", "5",
                     "--epochs", "1", "--width", "4", "--batch", "32", "--seed", "5"],
                    output,
                    output);
                Assert.True(exit == 0, output.ToString());
                models.Add(File.ReadAllBytes(Path.Combine(dir, name)));
            }

            Assert.Equal(models[0], models[1]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

[Collection(Torch.Collection)]
public sealed class TrainDeviceTests
{
    [Fact]
    public async Task Cuda_without_a_gpu_fails_before_reading_any_data_and_says_why()
    {
        if (TorchSharp.torch.cuda.is_available())
        {
            Assert.Skip("this machine has a CUDA GPU: the failure this test expects cannot happen here");
        }

        var dir = Directory.CreateTempSubdirectory("moodtune-device-").FullName;
        try
        {
            using var output = new StringWriter();
            var exit = await TrainingCommandLine.RunAsync(
                ["train", "--data", Path.Combine(dir, "no-such-data"), "--out", Path.Combine(dir, "m.onnx"), "--device", "cuda"],
                output,
                output);
            Assert.NotEqual(0, exit);
            Assert.Contains("CUDA did not initialise", output.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("no-such-data", output.ToString(), StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(dir, "m.onnx.checkpoints")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Device_accepts_only_cpu_or_cuda()
    {
        using var output = new StringWriter();
        var exit = await TrainingCommandLine.RunAsync(["train", "--data", ".", "--out", "m.onnx", "--device", "mps"], output, output);
        Assert.NotEqual(0, exit);
        Assert.Contains("mps", output.ToString(), StringComparison.Ordinal);
    }
}

/// <summary>`train` chooses on the selection split by default, reports val once; the old recipe stays behind --choose-on val.</summary>
[Collection(Torch.Collection)]
public sealed class ChooseOnTrainTests
{
    [Fact]
    public async Task Train_chooses_on_the_selection_split_reports_val_once_and_a_resume_keeps_its_split()
    {
        var data = Path.GetDirectoryName(TestPaths.RequireShared("fer2013/train"))!;
        var dir = Directory.CreateTempSubdirectory("moodtune-choose-").FullName;
        try
        {
            var model = Path.Combine(dir, "m.onnx");
            using var output = new StringWriter();
            var exit = await TrainingCommandLine.RunAsync(
                ["train", "--data", data, "--out", model, "--limit-per-class", "20", "--val-limit-per-class", "5",
                 "--epochs", "2", "--width", "4", "--batch", "32", "--seed", "3", "--augment-blur", "0.5"],
                output,
                output);
            var text = output.ToString();
            Assert.True(exit == 0, text);
            var lines = text.Split('\n');
            Assert.Contains("140 train images (the selection split held out), 35 selection images to choose the epoch on", text, StringComparison.Ordinal);
            var epochs = lines.Where(l => l.StartsWith("epoch ", StringComparison.Ordinal)).ToList();
            Assert.Equal(2, epochs.Count);
            Assert.All(epochs, l => Assert.Contains("selection accuracy", l, StringComparison.Ordinal));
            Assert.Contains("calibrated on selection: temperature", text, StringComparison.Ordinal);

            // Val: not read while choosing, one line at the end, after the export, labelled as the report.
            var valLines = lines.Where(l => l.Contains("val", StringComparison.Ordinal)).ToList();
            Assert.True(valLines.Count == 1, text);
            Assert.StartsWith("report on val (not chosen on): accuracy", valLines[0], StringComparison.Ordinal);
            Assert.True(Array.FindIndex(lines, l => l.StartsWith("exported 1 network", StringComparison.Ordinal)) < Array.IndexOf(lines, valLines[0]), text);
            Assert.Contains("best selection epoch", text, StringComparison.Ordinal);

            // The checkpoint records its split: a resume choosing on val is refused and changes nothing.
            var checkpoints = Path.Combine(dir, "m.onnx.checkpoints");
            Assert.Contains("\"ChooseOn\": \"selection\"", File.ReadAllText(Path.Combine(checkpoints, "last.json")), StringComparison.Ordinal);
            var before = File.ReadAllBytes(Path.Combine(checkpoints, "last.pt"));
            using var resumeOutput = new StringWriter();
            var resumeExit = await TrainingCommandLine.RunAsync(
                ["train", "--data", data, "--out", model, "--limit-per-class", "20", "--val-limit-per-class", "5",
                 "--epochs", "3", "--width", "4", "--batch", "32", "--seed", "3", "--choose-on", "val", "--resume", Path.Combine(checkpoints, "last.json")],
                resumeOutput,
                resumeOutput);
            Assert.NotEqual(0, resumeExit);
            Assert.Contains("resume it with --choose-on selection", resumeOutput.ToString(), StringComparison.Ordinal);
            Assert.Equal(before, File.ReadAllBytes(Path.Combine(checkpoints, "last.pt")));

            // Neither can export or ensembles calibrate it on val: it was trained for the selection split's counts.
            using var exportOutput = new StringWriter();
            var exportExit = await TrainingCommandLine.RunAsync(
                ["export", "--weights", Path.Combine(checkpoints, "best.pt"), "--width", "4", "--data", data, "--out", Path.Combine(dir, "never.onnx"), "--choose-on", "val"],
                exportOutput,
                exportOutput);
            Assert.Equal(1, exportExit);
            Assert.Contains("use it with --choose-on selection", exportOutput.ToString(), StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(dir, "never.onnx")));

            // The old recipe: all of train, the epoch chosen on val, val figures every epoch and no separate report.
            using var valOutput = new StringWriter();
            var valExit = await TrainingCommandLine.RunAsync(
                ["train", "--data", data, "--out", Path.Combine(dir, "v.onnx"), "--limit-per-class", "20", "--val-limit-per-class", "5",
                 "--epochs", "1", "--width", "4", "--batch", "32", "--seed", "3", "--choose-on", "val"],
                valOutput,
                valOutput);
            Assert.True(valExit == 0, valOutput.ToString());
            Assert.Contains("140 train images, 35 val images to choose the epoch on", valOutput.ToString(), StringComparison.Ordinal);
            Assert.Contains("epoch 1/1: loss", valOutput.ToString(), StringComparison.Ordinal);
            Assert.Contains(", val accuracy", valOutput.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("report on val", valOutput.ToString(), StringComparison.Ordinal);
            Assert.Contains("\"ChooseOn\": \"val\"", File.ReadAllText(Path.Combine(dir, "v.onnx.checkpoints", "last.json")), StringComparison.Ordinal);

            // A teacher trained on all of train has seen the selection split: a student choosing on it is refused one.
            using var teacherOutput = new StringWriter();
            var teacherExit = await TrainingCommandLine.RunAsync(
                ["train", "--data", data, "--out", Path.Combine(dir, "never.onnx"), "--limit-per-class", "20", "--val-limit-per-class", "5",
                 "--epochs", "1", "--width", "4", "--teacher-weights", Path.Combine(dir, "v.onnx.checkpoints", "best.pt"), "--teacher-width", "4"],
                teacherOutput,
                teacherOutput);
            Assert.NotEqual(0, teacherExit);
            Assert.Contains("the selection split included", teacherOutput.ToString(), StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(dir, "never.onnx.checkpoints")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Blur_share_outside_zero_to_one_is_refused()
    {
        using var output = new StringWriter();
        var exit = await TrainingCommandLine.RunAsync(["train", "--data", ".", "--out", "m.onnx", "--augment-blur", "1.5"], output, output);
        Assert.NotEqual(0, exit);
        Assert.Contains("--augment-blur must be in [0, 1]", output.ToString(), StringComparison.Ordinal);
    }
}
