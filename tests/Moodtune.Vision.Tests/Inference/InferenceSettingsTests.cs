using Moodtune.Vision.Detection;
using Moodtune.Vision.Inference;

namespace Moodtune.Vision.Tests.Inference;

public class InferenceSettingsTests
{
    private static readonly string FrontModel = Path.Combine(AppContext.BaseDirectory, "models", FaceDetector.FrontModelFileName);

    [Fact]
    public void An_unknown_execution_provider_is_refused_by_name()
    {
        var error = Assert.Throws<ArgumentException>(() => new InferenceSettings { ExecutionProvider = "tpu" }.CreateSession(FrontModel));

        Assert.Contains("tpu", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cuda_without_the_GPU_build_says_how_to_get_it()
    {
        // The CPU build's ONNX Runtime has no CUDA provider; the GPU build on a machine without CUDA fails the same way.
        try
        {
            using var session = new InferenceSettings { ExecutionProvider = "cuda" }.CreateSession(FrontModel);
            Assert.Skip("This build and machine run CUDA: nothing to refuse.");
        }
        catch (InvalidOperationException e)
        {
            Assert.Contains("MoodtuneGpu", e.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    public void Threads_and_spinning_settings_make_working_sessions(int threads, bool spinning)
    {
        using var detector = new BlazeFaceDetector(FrontModel, BlazeFaceVariant.Front128, new InferenceSettings { IntraOpThreads = threads, AllowSpinning = spinning });
        using var image = Tracking.CameraFrames.Decode(Tracking.CameraFrames.At(100, 40));

        Assert.Single(detector.Detect(image));
    }
}
