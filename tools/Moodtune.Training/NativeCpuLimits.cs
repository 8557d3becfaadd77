using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Moodtune.Training;

/// <summary>
/// Caps oneDNN, which runs libtorch's CPU convolutions, at AVX2 on x86-64 Linux before libtorch first runs. On an AMD
/// EPYC with AVX-512 (VNNI, BF16; 2026-12-05, libtorch 2.10) oneDNN's AVX-512 kernels turned the loss NaN within the
/// first batches of a small run, intermittently: 4 runs in 6 at its AVX512_CORE level, every run at AVX512_CORE_VNNI
/// and above, none in 13 at AVX2 or AVX2_VNNI_2 (`tools/train.sh train ... --width 4 --epochs 1`). With the cap every
/// x86-64 CPU trains with the same float kernels, so a CPU run also gives the same network on a Xeon and an EPYC; it
/// costs speed only where AVX-512 would have been used, and training at scale runs on a GPU. A DNNL_MAX_CPU_ISA set by
/// the user is left alone.
/// </summary>
internal static partial class NativeCpuLimits
{
    public const string Variable = "DNNL_MAX_CPU_ISA";

    public const string Cap = "AVX2";

    /// <summary>Runs when the tool's assembly loads, before any of its code can reach libtorch.</summary>
    [ModuleInitializer]
    internal static void Apply()
    {
        // Environment.SetEnvironmentVariable changes only .NET's own copy on Unix; oneDNN reads the C library's.
        if (RuntimeInformation.ProcessArchitecture == Architecture.X64 && OperatingSystem.IsLinux())
        {
            _ = SetEnv(Variable, Cap, overwrite: 0);
        }
    }

    /// <summary>What the C library's environment holds for <paramref name="name"/>, as native code reads it.</summary>
    public static string? Native(string name) => Marshal.PtrToStringUTF8(GetEnv(name));

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);

    [LibraryImport("libc", EntryPoint = "getenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr GetEnv(string name);
}
