namespace Moodtune.ModelConverter.Tests;

/// <summary>A tensor in TensorFlow's layout, row-major.</summary>
internal sealed record Nhwc(float[] Data, int[] Shape)
{
    public int N => Shape[0];
    public int H => Shape[1];
    public int W => Shape[2];
    public int C => Shape[3];

    public float this[int n, int y, int x, int c] => Data[(((((n * H) + y) * W) + x) * C) + c];

    public static Nhwc Random(int seed, params int[] shape)
    {
        var random = new Random(seed);
        var data = new float[shape.Aggregate(1, (a, b) => a * b)];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (random.NextSingle() * 2) - 1;
        }

        return new Nhwc(data, shape);
    }
}

/// <summary>
/// Straightforward loop implementations of TensorFlow's ops on NHWC data, written from TensorFlow's documented
/// semantics and independent of the converter, to check what ONNX Runtime computes from the converted graphs.
/// </summary>
internal static class NhwcReference
{
    /// <summary>TensorFlow's output size and leading pad for one axis: SAME gives ceil(in / stride) and pads the odd pixel at the end.</summary>
    public static (int Output, int PadBefore) Axis(int input, int kernel, int stride, int dilation, string padding)
    {
        var effective = ((kernel - 1) * dilation) + 1;
        if (padding == "VALID")
        {
            return (((input - effective) / stride) + 1, 0);
        }

        var output = (input + stride - 1) / stride;
        var total = Math.Max(((output - 1) * stride) + effective - input, 0);
        return (output, total / 2);
    }

    /// <param name="filter">HWIO.</param>
    public static Nhwc Conv2D(Nhwc x, float[] filter, int[] hwio, float[]? bias, int stride, string padding, int dilation = 1)
    {
        var (kh, kw, cin, cout) = (hwio[0], hwio[1], hwio[2], hwio[3]);
        var (oh, top) = Axis(x.H, kh, stride, dilation, padding);
        var (ow, left) = Axis(x.W, kw, stride, dilation, padding);
        var output = new float[x.N * oh * ow * cout];
        var o = 0;
        for (var n = 0; n < x.N; n++)
        {
            for (var y = 0; y < oh; y++)
            {
                for (var xo = 0; xo < ow; xo++)
                {
                    for (var co = 0; co < cout; co++)
                    {
                        double sum = bias?[co] ?? 0;
                        for (var ky = 0; ky < kh; ky++)
                        {
                            for (var kx = 0; kx < kw; kx++)
                            {
                                var (iy, ix) = ((y * stride) + (ky * dilation) - top, (xo * stride) + (kx * dilation) - left);
                                if (iy < 0 || iy >= x.H || ix < 0 || ix >= x.W)
                                {
                                    continue;
                                }

                                for (var ci = 0; ci < cin; ci++)
                                {
                                    sum += x[n, iy, ix, ci] * filter[(((((ky * kw) + kx) * cin) + ci) * cout) + co];
                                }
                            }
                        }

                        output[o++] = (float)sum;
                    }
                }
            }
        }

        return new Nhwc(output, [x.N, oh, ow, cout]);
    }

    /// <param name="filter">H, W, C, M (channel multiplier); output channel c * M + m.</param>
    public static Nhwc DepthwiseConv2D(Nhwc x, float[] filter, int[] hwcm, int stride, string padding)
    {
        var (kh, kw, channels, multiplier) = (hwcm[0], hwcm[1], hwcm[2], hwcm[3]);
        var (oh, top) = Axis(x.H, kh, stride, 1, padding);
        var (ow, left) = Axis(x.W, kw, stride, 1, padding);
        var cout = channels * multiplier;
        var output = new float[x.N * oh * ow * cout];
        for (var n = 0; n < x.N; n++)
        {
            for (var y = 0; y < oh; y++)
            {
                for (var xo = 0; xo < ow; xo++)
                {
                    for (var c = 0; c < channels; c++)
                    {
                        for (var m = 0; m < multiplier; m++)
                        {
                            double sum = 0;
                            for (var ky = 0; ky < kh; ky++)
                            {
                                for (var kx = 0; kx < kw; kx++)
                                {
                                    var (iy, ix) = ((y * stride) + ky - top, (xo * stride) + kx - left);
                                    if (iy >= 0 && iy < x.H && ix >= 0 && ix < x.W)
                                    {
                                        sum += x[n, iy, ix, c] * filter[(((((ky * kw) + kx) * channels) + c) * multiplier) + m];
                                    }
                                }
                            }

                            output[(((((n * oh) + y) * ow) + xo) * cout) + (c * multiplier) + m] = (float)sum;
                        }
                    }
                }
            }
        }

        return new Nhwc(output, [x.N, oh, ow, cout]);
    }

