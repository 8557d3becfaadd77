using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Moodtune.Vision.Inference;

/// <summary>
/// The instruction sets ONNX Runtime chooses its float and int8 kernels by (AVX2/FMA, AVX-512, the VNNI dot products and
/// AMX on x86-64; NEON, its dot product, I8MM and SVE on ARM64): a timing or an int8 result means little without them
/// (the bench reports them as machine.isa; the int8 tests name them when they fail).
/// </summary>
public static class CpuFeatures
{
    private static readonly (string Name, string? CpuinfoFlag)[] X64 =
    [
        ("sse4.1", "sse4_1"),
        ("avx", "avx"),
        ("avx2", "avx2"),
        ("fma", "fma"),
        ("avx512f", "avx512f"),
        ("avx512bw", "avx512bw"),
        ("avx512vnni", "avx512_vnni"),
        ("avxvnni", "avx_vnni"),
        ("avx10.1", null),
        ("amx", "amx_int8"),
    ];

    private static readonly (string Name, string? CpuinfoFlag)[] Arm64 =
    [
        ("neon", "asimd"),
        ("asimddp", "asimddp"),
        ("i8mm", "i8mm"),
        ("sve", "sve"),
    ];

    // .NET's answer is preferred where it has one: the runtime checks cpuid and that the OS saves the wide registers
    // (XCR0), on any OS, where /proc/cpuinfo is Linux's alone. AVX512-VNNI, AMX and I8MM have no .NET class, and SVE's
    // is still experimental (SYSLIB5003), so their cpuinfo flag decides.
    private static readonly Dictionary<string, Func<bool>> RuntimeChecks = new(StringComparer.Ordinal)
    {
        ["sse4.1"] = () => Sse41.IsSupported,
        ["avx"] = () => Avx.IsSupported,
        ["avx2"] = () => Avx2.IsSupported,
        ["fma"] = () => Fma.IsSupported,
        ["avx512f"] = () => Avx512F.IsSupported,
        ["avx512bw"] = () => Avx512BW.IsSupported,
        ["avxvnni"] = () => AvxVnni.IsSupported,
        ["avx10.1"] = () => Avx10v1.IsSupported,
        ["neon"] = () => AdvSimd.IsSupported,
        ["asimddp"] = () => Dp.IsSupported,
    };

    /// <summary>This machine's sets, in a fixed order (e.g. ["sse4.1","avx","avx2","fma"]); empty on other architectures.</summary>
    public static IReadOnlyList<string> Detect() =>
        Named(RuntimeInformation.ProcessArchitecture, ReadCpuinfo(), name => RuntimeChecks.TryGetValue(name, out var check) ? check() : null);

    /// <summary>
    /// The sets of <paramref name="architecture"/> that <paramref name="runtime"/> says are there (null: it cannot tell),
    /// or failing that whose flag is on the first "flags" (x86) or "Features" (ARM) line of <paramref name="cpuinfo"/>.
    /// </summary>
    public static IReadOnlyList<string> Named(Architecture architecture, string cpuinfo, Func<string, bool?> runtime)
    {
        ArgumentNullException.ThrowIfNull(cpuinfo);
        ArgumentNullException.ThrowIfNull(runtime);
        var table = architecture switch
        {
            Architecture.X64 or Architecture.X86 => X64,
            Architecture.Arm64 => Arm64,
            _ => [],
        };
        var flags = Flags(cpuinfo);
        return [.. table.Where(f => runtime(f.Name) ?? (f.CpuinfoFlag is { } flag && flags.Contains(flag))).Select(f => f.Name)];
    }

    private static HashSet<string> Flags(string cpuinfo)
    {
        foreach (var line in cpuinfo.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Trim() is "flags" or "Features")
            {
                return [.. line[(colon + 1)..].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)];
            }
        }

        return [];
    }

    private static string ReadCpuinfo()
    {
        try
        {
            return File.ReadAllText("/proc/cpuinfo");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }
}
