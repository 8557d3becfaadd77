using System.Xml.Linq;
using Moodtune.Tests;

namespace Moodtune.Cli.Tests;

/// <summary>
/// Building the product must not install or patch anything: the training tool's build apt-installs g++ and patchelf
/// and adapts libtorch's wrapper (tools/Moodtune.Training/build/TorchSharpGlibcxx.targets), so it lives in a solution
/// of its own, which test.sh (and so CI) still runs.
/// </summary>
public class SolutionLayoutTests
{
    private const string TrainingSolution = "tools/Moodtune.Training.slnx";

    [Fact]
    public void The_product_solution_builds_nothing_that_loads_libtorch_or_patches_it()
    {
        var offenders = ProjectsWithReferences(Path.Combine(TestPaths.RepoRoot, "Moodtune.slnx"))
            .Where(project => LoadsLibTorch(XDocument.Load(project)))
            .Select(project => Path.GetRelativePath(TestPaths.RepoRoot, project))
            .ToList();

        Assert.True(offenders.Count == 0, $"Moodtune.slnx builds {string.Join(", ", offenders)}, which reference TorchSharp or import its build adaptation");
    }

    [Fact]
    public void The_training_tests_still_run_through_their_own_solution()
    {
        var training = ProjectsWithReferences(Path.Combine(TestPaths.RepoRoot, TrainingSolution))
            .Select(project => Path.GetFileName(project))
            .ToList();
        Assert.Contains("Moodtune.Training.csproj", training);
        Assert.Contains("Moodtune.Training.Tests.csproj", training);
        Assert.Contains($"--solution {TrainingSolution}", File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "test.sh")), StringComparison.Ordinal);
    }

    private static bool LoadsLibTorch(XDocument project) =>
        project.Descendants("PackageReference").Any(r => ((string?)r.Attribute("Include"))?.StartsWith("TorchSharp", StringComparison.OrdinalIgnoreCase) == true)
        || project.Descendants("Import").Any(i => ((string?)i.Attribute("Project"))?.Contains("TorchSharpGlibcxx", StringComparison.OrdinalIgnoreCase) == true);

    /// <summary>Every project a solution lists, and every project those reference, transitively (full paths).</summary>
    private static HashSet<string> ProjectsWithReferences(string solution)
    {
        var folder = Path.GetDirectoryName(solution)!;
        var pending = new Stack<string>(XDocument.Load(solution).Descendants("Project")
            .Select(p => Path.GetFullPath(Path.Combine(folder, ((string)p.Attribute("Path")!).Replace('\\', '/')))));
        var seen = new HashSet<string>();
        while (pending.TryPop(out var project))
        {
            if (!seen.Add(project))
            {
                continue;
            }

            foreach (var reference in XDocument.Load(project).Descendants("ProjectReference"))
            {
                var path = ((string)reference.Attribute("Include")!).Replace('\\', '/');
                pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, path)));
            }
        }

        return seen;
    }
}
