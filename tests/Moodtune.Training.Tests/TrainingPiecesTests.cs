using Moodtune.Training.Data;
using Moodtune.Training.Distillation;

namespace Moodtune.Training.Tests;

public sealed class TrainingPiecesTests
{
    [Fact]
    public void Learning_rate_warms_up_then_decays_to_nearly_zero()
    {
        Assert.Equal(0.04 * 3e-3, Trainer.LearningRate(3e-3, 0), 9);
        Assert.Equal(3e-3, Trainer.LearningRate(3e-3, 0.15), 9);
        Assert.True(Trainer.LearningRate(3e-3, 0.5) < 3e-3);
        Assert.True(Trainer.LearningRate(3e-3, 1) < 1e-5);
    }

    [Fact]
    public void Rare_classes_weigh_more()
    {
        var weights = Trainer.ClassWeights([3995, 436, 4097, 7215, 4830, 3171, 4965], 0.5);
        Assert.Equal(1, Array.IndexOf(weights, weights.Max()));
        Assert.Equal(3, Array.IndexOf(weights, weights.Min()));
    }

    [Fact]
    public void Augmentation_is_seeded_and_none_leaves_the_image_alone()
    {
        var image = Enumerable.Range(0, FerImages.Pixels).Select(i => (byte)(i % 251)).ToArray();
        var a = new float[FerImages.Pixels];
        var b = new float[FerImages.Pixels];
        new Augmentation().Apply(image, a, new Random(3));
        new Augmentation().Apply(image, b, new Random(3));
        Assert.Equal(a, b);
        Assert.All(a, v => Assert.InRange(v, 0f, 255f));

        Augmentation.None.Apply(image, a, new Random(3));
        Assert.Equal(image.Select(v => (float)v), a);
    }

    [Fact]
    public void Augmentation_without_blur_draws_what_it_drew_before_the_blur_option()
    {
        // Weighted pixel sums per seed, printed by the augmentation as it was before --augment-blur existed (commit
        // 4ec6c51): with the blur off the recipes of the shipped networks must see the very same images.
        double[] before = [1089899.692258358, 1309163.4241638184, 1033590.3597202301, 1276885.539340973, 1006446.3801612854];
        var image = Enumerable.Range(0, FerImages.Pixels).Select(i => (byte)(((i * 37) + (i / 48 * 11)) % 256)).ToArray();
        var output = new float[FerImages.Pixels];
        for (var seed = 1; seed <= 5; seed++)
        {
            new Augmentation().Apply(image, output, new Random(seed));
            var sum = 0.0;
            for (var i = 0; i < output.Length; i++)
            {
                sum += output[i] * ((i % 7) + 1);
            }

            // Within a millionth: libm's sine and cosine may differ in the last bit between machines; a changed draw
            // order moves the sum by thousands.
            Assert.True(Math.Abs(sum - before[seed - 1]) < 1, $"seed {seed}: {sum:R}, before {before[seed - 1]:R}");
        }
    }

