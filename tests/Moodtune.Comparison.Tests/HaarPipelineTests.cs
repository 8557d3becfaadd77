using Moodtune.Comparison;

namespace Moodtune.Comparison.Tests;

public class HaarPipelineTests
{
    [Fact]
    public void A_native_library_that_does_not_load_is_reported_by_the_dependency_it_lacks()
    {
        // What .NET 10 said on a minimal Debian 12 without GTK (the probed paths shortened).
        var loader = new DllNotFoundException("""
            Unable to load shared library 'OpenCvSharpExtern' or one of its dependencies. In order to help diagnose loading problems, consider using a tool like strace. If you're using glibc, consider setting the LD_DEBUG environment variable: 
            /app/runtimes/linux-x64/native/OpenCvSharpExtern.so: cannot open shared object file: No such file or directory
            /usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.12/OpenCvSharpExtern.so: cannot open shared object file: No such file or directory
            libgtk-3.so.0: cannot open shared object file: No such file or directory
            /app/runtimes/linux-x64/native/libOpenCvSharpExtern: cannot open shared object file: No such file or directory
            """);
        var thrown = new TypeInitializationException("OpenCvSharp.Internal.NativeMethods", loader);

        var reason = HaarPipeline.AbsentReason(thrown);

        Assert.DoesNotContain('\n', reason);
        Assert.Contains("libgtk-3.so.0: cannot open shared object file", reason, StringComparison.Ordinal);
        Assert.Contains("haar-packages.sh", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_failures_keep_their_own_message()
    {
        var missing = new FileNotFoundException("Haar cascade not found: /nowhere.xml (Debian package opencv-data)");

        Assert.Equal(missing.Message, HaarPipeline.AbsentReason(missing));
    }
}