    /// <summary>Max or average pooling; TensorFlow's average counts only the cells inside the image.</summary>
    public static Nhwc Pool(Nhwc x, bool max, int kernel, int stride, string padding)
    {
        var (oh, top) = Axis(x.H, kernel, stride, 1, padding);
        var (ow, left) = Axis(x.W, kernel, stride, 1, padding);
        var output = new float[x.N * oh * ow * x.C];
        var o = 0;
        for (var n = 0; n < x.N; n++)
        {
            for (var y = 0; y < oh; y++)
            {
                for (var xo = 0; xo < ow; xo++)
                {
                    for (var c = 0; c < x.C; c++)
                    {
                        var (best, sum, count) = (float.NegativeInfinity, 0.0, 0);
                        for (var ky = 0; ky < kernel; ky++)
                        {
                            for (var kx = 0; kx < kernel; kx++)
                            {
                                var (iy, ix) = ((y * stride) + ky - top, (xo * stride) + kx - left);
                                if (iy >= 0 && iy < x.H && ix >= 0 && ix < x.W)
                                {
                                    best = Math.Max(best, x[n, iy, ix, c]);
                                    sum += x[n, iy, ix, c];
                                    count++;
                                }
                            }
                        }

                        output[o++] = max ? best : (float)(sum / count);
                    }
                }
            }
        }

        return new Nhwc(output, [x.N, oh, ow, x.C]);
    }

    public static Nhwc Map(Nhwc x, Func<float, float> f) => x with { Data = [.. x.Data.Select(f)] };

    public static Nhwc Add(Nhwc a, Nhwc b) => a with { Data = [.. a.Data.Zip(b.Data, (p, q) => p + q)] };

    /// <summary>Adds a per-channel vector, as BiasAdd and TensorFlow broadcasting of a [C] tensor do.</summary>
    public static Nhwc AddChannels(Nhwc a, float[] perChannel) => a with { Data = [.. a.Data.Select((v, i) => v + perChannel[i % a.C])] };

    /// <returns>[N, C] means over height and width.</returns>
    public static float[] SpatialMean(Nhwc x)
    {
        var output = new float[x.N * x.C];
        for (var n = 0; n < x.N; n++)
        {
            for (var c = 0; c < x.C; c++)
            {
                double sum = 0;
                for (var y = 0; y < x.H; y++)
                {
                    for (var xo = 0; xo < x.W; xo++)
                    {
                        sum += x[n, y, xo, c];
                    }
                }

                output[(n * x.C) + c] = (float)(sum / (x.H * x.W));
            }
        }

        return output;
    }

    /// <summary>Softmax over the last axis of rows of length <paramref name="width"/>.</summary>
    public static float[] Softmax(float[] x, int width)
    {
        var output = new float[x.Length];
        for (var row = 0; row < x.Length; row += width)
        {
            var max = x.Skip(row).Take(width).Max();
            var sum = x.Skip(row).Take(width).Sum(v => Math.Exp(v - max));
            for (var i = 0; i < width; i++)
            {
                output[row + i] = (float)(Math.Exp(x[row + i] - max) / sum);
            }
        }

        return output;
    }
}
