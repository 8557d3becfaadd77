using Microsoft.ML.OnnxRuntime;

namespace Moodtune.Vision.Inference;

/// <summary>Where and how ONNX Runtime runs the vision models.</summary>
public sealed record InferenceSettings
{
    public static InferenceSettings Default { get; } = new();

    /// <summary>Threads one inference may use; 0 lets ONNX Runtime choose (one per core).</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>
    /// Whether ONNX Runtime's worker threads busy-wait between operators. Spinning shaves microseconds off one
    /// inference but burns the cores the web server and the other camera connections need, so it is off by default.
    /// </summary>
    public bool AllowSpinning { get; init; }

    /// <summary>"cpu" (default) or "cuda": needs a build with <c>-p:MoodtuneGpu=true</c>, which swaps in ONNX Runtime's CUDA package.</summary>
    public string ExecutionProvider { get; init; } = "cpu";

    /// <summary>
    /// Creates a session for one model. Creating a session is expensive: callers keep one per model for
    /// the process's life; <see cref="InferenceSession.Run(RunOptions, IReadOnlyDictionary{string, OrtValue}, IReadOnlyCollection{string})"/> is thread-safe.
    /// </summary>
    public InferenceSession CreateSession(string modelPath)
    {
        if (!File.Exists(modelPath))
        {
            throw new FileNotFoundException($"Model file not found: {modelPath}", modelPath);
        }

        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = IntraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,

            // Converted graphs carry folded constants ONNX Runtime drops with a warning per constant: noise, not news.
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", AllowSpinning ? "1" : "0");
        switch (ExecutionProvider.ToUpperInvariant())
        {
            case "CPU":
                break;
            case "CUDA":
                try
                {
                    options.AppendExecutionProvider_CUDA();
                }
                catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
                {
                    throw new InvalidOperationException(
                        "The CUDA execution provider is not available: build with -p:MoodtuneGpu=true (Microsoft.ML.OnnxRuntime.Gpu) " +
                        $"and run on a machine with an NVIDIA GPU, CUDA 12 and cuDNN 9. ({e.Message})", e);
                }

                break;
            default:
                throw new ArgumentException($"Unknown execution provider '{ExecutionProvider}': use cpu or cuda.");
        }

        return new InferenceSession(modelPath, options);
    }
}
