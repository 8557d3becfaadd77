namespace Moodtune.Tests;

/// <summary>Where tests find the repository's models, test images and the shared data sets, wherever the test binary runs.</summary>
internal static class TestPaths
{
    private static readonly Lazy<string> RepoRootValue = new(FindRepoRoot);

    /// <summary>The folder holding Moodtune.slnx, found by walking up from the test binary.</summary>
    public static string RepoRoot => RepoRootValue.Value;

    public static string ModelsDir => Path.Combine(RepoRoot, "models");

    /// <summary>Shared data sets beside the repository (../shared/data): always there in CI, maybe not elsewhere.</summary>
    public static string SharedDataDir => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "data"));

    public static string TestImagesDir => Path.Combine(RepoRoot, "tests", "Moodtune.Vision.Tests", "TestData", "images");

    public static string Model(string fileName) => Path.Combine(ModelsDir, fileName);

    public static string TestImage(string fileName) => Path.Combine(TestImagesDir, fileName);

    /// <summary>A path under ../shared/data, or a skipped test that says the shared data is absent.</summary>
    public static string RequireShared(string relativePath)
    {
        var path = Path.Combine(SharedDataDir, relativePath);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            Assert.Skip($"shared data absent: {path} (CI always has ../shared; this test did not run)");
        }

        return path;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Moodtune.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No folder above {AppContext.BaseDirectory} holds Moodtune.slnx.");
    }
}
