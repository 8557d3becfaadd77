using Moodtune.Training.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Moodtune.Training.Tests;

[Collection(Torch.Collection)]
public sealed class VerifierTrainingTests : IDisposable
{
    private static readonly float[] EvenWeights = [1f, 1f];
    private static readonly float[] UnevenWeights = [3f, 0.5f];
    private static readonly long[] FirstClass = [0];
    private static readonly long[] ThreeLabels = [0, 1, 1];
    private static readonly float[] ThreeLogits = [2f, -1f, 0.3f, 0.1f, -2f, 1.5f];
    private static readonly float[] EasyLogits = [4f, -4f];
    private static readonly float[] HardLogits = [-1f, 1f];

    private readonly string _temp = Directory.CreateTempSubdirectory("moodtune-verifier-").FullName;

    [Fact]
    public void Without_focus_the_loss_is_weighted_cross_entropy()
    {
        using var logits = tensor(ThreeLogits, [3, 2]);
        using var labels = tensor(ThreeLabels);
        using var weights = tensor(UnevenWeights);

        using var plain = VerifierTrainer.Loss(logits, labels, weights, 0);
        using var expected = nn.functional.cross_entropy(logits, labels, weights);

        Assert.Equal(expected.item<float>(), plain.item<float>(), 5);
    }

    [Fact]
    public void Focal_loss_spares_the_easy_example_more_than_the_hard_one()
    {
        // One example the network gets right with confidence (easy), one it gets wrong (hard).
        using var easy = tensor(EasyLogits, [1, 2]);
        using var hard = tensor(HardLogits, [1, 2]);
        using var label = tensor(FirstClass);
        using var weights = tensor(EvenWeights);

        float Ratio(Tensor logits)
        {
            using var focal = VerifierTrainer.Loss(logits, label, weights, 2);
            using var plain = VerifierTrainer.Loss(logits, label, weights, 0);
            return focal.item<float>() / plain.item<float>();
        }

        Assert.True(Ratio(easy) < 0.001f, $"easy: {Ratio(easy)}");
        Assert.InRange(Ratio(hard), 0.7f, 1f);
    }

    [Fact]
    public void Pictures_are_numbered_across_folders_in_the_order_their_crops_get_groups()
    {
        var first = Directory.CreateDirectory(Path.Combine(_temp, "a")).FullName;
        var second = Directory.CreateDirectory(Path.Combine(_temp, "b", "deeper")).FullName;
        foreach (var path in (string[])[Path.Combine(first, "z.png"), Path.Combine(first, "m.jpg"), Path.Combine(first, "notes.txt"), Path.Combine(second, "c.PNG")])
        {
            File.WriteAllBytes(path, []);
        }

        var pictures = VerifierCrops.NonFacePictures([first, Path.Combine(_temp, "b")], 100).ToArray();

        Assert.Equal(
            [(Path.Combine(first, "m.jpg"), 100), (Path.Combine(first, "z.png"), 101), (Path.Combine(second, "c.PNG"), 102)],
            pictures);
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);
}
