using Moodtune.Comparison;
using Moodtune.Vision.Detection;
using SkiaSharp;

namespace Moodtune.Comparison.Tests;

public sealed class BenchImagesTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("moodtune-bench-tests-");

    [Fact]
    public void The_FER_sample_is_even_over_the_classes_and_the_same_every_time()
    {
        string[] classes = ["angry", "disgust", "fear", "happy", "neutral", "sad", "surprise"];
        foreach (var c in classes)
        {
            var folder = Directory.CreateDirectory(Path.Combine(_work.FullName, c));
            for (var i = 0; i < (c == "disgust" ? 3 : 20); i++)
            {
                File.WriteAllBytes(Path.Combine(folder.FullName, $"{i:00}.jpg"), []);
            }
        }

        var sample = BenchImages.FerSample(_work.FullName, 30);

        // 30 = 5 classes x 4 + 2 x 5 asked; disgust has only 3.
        Assert.Equal(28, sample.Count);
        Assert.Equal(3, sample.Count(i => i.Path.Contains("disgust", StringComparison.Ordinal)));
        Assert.Equal(5, sample.Count(i => i.Path.Contains("angry", StringComparison.Ordinal)));
        Assert.Equal(sample.Select(i => i.Path), BenchImages.FerSample(_work.FullName, 30).Select(i => i.Path));
        Assert.All(sample, i => Assert.Equal([new FaceBox(0, 0, 48, 48)], i.Faces));
        Assert.Contains(sample, i => i.Path.EndsWith(Path.Combine("happy", "00.jpg"), StringComparison.Ordinal));
        Assert.Contains(sample, i => i.Path.EndsWith(Path.Combine("happy", "15.jpg"), StringComparison.Ordinal));
    }

    [Fact]
    public void An_absent_FER_folder_gives_no_images()
    {
        Assert.Empty(BenchImages.FerSample(Path.Combine(_work.FullName, "absent"), 300));
    }

    [Fact]
    public void Face_boxes_follow_their_photo_into_the_canvas()
    {
        using var bitmap = new SKBitmap(512, 512);
        using var photo = SKImage.FromBitmap(bitmap);

        var mapped = BenchImages.Map(BenchImages.AstronautFace, photo, new SKRect(80, 0, 560, 480));

        Assert.Equal(new FaceBox(80 + (178 * 0.9375f), 81 * 0.9375f, 94 * 0.9375f, 94 * 0.9375f), mapped);
    }

    [Fact]
    public void The_synthetic_groups_hold_one_three_and_four_faces_inside_their_canvas()
    {
        var groups = BenchImages.SyntheticGroups(TestPaths.TestImagesDir, _work.FullName);

        Assert.Equal([1, 3, 4], groups.Select(g => g.Faces.Count));
        foreach (var group in groups)
        {
            using var image = SKImage.FromEncodedData(group.Path);
            Assert.All(group.Faces, f => Assert.True(f.X >= 0 && f.Y >= 0 && f.X + f.Width <= image.Width && f.Y + f.Height <= image.Height));
        }
    }

    public void Dispose() => _work.Delete(recursive: true);
}