    [Fact]
    public void Blur_augmentation_softens_the_image_and_keeps_its_shape_and_range()
    {
        // A checkerboard of 0 and 255: all detail, the worst case for blur and downscaling.
        var board = Enumerable.Range(0, FerImages.Pixels).Select(i => (byte)((((i % 48) + (i / 48)) % 2) * 255)).ToArray();
        var sharp = new float[FerImages.Pixels];
        Augmentation.None.Apply(board, sharp, new Random(1));
        Assert.Equal(board.Select(v => (float)v), sharp);

        // Blur on every image, nothing else: each seed degrades it one way or the other.
        var blurOnly = Augmentation.None with { BlurProbability = 1 };
        // (Sigma is drawn from 0..2 px, so a few are nearly sharp; none may be sharper, and on average most detail goes.)
        var degraded = new float[FerImages.Pixels];
        var details = new List<double>();
        for (var seed = 0; seed < 20; seed++)
        {
            blurOnly.Apply(board, degraded, new Random(seed));
            Assert.Equal(FerImages.Pixels, degraded.Length);
            Assert.All(degraded, v => Assert.InRange(v, 0f, 255f));
            Assert.True(Detail(degraded) <= Detail(sharp) + 1e-3, $"seed {seed}: detail {Detail(degraded)} against {Detail(sharp)}");
            Assert.Equal(127.5, degraded.Average(), 2.0);
            details.Add(Detail(degraded));
        }

        Assert.True(details.Average() < Detail(sharp) * 0.5, $"mean detail {details.Average()} against {Detail(sharp)}");

        // Each kind on its own, and the two stay seeded.
        var blurred = (float[])sharp.Clone();
        Augmentation.GaussianBlur(blurred, 1.5f);
        Assert.True(Detail(blurred) < Detail(sharp) * 0.1);
        var small = (float[])sharp.Clone();
        Augmentation.LowResolution(small, 24);
        Assert.True(Detail(small) < Detail(sharp) * 0.5);
        Assert.All(small, v => Assert.InRange(v, 0f, 255f));
        var again = new float[FerImages.Pixels];
        blurOnly.Apply(board, degraded, new Random(7));
        blurOnly.Apply(board, again, new Random(7));
        Assert.Equal(degraded, again);

        // A smooth image (a horizontal ramp) survives a 32-px round trip nearly unchanged: it loses detail, not content.
        var ramp = Enumerable.Range(0, FerImages.Pixels).Select(i => (float)(i % 48 * 5)).ToArray();
        var rampBack = (float[])ramp.Clone();
        Augmentation.LowResolution(rampBack, 32);
        Assert.True(Enumerable.Range(0, FerImages.Pixels).Where(i => i % 48 is > 1 and < 46).Max(i => Math.Abs(ramp[i] - rampBack[i])) < 0.5);

        // With the full augmentation, blur changes what the network sees for the same seed (but where sigma came out
        // under a tenth of a pixel and no rectangle was erased either way).
        var plain = new float[FerImages.Pixels];
        var withBlur = new float[FerImages.Pixels];
        var photo = Enumerable.Range(0, FerImages.Pixels).Select(i => (byte)(((i * 37) + (i / 48 * 11)) % 256)).ToArray();
        var changed = Enumerable.Range(0, 10).Count(seed =>
        {
            new Augmentation().Apply(photo, plain, new Random(seed));
            (new Augmentation() with { BlurProbability = 1 }).Apply(photo, withBlur, new Random(seed));
            return !plain.SequenceEqual(withBlur);
        });
        Assert.True(changed >= 8, $"blur changed {changed} of 10 augmented images");
    }

    // Mean absolute difference between horizontal neighbours: what blur and low resolution take away.
    private static double Detail(float[] image) => Enumerable.Range(0, FerImages.Pixels).Where(i => i % 48 != 47).Average(i => Math.Abs(image[i + 1] - image[i]));

    // The verifier's crops are 32 px (its --low-resolution): the same area average and enlargement at another size; a
    // checkerboard loses its detail, a ramp keeps its content, the mean stays, and an image of the wrong size is refused.
    [Fact]
    public void Low_resolution_works_at_the_verifiers_32_pixels()
    {
        const int size = 32;
        var board = Enumerable.Range(0, size * size).Select(i => (i % size + (i / size)) % 2 == 0 ? 200f : 50f).ToArray();
        var small = (float[])board.Clone();
        Augmentation.LowResolution(small, 12, size);
        Assert.Equal(board.Average(), small.Average(), 0.5);
        Assert.True(small.Max() - small.Min() < 0.3f * (board.Max() - board.Min()));

        var ramp = Enumerable.Range(0, size * size).Select(i => (float)(i % size * 7)).ToArray();
        var back = (float[])ramp.Clone();
        Augmentation.LowResolution(back, 24, size);
        Assert.True(Enumerable.Range(0, size * size).Where(i => i % size is > 1 and < size - 2).Max(i => Math.Abs(ramp[i] - back[i])) < 0.5);

        Assert.Throws<ArgumentOutOfRangeException>(() => Augmentation.LowResolution(new float[48 * 48], 12, size));
    }

