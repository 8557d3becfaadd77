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
}
