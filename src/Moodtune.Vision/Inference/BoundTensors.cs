using Microsoft.ML.OnnxRuntime;

namespace Moodtune.Vision.Inference;

/// <summary>
/// A model's inputs and outputs as float tensors over arrays on the pinned heap, bound once to the session with
/// ONNX Runtime's IoBinding: a run writes straight into our arrays and allocates nothing. Not thread-safe: one set per
/// concurrent caller (pooled by the model that owns it).
/// </summary>
internal sealed class BoundTensors : IDisposable
{
    private readonly InferenceSession _session;
    private readonly OrtIoBinding _binding;
    private readonly List<OrtValue> _values = [];

    public BoundTensors(InferenceSession session)
    {
        _session = session;
        _binding = session.CreateIoBinding();
    }

    /// <summary>Allocates and binds an input; fill the returned array before each <see cref="Run"/>.</summary>
    public float[] Input(string name, ReadOnlySpan<long> shape)
    {
        var (data, value) = Create(shape);
        _binding.BindInput(name, value);
        return data;
    }

    /// <summary>Allocates and binds an output; <see cref="Run"/> overwrites the returned array.</summary>
    public float[] Output(string name, ReadOnlySpan<long> shape)
    {
        var (data, value) = Create(shape);
        _binding.BindOutput(name, value);
        return data;
    }

    public void Run(RunOptions options) => _session.RunWithBinding(options, _binding);

    public void Dispose()
    {
        _binding.Dispose();
        foreach (var value in _values)
        {
            value.Dispose();
        }
    }

    private (float[] Data, OrtValue Value) Create(ReadOnlySpan<long> shape)
    {
        long length = 1;
        foreach (var dimension in shape)
        {
            length *= dimension;
        }

        // The pinned heap: ONNX Runtime holds the address for the binding's life, and pinned arrays there do not fragment the GC heap.
        var data = GC.AllocateArray<float>(checked((int)length), pinned: true);
        var value = OrtValue.CreateTensorValueFromMemory(data, shape.ToArray());
        _values.Add(value);
        return (data, value);
    }
}
