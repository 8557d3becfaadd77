using Moodtune.Training.Data;
using Moodtune.Training.Model;
using static TorchSharp.torch;

namespace Moodtune.Training.Tests;

/// <summary>Mixup, CutMix and the weight average, piece by piece; <see cref="RegularizedTrainTests"/> runs them in training.</summary>
[Collection(Torch.Collection)]
public sealed class RegularizationTests
{
    private const int Size = 8;
    private const int Pixels = Size * Size;

    /// <summary>Image i is filled with the value 10·(i + 1), so every mixed pixel says where it came from.</summary>
    private static float[] FlatImages(int count) => [.. Enumerable.Range(0, count * Pixels).Select(p => 10f * ((p / Pixels) + 1))];

    [Fact]
    public void Mixup_blends_each_image_with_its_partner_by_lambda()
    {
        var images = FlatImages(6);
        var mix = new BatchMixing(0.4, 0, 1).Apply(images, 6, Size, new Random(1));

        Assert.NotNull(mix);
        Assert.False(mix.CutMix);
        Assert.InRange(mix.Lambda, 0f, 1f);
        Assert.Equal(Enumerable.Range(0, 6), mix.Partner.Order());
        for (var i = 0; i < 6; i++)
        {
            var expected = (mix.Lambda * 10f * (i + 1)) + ((1 - mix.Lambda) * 10f * (mix.Partner[i] + 1));
            Assert.All(images.AsSpan(i * Pixels, Pixels).ToArray(), v => Assert.Equal(expected, v, 3));
        }
    }

    [Fact]
    public void CutMix_pastes_one_box_of_the_partner_and_lambda_is_the_share_left()
    {
        var images = FlatImages(5);
        var mix = new BatchMixing(0, 1, 1).Apply(images, 5, Size, new Random(4));

        Assert.NotNull(mix);
        Assert.True(mix.CutMix);
        for (var i = 0; i < 5; i++)
        {
            var image = images.AsSpan(i * Pixels, Pixels).ToArray();
            var own = 10f * (i + 1);
            var mate = 10f * (mix.Partner[i] + 1);
            Assert.All(image, v => Assert.True(v == own || v == mate, $"pixel {v} is neither {own} nor {mate}"));
            if (mix.Partner[i] != i)
            {
                Assert.Equal(mix.Lambda, image.Count(v => v == own) / (float)Pixels, 5);
            }
        }
    }

    [Fact]
    public void Mixing_is_seeded_and_leaves_batches_alone_when_off_or_not_drawn()
    {
        var a = FlatImages(4);
        var b = FlatImages(4);
        var mixing = new BatchMixing(0.2, 1, 1);
        var first = mixing.Apply(a, 4, Size, new Random(9));
        var second = mixing.Apply(b, 4, Size, new Random(9));
        Assert.Equal(a, b);
        Assert.Equal(first!.Partner, second!.Partner);
        Assert.Equal(first.Lambda, second.Lambda);

        // Both kinds are drawn when both are on.
        var kinds = Enumerable.Range(0, 40).Select(seed => mixing.Apply(FlatImages(4), 4, Size, new Random(seed))!.CutMix).ToHashSet();
        Assert.Equal(2, kinds.Count);

        var untouched = FlatImages(4);
        Assert.Null(BatchMixing.None.Apply(untouched, 4, Size, new Random(1)));
        Assert.Null(new BatchMixing(0.2, 0, 0).Apply(untouched, 4, Size, new Random(1)));
        Assert.Null(new BatchMixing(0.2, 0, 1).Apply(untouched, 1, Size, new Random(1)));
        Assert.Equal(FlatImages(4), untouched);

        // A probability of a half mixes about half the batches.
        var mixed = Enumerable.Range(0, 200).Count(seed => new BatchMixing(0.2, 0, 0.5).Apply(FlatImages(2), 2, Size, new Random(seed)) is not null);
        Assert.InRange(mixed, 70, 130);
    }

