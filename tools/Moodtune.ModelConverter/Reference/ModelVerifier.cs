using Microsoft.ML.OnnxRuntime;

namespace Moodtune.ModelConverter.Reference;

/// <summary>Runs a converted model in ONNX Runtime on a fixture's inputs.</summary>
public static class ModelVerifier
{
    /// <returns>The model's probabilities for each case of the fixture, in the fixture's order.</returns>
    public static IReadOnlyList<float[]> Run(string onnxPath, ReferenceFixture fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        using var session = new InferenceSession(onnxPath);
        return Run(session, fixture);
    }

    public static IReadOnlyList<float[]> Run(InferenceSession session, ReferenceFixture fixture)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(fixture);
        long[] shape = [fixture.Cases.Count, fixture.Channels, fixture.Height, fixture.Width];
        using var input = OrtValue.CreateTensorValueFromMemory(fixture.NchwBatch(), shape);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, [ModelContract.InputName], [input], [ModelContract.OutputName]);
        var probabilities = outputs[0].GetTensorDataAsSpan<float>();
        var classes = probabilities.Length / fixture.Cases.Count;
        var results = new float[fixture.Cases.Count][];
        for (var n = 0; n < results.Length; n++)
        {
            results[n] = probabilities.Slice(n * classes, classes).ToArray();
        }

        return results;
    }

    public static double MaxAbsDifference(IReadOnlyList<float[]> actual, ReferenceFixture fixture)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(fixture);
        var max = 0.0;
        for (var n = 0; n < fixture.Cases.Count; n++)
        {
            var expected = fixture.Cases[n].Probabilities;
            if (actual[n].Length != expected.Count)
            {
                throw new InvalidDataException($"Case '{fixture.Cases[n].Name}': the model gives {actual[n].Length} classes, the reference {expected.Count}.");
            }

            for (var k = 0; k < expected.Count; k++)
            {
                max = Math.Max(max, Math.Abs(actual[n][k] - expected[k]));
            }
        }

        return max;
    }
}
