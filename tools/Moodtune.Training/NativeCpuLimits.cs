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
/// <para>
/// Networks of a width that is not a multiple of 8 get SSE4.1 instead (<see cref="ForWidths"/>): on another EPYC of
/// the same kind (2026-12-05, later) the AVX and AVX2 kernels made most batches of such networks non-finite, as the
/// AVX-512 ones did at width 4 before. Measured with one-epoch runs (`train --limit-per-class 300 --width W` and the
/// verifier on no-person-train): width 12 failed in 2 of 3 emotion runs and 7 of 11 verifier runs at AVX2 (AVX: 4 of 4),
/// width 20 in 2 of 2; widths 8, 16 and 24 in none of 12; width 12 at SSE4.1 in none of 12. Width 4 passed 12 fresh
/// runs at AVX2 but failed once in CI's test process, which had run many networks before it (a batch non-finite twice
/// from the same state). oneDNN blocks channels by 8 at AVX2 and pads the rest of a block, and every such width's first
/// block is a partial one, which fits the pattern (padding that is not zeroed would read what the process left in
/// memory); the cause was not traced further. SSE4.1 trains the width-32 network about 1.8x slower (74 against 134
/// images/s), so it is kept to the widths that need it.
/// </para>
/// </summary>
internal static partial class NativeCpuLimits
{
    public const string Variable = "DNNL_MAX_CPU_ISA";

    public const string Cap = "AVX2";

    public const string NarrowCap = "SSE41";

    private static bool s_applied;

    private static bool s_userChose;

    /// <summary>Runs when the tool's assembly loads, before any of its code can reach libtorch.</summary>
    [ModuleInitializer]
    internal static void Apply()
    {
        // Environment.SetEnvironmentVariable changes only .NET's own copy on Unix; oneDNN reads the C library's.
        if (IsCapped && !s_applied)
        {
            s_applied = true;
            s_userChose = GetEnv(Variable) != IntPtr.Zero;
            _ = SetEnv(Variable, Cap, overwrite: 0);
        }
    }

    /// <summary>
    /// Lowers the cap to SSE4.1 when a network of <paramref name="widths"/> needs it; call it before the first network
    /// runs (oneDNN reads its cap once, at its first convolution).
    /// </summary>
    /// <returns>The line to print when it lowered the cap, else null (no such width, another CPU, or the user chose).</returns>
    public static string? ForWidths(IEnumerable<int> widths)
    {
        var narrow = widths.Where(NeedsNarrowCap).Distinct().ToArray();
        if (!IsCapped || s_userChose || narrow.Length == 0)
        {
            return null;
        }

        _ = SetEnv(Variable, NarrowCap, overwrite: 1);
        return $"oneDNN capped at {NarrowCap} for width {string.Join(", ", narrow)}: its AVX2 kernels make such networks' gradients non-finite (tools/README.md)";
    }

    internal static bool NeedsNarrowCap(int width) => width % 8 != 0;

    /// <summary>What the C library's environment holds for <paramref name="name"/>, as native code reads it.</summary>
    public static string? Native(string name) => Marshal.PtrToStringUTF8(GetEnv(name));

    private static bool IsCapped => RuntimeInformation.ProcessArchitecture == Architecture.X64 && OperatingSystem.IsLinux();

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);

    [LibraryImport("libc", EntryPoint = "getenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr GetEnv(string name);
}