    [Fact]
    public void Lambda_follows_beta_alpha_alpha()
    {
        // Beta(0.2, 0.2) piles up near 0 and 1; Beta(4, 4) near a half. Both have mean 1/2.
        double[] Draws(double alpha) => [.. Enumerable.Range(0, 400).Select(seed => (double)new BatchMixing(alpha, 0, 1).Apply(FlatImages(2), 2, Size, new Random(seed))!.Lambda)];
        // Variance α² / ((2α)² (2α + 1)): 0.179 for α 0.2, 0.0278 for α 4.
        var small = Draws(0.2);
        var large = Draws(4);
        static double Variance(double[] x) => x.Select(v => (v - x.Average()) * (v - x.Average())).Average();
        Assert.All(small.Concat(large), l => Assert.InRange(l, 0, 1));
        Assert.InRange(small.Average(), 0.42, 0.58);
        Assert.InRange(large.Average(), 0.46, 0.54);
        Assert.InRange(Variance(small), 0.15, 0.21);
        Assert.InRange(Variance(large), 0.022, 0.034);
    }

    [Fact]
    public void The_weight_average_follows_the_trained_weights_with_its_decay()
    {
        using var net = new EmotionNet(4, 7);
        using var average = new WeightAverage(net, 0.9);
        var trained = net.Head.weight!;
        var averaged = average.Network.Head.weight!;
        var start = averaged.clone();
        Assert.Equal(trained.data<float>().ToArray(), averaged.data<float>().ToArray());

        // The trained weights move by one; the average takes (1 − d) of the step, d warming up from 1/10.
        using (no_grad())
        {
            trained.add_(1f);
        }

        average.Update(step: 0);
        var d0 = WeightAverage.DecayAt(0.9, 0);
        Assert.Equal(0.1, d0, 9);
        var moved = averaged.sub(start).data<float>().ToArray();
        Assert.All(moved, v => Assert.Equal(1 - d0, v, 5));

        // Far on, the decay is the one asked for.
        Assert.Equal(0.9, WeightAverage.DecayAt(0.9, 10_000), 9);
        average.Update(step: 10_000);
        var after = averaged.sub(start).data<float>().ToArray();
        Assert.All(after, v => Assert.Equal((1 - d0) + (0.1 * d0), v, 5));

        // BatchNorm's running statistics are averaged too.
        var statistic = net.Layers[0].Norm.running_mean!;
        using (no_grad())
        {
            statistic.add_(2f);
        }

        average.Update(step: 10_001);
        Assert.All(average.Network.Layers[0].Norm.running_mean!.data<float>().ToArray(), v => Assert.Equal(0.2f, v, 5));
    }

    [Fact]
    public void The_weight_average_starts_from_saved_weights_when_given_them()
    {
        var file = Path.Combine(Path.GetTempPath(), $"moodtune-average-{Guid.NewGuid():N}.pt");
        try
        {
            using var saved = new EmotionNet(4, 7);
            saved.save(file);
            using var net = new EmotionNet(4, 7);
            using var average = new WeightAverage(net, 0.99, file);
            Assert.Equal(saved.Head.weight!.data<float>().ToArray(), average.Network.Head.weight!.data<float>().ToArray());
            Assert.NotEqual(net.Head.weight!.data<float>().ToArray(), average.Network.Head.weight!.data<float>().ToArray());
        }
        finally
        {
            File.Delete(file);
        }
    }
}

/// <summary>Label smoothing, mixup, CutMix and the weight average in a real (tiny) training run, and one cut off and resumed.</summary>
[Collection(Torch.Collection)]
public sealed class RegularizedTrainTests
{
    private static string[] Train(string data, string model, int epochs, params string[] more) =>
        ["train", "--data", data, "--out", model, "--limit-per-class", "20", "--val-limit-per-class", "5", "--epochs", $"{epochs}",
         "--width", "4", "--batch", "32", "--seed", "7", "--label-smoothing", "0.1", "--mixup", "0.2", "--cutmix", "1",
         "--mix-probability", "0.8", "--weight-average", "0.99", .. more];

