namespace Moodtune.Training.Data;

/// <summary>
/// Training-time augmentation of one 48x48 gray image, drawn from a seeded <see cref="Random"/>: a random shift,
/// small rotation and scale with horizontal flip (one bilinear resampling), brightness/contrast, random erasing.
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
    public static Augmentation None { get; } = new(0, 0, 0, 0, 0, 0, 0);

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
        var sum = 0f;
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var dx = (flip ? size - 1 - x : x) - centre - shiftX;
                var dy = y - centre - shiftY;
                var value = Bilinear(source, (cos * dx) + (sin * dy) + centre, (-sin * dx) + (cos * dy) + centre);
                destination[(y * size) + x] = value;
                sum += value;
            }
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
