using Moodtune.Vision.Detection;

namespace Moodtune.Vision.Tests.Detection;

/// <summary>One session per model for all detection tests: creating sessions is the slow part.</summary>
public sealed class DetectorFixture : IDisposable
{
    public BlazeFaceDetector Front { get; } = new(TestPaths.Model(FaceDetector.FrontModelFileName), BlazeFaceVariant.Front128);

    public BlazeFaceDetector Back { get; } = new(TestPaths.Model(FaceDetector.BackModelFileName), BlazeFaceVariant.Back256);

    public FaceDetector Faces { get; } = FaceDetector.FromDirectory(TestPaths.ModelsDir);

    public void Dispose()
    {
        Front.Dispose();
        Back.Dispose();
        Faces.Dispose();
    }
}
