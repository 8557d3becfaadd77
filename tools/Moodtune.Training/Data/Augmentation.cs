namespace Moodtune.Training.Data;

/// <summary>
/// Training-time augmentation of one 48x48 gray image, drawn from a seeded <see cref="Random"/>: a random shift,
/// small rotation and scale with horizontal flip (one bilinear resampling), optionally blur or low resolution (see
/// <see cref="BlurProbability"/>), brightness/contrast, random erasing.
/// </summary>
internal sealed record Augmentation(
    float MaxShift = 4f,
    float MaxRotationDegrees = 10f,
    float MaxScale = 0.08f,
    float FlipProbability = 0.5f,
    float MaxBrightness = 25f,
    float MaxContrast = 0.25f,
    float EraseProbability = 0.4f)
{
    /// <summary>Largest Gaussian blur, in pixels of the 48-px face.</summary>
    public const float MaxBlurSigma = 2f;

    /// <summary>Smallest and largest face size, in pixels, a low-resolution image is shrunk to before it is enlarged again.</summary>
    public const int MinLowResolution = 16;

    public const int MaxLowResolution = 32;

    public static Augmentation None { get; } = new(0, 0, 0, 0, 0, 0, 0);

    /// <summary>
    /// The share of images degraded as a camera degrades a distant or unfocused face, the conditions our robustness
    /// check (models/README.md) scores worst on: half of them blurred (Gaussian, sigma uniform in 0..<see cref="MaxBlurSigma"/> px),
    /// half shrunk to <see cref="MinLowResolution"/>..<see cref="MaxLowResolution"/> px (area average, as a sensor
    /// would) and enlarged back to 48 (bilinear, as the product enlarges a small face crop). At 0 (the default) no
    /// random number is drawn for it, so runs without it reproduce those from before it existed.
    /// </summary>
    public float BlurProbability { get; init; }

    /// <summary>Writes the augmented image, as floats 0..255, into <paramref name="destination"/>.</summary>
    public void Apply(ReadOnlySpan<byte> source, Span<float> destination, Random random)
    {
        const int size = FerImages.Size;
        const float centre = (size - 1) / 2f;
        var flip = random.NextSingle() < FlipProbability;
        var angle = Uniform(random, MaxRotationDegrees) * MathF.PI / 180f;
        var scale = 1f + Uniform(random, MaxScale);
        var shiftX = Uniform(random, MaxShift);
        var shiftY = Uniform(random, MaxShift);
        var contrast = 1f + Uniform(random, MaxContrast);
        var brightness = Uniform(random, MaxBrightness);

        // Inverse mapping: for each output pixel, where it comes from in the source (rotation about the centre).
        var cos = MathF.Cos(angle) / scale;
        var sin = MathF.Sin(angle) / scale;
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var dx = (flip ? size - 1 - x : x) - centre - shiftX;
                var dy = y - centre - shiftY;
                destination[(y * size) + x] = Bilinear(source, (cos * dx) + (sin * dy) + centre, (-sin * dx) + (cos * dy) + centre);
            }
        }

        // Before brightness and contrast: the camera blurs; the exposure comes after.
        if (BlurProbability > 0 && random.NextSingle() < BlurProbability)
        {
            Degrade(destination, random);
        }

        var sum = 0f;
        for (var i = 0; i < FerImages.Pixels; i++)
        {
            sum += destination[i];
        }

        var mean = sum / FerImages.Pixels;
        for (var i = 0; i < FerImages.Pixels; i++)
        {
            destination[i] = Math.Clamp(((destination[i] - mean) * contrast) + mean + brightness, 0f, 255f);
        }

        if (random.NextSingle() < EraseProbability)
        {
            Erase(destination, random);
        }
    }

    /// <summary>Blurs the image or shrinks and enlarges it, half and half (<see cref="BlurProbability"/>).</summary>
    public static void Degrade(Span<float> image, Random random)
    {
        if (random.NextSingle() < 0.5f)
        {
            GaussianBlur(image, random.NextSingle() * MaxBlurSigma);
        }
        else
        {
            LowResolution(image, random.Next(MinLowResolution, MaxLowResolution + 1));
        }
    }

    /// <summary>A separable Gaussian blur, border pixels repeated; below a tenth of a pixel it leaves the image alone.</summary>
    public static void GaussianBlur(Span<float> image, float sigma)
    {
        if (sigma < 0.1f)
        {
            return;
        }

        const int size = FerImages.Size;
        var radius = (int)MathF.Ceiling(3 * sigma);
        var kernel = new float[(2 * radius) + 1];
        for (var k = -radius; k <= radius; k++)
        {
            kernel[k + radius] = MathF.Exp(-k * k / (2 * sigma * sigma));
        }

        var total = kernel.Sum();
        for (var k = 0; k < kernel.Length; k++)
        {
            kernel[k] /= total;
        }

        var rows = new float[FerImages.Pixels];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var value = 0f;
                for (var k = -radius; k <= radius; k++)
                {
                    value += kernel[k + radius] * image[(y * size) + Math.Clamp(x + k, 0, size - 1)];
                }

                rows[(y * size) + x] = value;
            }
        }

        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var value = 0f;
                for (var k = -radius; k <= radius; k++)
                {
                    value += kernel[k + radius] * rows[(Math.Clamp(y + k, 0, size - 1) * size) + x];
                }

                image[(y * size) + x] = value;
            }
        }
    }

    /// <summary>
    /// The square image (<paramref name="size"/> px a side, 48 by default: a FER2013 face) as a
    /// <paramref name="resolution"/>-px camera would see it, enlarged back: each small pixel the area average of the
    /// pixels it covers, then bilinear enlargement (pixel centres aligned).
    /// </summary>
    public static void LowResolution(Span<float> image, int resolution, int size = FerImages.Size)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(image.Length, size * size);
        ArgumentOutOfRangeException.ThrowIfLessThan(resolution, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(resolution, size);
        var (weights, first, last) = AreaWeights(resolution, size);
        var narrow = new float[size * resolution];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < resolution; x++)
            {
                var value = 0f;
                for (var k = first[x]; k < last[x]; k++)
                {
                    value += weights[x, k] * image[(y * size) + k];
                }

                narrow[(y * resolution) + x] = value;
            }
        }

        var small = new float[resolution * resolution];
        for (var y = 0; y < resolution; y++)
        {
            for (var x = 0; x < resolution; x++)
            {
                var value = 0f;
                for (var k = first[y]; k < last[y]; k++)
                {
                    value += weights[y, k] * narrow[(k * resolution) + x];
                }

                small[(y * resolution) + x] = value;
            }
        }

        var step = resolution / (float)size;
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                image[(y * size) + x] = Sample(small, resolution, ((x + 0.5f) * step) - 0.5f, ((y + 0.5f) * step) - 0.5f);
            }
        }
    }

    // weights[i, k]: the share of full-size pixel k in small pixel i, by how much of k's extent falls in i's; only k in
    // first[i]..last[i] (exclusive) overlap it.
    private static (float[,] Weights, int[] First, int[] Last) AreaWeights(int resolution, int size)
    {
        var weights = new float[resolution, size];
        var (first, last) = (new int[resolution], new int[resolution]);
        var span = size / (float)resolution;
        for (var i = 0; i < resolution; i++)
        {
            var (from, to) = (i * span, (i + 1) * span);
            (first[i], last[i]) = ((int)from, Math.Min(size, (int)MathF.Ceiling(to)));
            for (var k = first[i]; k < last[i]; k++)
            {
                weights[i, k] = (Math.Min(to, k + 1) - Math.Max(from, k)) / span;
            }
        }

        return (weights, first, last);
    }

    // Bilinear, border pixels repeated outside the image.
    private static float Sample(float[] image, int size, float x, float y)
    {
        var last = size - 1;
        x = Math.Clamp(x, 0f, last);
        y = Math.Clamp(y, 0f, last);
        var x0 = Math.Min((int)x, Math.Max(last - 1, 0));
        var y0 = Math.Min((int)y, Math.Max(last - 1, 0));
        var x1 = Math.Min(x0 + 1, last);
        var y1 = Math.Min(y0 + 1, last);
        var (fx, fy) = (x - x0, y - y0);
        var top = image[(y0 * size) + x0] + (fx * (image[(y0 * size) + x1] - image[(y0 * size) + x0]));
        var bottom = image[(y1 * size) + x0] + (fx * (image[(y1 * size) + x1] - image[(y1 * size) + x0]));
        return top + (fy * (bottom - top));
    }

    private static float Uniform(Random random, float max) => max == 0 ? 0 : ((random.NextSingle() * 2f) - 1f) * max;

    // Border pixels repeat outside the image.
    private static float Bilinear(ReadOnlySpan<byte> image, float x, float y)
    {
        const int last = FerImages.Size - 1;
        x = Math.Clamp(x, 0f, last);
        y = Math.Clamp(y, 0f, last);
        var x0 = Math.Min((int)x, last - 1);
        var y0 = Math.Min((int)y, last - 1);
        var fx = x - x0;
        var fy = y - y0;
        var row0 = y0 * FerImages.Size;
        var row1 = row0 + FerImages.Size;
        var top = image[row0 + x0] + (fx * (image[row0 + x0 + 1] - image[row0 + x0]));
        var bottom = image[row1 + x0] + (fx * (image[row1 + x0 + 1] - image[row1 + x0]));
        return top + (fy * (bottom - top));
    }

    // Random erasing (Zhong et al. 2017): a rectangle of 2-20% of the image, aspect 0.3-3.3, filled with noise.
    private static void Erase(Span<float> image, Random random)
    {
        const int size = FerImages.Size;
        var area = FerImages.Pixels * (0.02f + (random.NextSingle() * 0.18f));
        var aspect = MathF.Exp(MathF.Log(0.3f) + (random.NextSingle() * (MathF.Log(3.3f) - MathF.Log(0.3f))));
        var h = Math.Clamp((int)MathF.Round(MathF.Sqrt(area * aspect)), 1, size);
        var w = Math.Clamp((int)MathF.Round(MathF.Sqrt(area / aspect)), 1, size);
        var top = random.Next(size - h + 1);
        var left = random.Next(size - w + 1);
        for (var y = top; y < top + h; y++)
        {
            for (var x = left; x < left + w; x++)
            {
                image[(y * size) + x] = random.NextSingle() * 255f;
            }
        }
    }
}
