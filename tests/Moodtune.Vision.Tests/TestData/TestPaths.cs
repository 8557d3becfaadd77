namespace Moodtune.Vision.Tests.TestData;

/// <summary>Where tests find the repository's models and data, wherever the test binary runs from.</summary>
public static class TestPaths
{
    private static readonly Lazy<string> s_repoRoot = new(FindRepoRoot);

    /// <summary>The folder holding Moodtune.slnx, found by walking up from the test binary.</summary>
    public static string RepoRoot => s_repoRoot.Value;

    public static string ModelsDir => Path.Combine(RepoRoot, "models");

    /// <summary>Shared data sets beside the repository (../shared/data); may be missing.</summary>
    public static string SharedDataDir => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "data"));

    public static string TestImagesDir => Path.Combine(RepoRoot, "tests", "Moodtune.Vision.Tests", "TestData", "images");

    public static string Model(string fileName) => Path.Combine(ModelsDir, fileName);

    public static string TestImage(string fileName) => Path.Combine(TestImagesDir, fileName);

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
