using Moodtune.Mood;
using Moodtune.Vision.Emotions;
using Moodtune.Vision.Evaluation;

namespace Moodtune.Vision.Tests.Evaluation;

public sealed class LabelledImageFolderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("moodtune-dataset-").FullName;

    [Fact]
    public void Class_folders_are_read_and_others_ignored()
    {
        Touch("happy/a.jpg", "happy/b.png", "sad/c.jpg", "sad/notes.txt", "contempt/d.jpg");

        var data = LabelledImageFolder.Open(_root);

        Assert.Equal(3, data.Images.Count);
        Assert.Equal([Emotion.Happy, Emotion.Happy, Emotion.Sad], data.Images.Select(i => i.Emotion));
        Assert.Equal(["contempt"], data.IgnoredFolders);
    }

    [Fact]
    public void Limit_keeps_each_class_share()
    {
        Touch([.. Enumerable.Range(0, 8).Select(i => $"happy/{i}.jpg"), .. Enumerable.Range(0, 4).Select(i => $"sad/{i}.jpg")]);

        var data = LabelledImageFolder.Open(_root, limit: 6);

        Assert.Equal(4, data.Images.Count(i => i.Emotion == Emotion.Happy));
        Assert.Equal(2, data.Images.Count(i => i.Emotion == Emotion.Sad));
    }

    [Fact]
    public void A_missing_folder_is_a_clear_error() =>
        Assert.Throws<DirectoryNotFoundException>(() => LabelledImageFolder.Open(Path.Combine(_root, "nope")));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Touch(params string[] files)
    {
        foreach (var file in files)
        {
            var path = Path.Combine(_root, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, []);
        }
    }
}
