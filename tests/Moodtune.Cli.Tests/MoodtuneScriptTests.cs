using System.Diagnostics;

namespace Moodtune.Cli.Tests;

/// <summary>
/// The ./moodtune script's first build, with a stand-in `dotnet` on the PATH (a real build takes most of a minute):
/// it says it is still building every few seconds instead of going silent, and a failed build shows its output.
/// </summary>
public sealed class MoodtuneScriptTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("moodtune-script-");

    public MoodtuneScriptTests()
    {
        File.Copy(Path.Combine(TestPaths.RepoRoot, "moodtune"), Path.Combine(_root.FullName, "moodtune"));
        Directory.CreateDirectory(Path.Combine(_root.FullName, "src", "Moodtune.Cli"));
        Directory.CreateDirectory(Path.Combine(_root.FullName, "models"));
        File.WriteAllText(Path.Combine(_root.FullName, "src", "Moodtune.Cli", "Moodtune.Cli.csproj"), "<Project />");
        var bin = Directory.CreateDirectory(Path.Combine(_root.FullName, "fake-bin")).FullName;
        // `dotnet build PROJECT -c Release -o OUT -nologo` sleeps, then fails or makes OUT; `dotnet OUT/moodtune.dll ARGS` echoes.
        Executable(Path.Combine(bin, "dotnet"), """
            #!/bin/sh
            if [ "$1" = build ]; then
              sleep "$FAKE_BUILD_SECONDS"
              if [ -n "$FAKE_BUILD_FAILS" ]; then echo "Program.cs(1,1): error CS1002: ; expected"; exit 1; fi
              mkdir -p "$6"; exit 0
            fi
            echo "ran $*"
            """);
        Executable(Path.Combine(bin, "npm"), "#!/bin/sh\nexit 0\n");
    }

    [Fact]
    public async Task A_first_build_says_it_is_still_building_then_runs_the_command()
    {
        var (exitCode, output, error) = await RunAsync(buildSeconds: 4, fails: false);

        Assert.True(exitCode == 0, error);
        Assert.Contains("moodtune: building (Release", error, StringComparison.Ordinal);
        Assert.Contains("moodtune: still building (", error, StringComparison.Ordinal);
        Assert.Contains("moodtune: built in", error, StringComparison.Ordinal);
        Assert.Contains("moodtune.dll detect x.jpg", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_build_shows_its_output_and_exits_1()
    {
        var (exitCode, output, error) = await RunAsync(buildSeconds: 0, fails: true);

        Assert.Equal(1, exitCode);
        Assert.Contains("error CS1002", error, StringComparison.Ordinal);
        Assert.Contains("moodtune: the build failed (output above)", error, StringComparison.Ordinal);
        Assert.DoesNotContain("ran ", output, StringComparison.Ordinal);
    }

    public void Dispose() => _root.Delete(recursive: true);

    private async Task<(int ExitCode, string Output, string Error)> RunAsync(int buildSeconds, bool fails)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(_root.FullName, "moodtune"), "detect", "x.jpg"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PATH"] = $"{Path.Combine(_root.FullName, "fake-bin")}:{Environment.GetEnvironmentVariable("PATH")}";
        start.Environment["MOODTUNE_PROGRESS_SECONDS"] = "1";
        start.Environment["FAKE_BUILD_SECONDS"] = buildSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (fails)
        {
            start.Environment["FAKE_BUILD_FAILS"] = "1";
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await output, await error);
    }

    private static void Executable(string path, string text)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("./moodtune is a bash script for Linux.");
        }

        File.WriteAllText(path, text.Replace("\r", "", StringComparison.Ordinal) + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
