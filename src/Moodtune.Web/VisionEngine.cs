using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using Moodtune.Vision;

namespace Moodtune.Web;

/// <summary>
/// The face analyzer, loaded once at start, or why it could not be (a model file missing or broken): the camera and photo
/// endpoints then answer 503 with that reason and /ready reports it, while the mood picker, the music and the history
/// keep working, instead of the whole app refusing to start over one file.
/// </summary>
internal sealed partial class VisionEngine(IOptions<VisionOptions> options, ILogger<VisionEngine> logger) : IDisposable
{
    private readonly Lazy<(FaceAnalyzer? Analyzer, string? Failure)> _loaded = new(() => Load(options.Value, logger));

    /// <summary>The analyzer, or the reason there is none.</summary>
    public bool TryGet([NotNullWhen(true)] out FaceAnalyzer? analyzer, [NotNullWhen(false)] out string? failure)
    {
        (analyzer, failure) = _loaded.Value;
        failure ??= analyzer is null ? "The expression models are not loaded." : null;
        return analyzer is not null;
    }

    public void Dispose()
    {
        if (_loaded.IsValueCreated)
        {
            _loaded.Value.Analyzer?.Dispose();
        }
    }

    private static (FaceAnalyzer?, string?) Load(VisionOptions options, ILogger logger)
    {
        try
        {
            return (new FaceAnalyzer(options), null);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or InvalidOperationException or InvalidDataException or OnnxRuntimeException)
        {
            LogUnavailable(logger, options.ModelsDirectory, e.Message);
            return (null, $"The face and expression models could not be loaded from {options.ModelsDirectory}: {e.Message}");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Camera and photo analysis is off: the face and expression models could not be loaded from {ModelsDirectory}: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string modelsDirectory, string reason);
}
