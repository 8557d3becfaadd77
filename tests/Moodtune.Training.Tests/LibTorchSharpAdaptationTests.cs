using System.Diagnostics;
using System.Reflection;
using static TorchSharp.torch;

namespace Moodtune.Training.Tests;

[Collection(Torch.Collection)]
public sealed class LibTorchSharpAdaptationTests
{
    private static string BuildScripts => Path.Combine(TestPaths.RepoRoot, "tools", "Moodtune.Training", "build");

    private static string NativeDir => Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native");

    [Fact]
    public void TorchSharp_loads_and_computes_in_this_process()
    {
        using var two = ones(2);
        Assert.Equal(2f, two.sum().item<float>());
        Assert.Contains("conv forward/backward ok", TrainingCommandLine.Check(), StringComparison.Ordinal);
    }

    [Fact]
    public void Adapted_copy_of_the_package_wrapper_is_weak_on_GLIBCXX_3_4_32_and_loads()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "The wrapper adaptation is for Linux.");
        var packageRoot = typeof(LibTorchSharpAdaptationTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "NuGetPackageRoot").Value!;
        var original = Path.Combine(packageRoot, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        var dir = Directory.CreateTempSubdirectory("moodtune-wrapper-").FullName;
        try
        {
            // Twice: the second run must find everything done and change nothing.
            Run("bash", Path.Combine(BuildScripts, "adapt-libtorchsharp.sh"), original, dir);
            var second = Run("bash", Path.Combine(BuildScripts, "adapt-libtorchsharp.sh"), original, dir);
            Assert.Contains("already weak", Run("python3", Path.Combine(BuildScripts, "weaken_verneed.py"), Path.Combine(dir, "libLibTorchSharp.so"), "GLIBCXX_3.4.32"), StringComparison.Ordinal);
            Assert.Contains("GLIBCXX_3.4.32 is weak", second, StringComparison.Ordinal);

            var needed = Run("patchelf", "--print-needed", Path.Combine(dir, "libLibTorchSharp.so")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Single(needed, n => n == "libmoodtune_iosinit.so");
            if (File.Exists(Path.Combine(NativeDir, "libmoodtune_iosinit.so")))
            {
                // This build adapted its own copy (the system libstdc++ is older): the same bytes.
                Assert.Equal(File.ReadAllBytes(Path.Combine(NativeDir, "libLibTorchSharp.so")), File.ReadAllBytes(Path.Combine(dir, "libLibTorchSharp.so")));
            }

            // The copy loads in a fresh process, finding libtorch and the shim beside it ($ORIGIN).
            foreach (var library in Directory.EnumerateFiles(NativeDir, "lib*.so*").Where(f => !Path.GetFileName(f).StartsWith("libLibTorchSharp", StringComparison.Ordinal) && !f.EndsWith("iosinit.so", StringComparison.Ordinal)))
            {
                File.CreateSymbolicLink(Path.Combine(dir, Path.GetFileName(library)), library);
            }

            Assert.Contains("loaded", Run("python3", "-c", $"import ctypes; ctypes.CDLL('{Path.Combine(dir, "libLibTorchSharp.so")}'); print('loaded')"), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} exited {process.ExitCode}: {stderr}");
        return stdout.Result + stderr;
    }
}
