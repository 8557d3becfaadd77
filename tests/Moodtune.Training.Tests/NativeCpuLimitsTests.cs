using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Moodtune.Training.Tests;

public sealed class NativeCpuLimitsTests
{
    /// <summary>
    /// Some tests reach libtorch before the tool's own assembly loads; oneDNN reads its cap once, at its first use, so the
    /// cap is set as this assembly loads too.
    /// </summary>
    [ModuleInitializer]
    internal static void CapBeforeAnyTest() => NativeCpuLimits.Apply();

    [Fact]
    public void OneDnn_is_capped_at_avx2_on_x64_linux_unless_the_user_chose()
    {
        if (RuntimeInformation.ProcessArchitecture != Architecture.X64 || !OperatingSystem.IsLinux())
        {
            Assert.Skip("the cap applies to x86-64 Linux only");
        }

        var chosen = Environment.GetEnvironmentVariable(NativeCpuLimits.Variable);
        Assert.Equal(chosen ?? NativeCpuLimits.Cap, NativeCpuLimits.Native(NativeCpuLimits.Variable));
    }

    // The widths measured to fail at AVX2 (12, 20) get SSE4.1; those measured clean (4, 8, 16, 24) and the shipped 32
    // keep AVX2, so the tests' own networks (4, 8, 16) never lower the cap of the process they share.
    [Theory]
    [InlineData(4, false)]
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
