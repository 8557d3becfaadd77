using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Moodtune.Cli.Tests;

/// <summary>
/// The linux-arm64 build of tools/publish-arm64.sh, published once per test run, and QEMU's user-mode emulator to run
/// it as a Jetson Nano's Cortex-A57 would.
/// </summary>
public sealed class Arm64Build : IAsyncLifetime
{
    private const string CrossLibDir = "/usr/aarch64-linux-gnu/lib";
    private const string EmulatedCpu = "cortex-a57";

    // The ARM glibc loader and what the .NET runtime, ONNX Runtime and SkiaSharp link against, and OpenSSL, which .NET
    // asks for random bytes (serve's start-up setup code).
    private static readonly string[] CrossLibraries = ["ld-linux-aarch64.so.1", "libc.so.6", "libstdc++.so.6", "libgcc_s.so.1", "libssl.so.3", "libcrypto.so.3"];

    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(15);

    private readonly string _temp = Directory.CreateTempSubdirectory("moodtune-arm64-").FullName;
    private string? _emulator;

    /// <summary>Why the emulator cannot run here, or null when it can.</summary>
    public string? Missing { get; private set; }

    public string PublishDirectory => Path.Combine(_temp, "publish");

    /// <summary>What QEMU takes for the root of the ARM file system (QEMU_LD_PREFIX).</summary>
    private string EmulatedRoot => Path.Combine(_temp, "root");

    public TimeSpan PublishTime { get; private set; }

    public async ValueTask InitializeAsync()
    {
        _emulator = FindOnPath("qemu-aarch64-static") ?? FindOnPath("qemu-aarch64");
        var missing = CrossLibraries
            .Where(file => !File.Exists(Path.Combine(CrossLibDir, file)))
            .ToList();
        if (_emulator is null || missing.Count > 0)
        {
            Missing = (_emulator is null ? "qemu-aarch64-static is not installed" : $"{string.Join(", ", missing)} missing from {CrossLibDir}")
                + ": install qemu-user-static libc6-arm64-cross libstdc++6-arm64-cross libgcc-s1-arm64-cross and unpack Debian's arm64 libssl3 there (./test.sh does)";
            return;
        }

        CreateEmulatedRoot();

        var stopwatch = Stopwatch.StartNew();
        // No build servers: a compiler or MSBuild node left running would hold the redirected output open.
        var (exitCode, output) = await RunToEndAsync(
            "bash", [Path.Combine(TestPaths.RepoRoot, "tools", "publish-arm64.sh"), PublishDirectory, "--disable-build-servers"],
            environment: [], TestPaths.RepoRoot, PublishTimeout);
        PublishTime = stopwatch.Elapsed;
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"tools/publish-arm64.sh exited {exitCode}:\n{Tail(output)}");
        }
    }

    /// <summary>Runs the ARM64 `moodtune` with <paramref name="arguments"/> under the emulator until it exits.</summary>
    public async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, TimeSpan timeout, params string[] arguments) =>
        await RunToEndAsync(_emulator!, [Path.Combine(PublishDirectory, "moodtune"), .. arguments], EmulatorEnvironment, workingDirectory, timeout);

    /// <summary>Starts the ARM64 `moodtune` under the emulator; its stdout and stderr collect in <paramref name="output"/>.</summary>
    public Process Start(string workingDirectory, StringBuilder output, params string[] arguments) =>
        StartProcess(_emulator!, [Path.Combine(PublishDirectory, "moodtune"), .. arguments], EmulatorEnvironment, workingDirectory, output);

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_temp, recursive: true);
        return ValueTask.CompletedTask;
    }

    // The emulator is called directly rather than through binfmt_misc, which is often not mounted (containers).
    private Dictionary<string, string> EmulatorEnvironment => new()
    {
        ["QEMU_LD_PREFIX"] = EmulatedRoot,
        ["QEMU_CPU"] = EmulatedCpu,
    };

    /// <summary>
    /// The ARM program's view of /lib and /proc/cpuinfo. QEMU resolves every absolute path the program opens under
    /// QEMU_LD_PREFIX first, so lib/ leads to Debian's arm64 C and C++ runtimes, and proc/cpuinfo replaces the host's:
    /// ONNX Runtime's CPU probe crashes (SIGSEGV) on the x86 /proc/cpuinfo, which names no ARM core.
    /// </summary>
    private void CreateEmulatedRoot()
    {
        Directory.CreateDirectory(Path.Combine(EmulatedRoot, "proc"));
        File.CreateSymbolicLink(Path.Combine(EmulatedRoot, "lib"), CrossLibDir);
        var cores = Enumerable.Range(0, PossibleCpuCount()).Select(i => $"""
            processor	: {i}
            BogoMIPS	: 38.40
            Features	: fp asimd evtstrm aes pmull sha1 sha2 crc32 cpuid
            CPU implementer	: 0x41
            CPU architecture: 8
            CPU variant	: 0x1
            CPU part	: 0xd07
            CPU revision	: 1

            """);
        File.WriteAllText(Path.Combine(EmulatedRoot, "proc", "cpuinfo"), string.Join("\n", cores));
    }

    // The probe reads the processor list from the host's /sys, which the emulator passes through: one ARM core per entry.
    private static int PossibleCpuCount()
    {
        const string possible = "/sys/devices/system/cpu/possible";
        if (!File.Exists(possible))
        {
            return Environment.ProcessorCount;
        }

        // "0-1", or "0-3,8-11": the highest index gives the count.
        var last = File.ReadAllText(possible).Trim().Split(',', '-')[^1];
        return int.Parse(last, CultureInfo.InvariantCulture) + 1;
    }

    private static async Task<(int ExitCode, string Output)> RunToEndAsync(
        string program, IEnumerable<string> arguments, Dictionary<string, string> environment, string workingDirectory, TimeSpan timeout)
    {
        var output = new StringBuilder();
        using var process = StartProcess(program, arguments, environment, workingDirectory, output);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancellation.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} ran past {timeout}:\n{Tail(Snapshot(output))}");
        }

        return (process.ExitCode, Snapshot(output));
    }

    private static Process StartProcess(
        string program, IEnumerable<string> arguments, Dictionary<string, string> environment, string workingDirectory, StringBuilder output)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    public static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    public static string Tail(string output) => output.Length <= 4000 ? output : output[^4000..];

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
}
