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
