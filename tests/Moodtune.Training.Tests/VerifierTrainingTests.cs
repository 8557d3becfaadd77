using Moodtune.Tests;
using Moodtune.Training.Data;
using Moodtune.Vision.Detection;
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

    [Fact]
    public void Face_copies_are_moved_boxes_of_the_same_faces_trained_on_but_never_held_out()
    {
        var happy = TestPaths.RequireShared("fer2013/train/happy");
        using var detector = FaceDetector.FromDirectory(TestPaths.ModelsDir);
        var plain = new VerifierCrops();
        plain.AddFerFaces(detector, happy, limit: 4, seed: 3, group: 0);
        var copied = new VerifierCrops();
        copied.AddFerFaces(detector, happy, limit: 4, seed: 3, group: 0, jitteredCopies: 2);

        // An image the detector finds no face in adds nothing (one of these four, on the CPUs seen).
        Assert.InRange(plain.Count, 2, 4);
        Assert.Equal(3 * plain.Count, copied.Count);
        Assert.All(plain.IsCopy, Assert.False);
        for (var i = 0; i < plain.Count; i++)
        {
            // The same sample of faces with or without copies, each followed by its two copies in its own group.
            Assert.Equal(plain.Image(i).ToArray(), copied.Image(3 * i).ToArray());
            Assert.Equal([false, true, true], copied.IsCopy.Skip(3 * i).Take(3));
            Assert.All(copied.Groups.Skip(3 * i).Take(3), g => Assert.Equal(plain.Groups[i], g));
            Assert.NotEqual(copied.Image(3 * i).ToArray(), copied.Image((3 * i) + 1).ToArray());
        }

        Assert.All(Enumerable.Range(0, copied.Count), i => Assert.Equal(VerifierCrops.Face, copied.Labels[i]));

        // Held out whole (fraction 1), a face's copies are left out of the crops the threshold is chosen on.
        var (train, selection) = VerifierTrainer.Split(copied, 1.0, seed: 3);
        Assert.Empty(train);
        Assert.Equal(Enumerable.Range(0, plain.Count).Select(i => 3 * i), selection);

        var cache = Path.Combine(_temp, "crops.bin");
        copied.Write(cache, "key");
        var read = VerifierCrops.TryRead(cache, "key")!;
        Assert.Equal(copied.IsCopy, read.IsCopy);
        Assert.Equal(copied.Groups, read.Groups);
        Assert.Null(VerifierCrops.TryRead(cache, "another key"));
    }

    [Fact]
    public void Scene_faces_are_the_boxes_found_on_faces_placed_in_camera_scenes_one_group_each()
    {
        var happy = TestPaths.RequireShared("fer2013/train/happy");
        using var detector = FaceDetector.FromDirectory(TestPaths.ModelsDir);
        var crops = new VerifierCrops();

        var next = crops.AddSceneFaces(detector, happy, limit: 6, seed: 3, group: 500, refineNarrowerThan: 32);

        // Near, far and far in a wide frame in turn; a face the detector misses adds nothing (8% of 4,000 train faces,
        // most of them far in a 320-px frame).
        Assert.InRange(crops.Count, 4, 6);
        Assert.Equal(500 + crops.Count, next);
        Assert.Equal(Enumerable.Range(500, crops.Count), crops.Groups);
        Assert.All(crops.Labels, label => Assert.Equal(VerifierCrops.Face, label));
        Assert.All(crops.IsCopy, Assert.False);

        // Seeded: the same faces in the same scenes give the same crops.
        var again = new VerifierCrops();
        again.AddSceneFaces(detector, happy, limit: 6, seed: 3, group: 500, refineNarrowerThan: 32);
        Assert.Equal(crops.Count, again.Count);
        Assert.Equal(crops.Image(0).ToArray(), again.Image(0).ToArray());

        // A camera face is not a padded FER image: the room, the JPEG and the frame's shrinking show in the crop.
        var plain = new VerifierCrops();
        plain.AddFerFaces(detector, happy, limit: 6, seed: 3, group: 0);
        Assert.DoesNotContain(Enumerable.Range(0, plain.Count), i => plain.Image(i).SequenceEqual(crops.Image(0)));
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);
}
