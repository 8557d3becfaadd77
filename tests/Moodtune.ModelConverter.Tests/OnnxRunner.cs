using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace Moodtune.ModelConverter.Tests;

/// <summary>Runs a converted model in ONNX Runtime, taking and returning TensorFlow-layout (NHWC) tensors.</summary>
internal static class OnnxRunner
{
    public static Nhwc Run(ModelProto model, params (string Name, Nhwc Value)[] inputs)
    {
        using var session = new InferenceSession(model.ToByteArray());
        var values = inputs.Select(i => i.Value.Shape.Length == 4
            ? OrtValue.CreateTensorValueFromMemory(ToNchw(i.Value), [i.Value.N, i.Value.C, i.Value.H, i.Value.W])
            : OrtValue.CreateTensorValueFromMemory(i.Value.Data, [.. i.Value.Shape.Select(d => (long)d)])).ToArray();
        try
        {
            using var runOptions = new RunOptions();
            var outputName = session.OutputMetadata.Keys.Single();
            using var outputs = session.Run(runOptions, [.. inputs.Select(i => i.Name)], values, [outputName]);
            var data = outputs[0].GetTensorDataAsSpan<float>().ToArray();
            var shape = outputs[0].GetTensorTypeAndShape().Shape.Select(d => (int)d).ToArray();
            return shape.Length == 4 ? FromNchw(data, shape) : new Nhwc(data, shape);
        }
        finally
        {
            foreach (var value in values)
            {
                value.Dispose();
            }
        }
    }

    private static float[] ToNchw(Nhwc x)
    {
        var result = new float[x.Data.Length];
        for (var n = 0; n < x.N; n++)
        {
            for (var y = 0; y < x.H; y++)
            {
                for (var xo = 0; xo < x.W; xo++)
                {
                    for (var c = 0; c < x.C; c++)
                    {
                        result[(((((n * x.C) + c) * x.H) + y) * x.W) + xo] = x[n, y, xo, c];
                    }
                }
            }
        }

        return result;
    }

    private static Nhwc FromNchw(float[] data, int[] nchw)
    {
        var (n, c, h, w) = (nchw[0], nchw[1], nchw[2], nchw[3]);
        var result = new float[data.Length];
        for (var i = 0; i < data.Length; i++)
        {
            var (ni, ci, yi, xi) = (i / (c * h * w), i / (h * w) % c, i / w % h, i % w);
            result[(((((ni * h) + yi) * w) + xi) * c) + ci] = data[i];
        }

        return new Nhwc(result, [n, h, w, c]);
    }
}
