using Moodtune.Training.Data;

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
}
