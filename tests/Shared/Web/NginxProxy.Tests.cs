namespace Moodtune.Tests;

internal sealed partial class NginxProxy
{
    /// <summary>The nginx binary, or a skipped test outside CI; in CI a missing nginx fails the test.</summary>
    public static string Require()
    {
        if (Binary is { } binary)
        {
            return binary;
        }

        if (Environment.GetEnvironmentVariable("CI") is { Length: > 0 })
        {
            Assert.Fail("nginx is not installed: ./test.sh installs Debian's nginx-light.");
        }

        Assert.Skip("nginx is not installed (./test.sh installs Debian's nginx-light); this test did not run.");
        return "";
    }

    /// <summary>nginx in front of <paramref name="nodes"/>, or the test skipped (failed in CI) when nginx is not installed.</summary>
    public static Task<NginxProxy> StartAsync(IEnumerable<Uri> nodes) => StartAsync(Require(), TestPaths.RepoRoot, nodes);
}
