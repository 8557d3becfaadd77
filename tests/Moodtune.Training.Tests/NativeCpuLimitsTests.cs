using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Moodtune.Training.Tests;

public sealed class NativeCpuLimitsTests
{
    /// <summary>The networks the tests train; width 4 needs the narrow cap (<see cref="NativeCpuLimits.ForWidths"/>).</summary>
    internal static readonly int[] TestWidths = [4, 8, 16];

    /// <summary>
    /// Some tests reach libtorch before the tool's own assembly loads, and oneDNN reads its cap once per process, at its
    /// first convolution, while every test here shares one process: so the cap the tests' widths need is set as this
    /// assembly loads, as the tool sets it for the widths of a run.
    /// </summary>
    [ModuleInitializer]
    internal static void CapBeforeAnyTest()
    {
        NativeCpuLimits.Apply();
        _ = NativeCpuLimits.ForWidths(TestWidths);
    }

    [Fact]
    public void OneDnn_is_capped_for_the_tests_widths_on_x64_linux_unless_the_user_chose()
    {
        if (RuntimeInformation.ProcessArchitecture != Architecture.X64 || !OperatingSystem.IsLinux())
        {
            Assert.Skip("the cap applies to x86-64 Linux only");
        }

        // .NET's copy of the environment is the one the process started with: what the user chose, if anything.
        var chosen = Environment.GetEnvironmentVariable(NativeCpuLimits.Variable);
        Assert.Equal(chosen ?? NativeCpuLimits.NarrowCap, NativeCpuLimits.Native(NativeCpuLimits.Variable));
    }

    // The widths measured to fail at AVX2 (12, 20, and 4 once) get SSE4.1; those measured clean (8, 16, 24) and the
    // shipped 32 keep AVX2.
    [Theory]
    [InlineData(4, true)]
    [InlineData(8, false)]
    [InlineData(12, true)]
    [InlineData(16, false)]
    [InlineData(20, true)]
    [InlineData(24, false)]
    [InlineData(32, false)]
    [InlineData(48, false)]
    public void Only_widths_above_8_that_are_not_a_multiple_of_8_need_the_narrow_cap(int width, bool narrow)
    {
        Assert.Equal(narrow, NativeCpuLimits.NeedsNarrowCap(width));
        if (!narrow)
        {
            Assert.Null(NativeCpuLimits.ForWidths([width, 32]));
        }
    }
}