    [Fact]
    public void Soft_targets_at_temperature_one_and_equal_weights_are_the_teacher_probabilities()
    {
        float[] teacher = [0.1f, 0.05f, 0.05f, 0.5f, 0.1f, 0.1f, 0.1f];
        var targets = Teacher.SoftTargets(teacher, [1, 1, 1, 1, 1, 1, 1], 1);
        Assert.All(Enumerable.Range(0, 7), c => Assert.Equal(teacher[c], targets[c], 5));
    }

    [Fact]
    public void Soft_targets_move_into_the_class_weighted_space_and_soften_with_temperature()
    {
        float[] teacher = [0.1f, 0.05f, 0.05f, 0.5f, 0.1f, 0.1f, 0.1f, /* a second image */ 0.7f, 0.01f, 0.09f, 0.05f, 0.05f, 0.05f, 0.05f];
        var weights = Trainer.ClassWeights([3995, 436, 4097, 7215, 4830, 3171, 4965], 0.5);
        var weighted = Teacher.SoftTargets(teacher, weights, 1);

        // What a class-weighted student learns: p(c)·w(c), normalised; disgust gains on happy.
        Assert.Equal(teacher[1] * weights[1] / (teacher[3] * weights[3]), weighted[1] / weighted[3], 4);
        Assert.Equal(1, weighted.AsSpan(0, 7).ToArray().Sum(), 5);
        Assert.Equal(1, weighted.AsSpan(7, 7).ToArray().Sum(), 5);

        // T = 2: the same order, flatter (the largest target shrinks, the smallest grows).
        var soft = Teacher.SoftTargets(teacher, weights, 2);
        Assert.Equal(
            Enumerable.Range(7, 7).OrderBy(i => weighted[i]).ToArray(),
            Enumerable.Range(7, 7).OrderBy(i => soft[i]).ToArray());
        Assert.True(soft[7] < weighted[7]);
        Assert.True(soft[8] > weighted[8]);
        Assert.Throws<ArgumentOutOfRangeException>(() => Teacher.SoftTargets(teacher, weights, 0));
    }
}

public sealed class EnsembleSearchTests
{
    [Fact]
    public void A_network_that_is_always_right_ranks_first_alone_and_with_its_mirror()
    {
        var labels = Enumerable.Range(0, 200).Select(i => i % 7).ToArray();
        var random = new Random(3);
        float[] Right() => [.. labels.SelectMany(l => Enumerable.Range(0, 7).Select(c => c == l ? 0.9f : 0.1f / 6))];
        float[] Noise() => [.. labels.SelectMany(_ => Enumerable.Range(0, 7).Select(_ => random.NextSingle()))];
        var search = new EnsembleSearch(labels, [Noise(), Right(), Noise()], [Noise(), Right(), Noise()]);

        foreach (var mirror in new[] { false, true })
        {
            var ranked = search.Rank(1, mirror);
            Assert.Equal([1], ranked[0].Members);
            Assert.Equal(1.0, ranked[0].Accuracy);
            Assert.Equal(1.0, ranked[0].MacroF1, 6);
            Assert.True(ranked[1].Accuracy < 0.5);
        }

        Assert.Equal(3, search.Rank(2, mirror: true).Count);
        var halves = search.ChooseOnHalves(1, mirror: false, splits: 5);
        Assert.Equal(1.0, halves.ChosenHalf);
        Assert.Equal(1.0, halves.OtherHalf);
    }

    [Fact]
    public void Choosing_among_networks_that_only_guess_flatters_the_half_chosen_on()
    {
        var labels = Enumerable.Range(0, 400).Select(i => i % 7).ToArray();
        var random = new Random(5);
        float[][] Guesses() => [.. Enumerable.Range(0, 12).Select(_ => labels.SelectMany(_ => Enumerable.Range(0, 7).Select(_ => random.NextSingle())).ToArray())];
        var search = new EnsembleSearch(labels, Guesses(), Guesses());

        var halves = search.ChooseOnHalves(2, mirror: false, splits: 20);
        Assert.True(halves.ChosenHalf > halves.OtherHalf + 0.03, $"chosen half {halves.ChosenHalf:P1}, other half {halves.OtherHalf:P1}");
        Assert.InRange(halves.OtherHalf, 1 / 7.0 - 0.05, 1 / 7.0 + 0.05);
    }
}