    [Fact]
    public async Task A_regularized_run_exports_its_weight_average_and_a_resume_replays_it()
    {
        var data = Path.GetDirectoryName(TestPaths.RequireShared("fer2013/train"))!;
        var dir = Directory.CreateTempSubdirectory("moodtune-regularized-").FullName;
        try
        {
            var straight = Path.Combine(dir, "straight.onnx");
            using var output = new StringWriter();
            var exit = await TrainingCommandLine.RunAsync(Train(data, straight, 2), output, output);
            var text = output.ToString();
            Assert.True(exit == 0, text);
            Assert.Contains(
                "regularization: label smoothing 0.1; mixup alpha 0.2 or CutMix alpha 1 on 80% of the batches; weight average (EMA) decay 0.99, scored and exported",
                text,
                StringComparison.Ordinal);
            var checkpoints = straight + ".checkpoints";
            var meta = Checkpoint.Load(Path.Combine(checkpoints, "last.json")).Checkpoint;
            Assert.NotEqual(File.ReadAllBytes(Path.Combine(checkpoints, "last.pt")), File.ReadAllBytes(Path.Combine(checkpoints, "last.average.pt")));
            if (meta.BestEpoch == meta.Epoch)
            {
                // The network kept as best (and exported) is the average, not the trained weights.
                Assert.Equal(File.ReadAllBytes(Path.Combine(checkpoints, "last.average.pt")), File.ReadAllBytes(Path.Combine(checkpoints, "best.pt")));
            }

            // A run cut off after its first epoch and resumed ends where the straight run ended, byte for byte: weights,
            // average, the epoch kept and the exported model (the mixing and averaging are seeded per batch and step).
            var cut = Path.Combine(dir, "cut.onnx");
            TrainingOptions Options(string model, int? stopAfter = null, string? resume = null) => new()
            {
                DataDirectory = data,
                OutputPath = model,
                LimitPerClass = 20,
                ValLimitPerClass = 5,
                Epochs = 2,
                Width = 4,
                BatchSize = 32,
                Seed = 7,
                LabelSmoothing = 0.1,
                Mixing = new BatchMixing(0.2, 1, 0.8),
                WeightAverageDecay = 0.99,
                StopAfterEpoch = stopAfter,
                Resume = resume,
            };
            using var cutOutput = new StringWriter();
            Assert.Null(new Trainer(Options(cut, stopAfter: 1), cutOutput).Run());
            Assert.False(File.Exists(cut), "a run cut off exports nothing");
            Assert.NotNull(new Trainer(Options(cut, resume: Path.Combine(cut + ".checkpoints", "last.json")), cutOutput).Run());
            Assert.Contains("resumed from", cutOutput.ToString(), StringComparison.Ordinal);
            foreach (var file in new[] { "last.pt", "last.average.pt", "best.pt" })
            {
                Assert.True(
                    File.ReadAllBytes(Path.Combine(checkpoints, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(cut + ".checkpoints", file))),
                    $"{file} differs between the straight and the resumed run");
            }

            Assert.Equal(File.ReadAllBytes(straight), File.ReadAllBytes(cut));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("--label-smoothing", "1", "--label-smoothing must be in [0, 1)")]
    [InlineData("--mixup", "-0.5", "--mixup must be >= 0")]
    [InlineData("--cutmix", "-1", "--cutmix must be >= 0")]
    [InlineData("--mix-probability", "1.5", "--mix-probability must be in [0, 1]")]
    [InlineData("--weight-average", "1", "--weight-average must be in [0, 1)")]
    public async Task Out_of_range_regularization_is_refused_naming_the_option(string option, string value, string message)
    {
        using var output = new StringWriter();
        var exit = await TrainingCommandLine.RunAsync(["train", "--data", ".", "--out", "m.onnx", option, value], output, output);
        Assert.NotEqual(0, exit);
        Assert.Contains(message, output.ToString(), StringComparison.Ordinal);
    }
}
