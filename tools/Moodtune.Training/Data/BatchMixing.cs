using static TorchSharp.torch;

namespace Moodtune.Training.Data;

/// <summary>
/// Mixup (Zhang et al. 2018) and CutMix (Yun et al. 2019) of a batch of augmented images: every image is mixed with a
/// partner from the same batch (a seeded permutation) by one λ per batch drawn from Beta(α, α); the loss then weighs the
/// image's own label by λ and its partner's by 1 − λ. Done on the batch's float pixels before they become a tensor, so a
/// teacher scores the very images the student sees.
/// </summary>
/// <param name="MixupAlpha">Beta's α for mixup (pixel-wise blend); 0 off.</param>
/// <param name="CutMixAlpha">Beta's α for CutMix (a box of the partner pasted in); 0 off. With both on, a mixed batch is one or the other, half each.</param>
/// <param name="Probability">The share of batches mixed; the rest train as they are.</param>
internal sealed record BatchMixing(double MixupAlpha, double CutMixAlpha, double Probability)
{
    public static BatchMixing None { get; } = new(0, 0, 0);

    public bool IsOn => Probability > 0 && (MixupAlpha > 0 || CutMixAlpha > 0);

    /// <summary>How a batch was mixed: image i is <paramref name="Lambda"/> of itself and the rest of image <c>Partner[i]</c>.</summary>
    /// <param name="Lambda">For CutMix the share of pixels left to the image itself (the box clipped to the image).</param>
    public sealed record Mix(int[] Partner, float Lambda, bool CutMix);

    /// <summary>
    /// Mixes the first <paramref name="count"/> square images of <paramref name="images"/> in place; null when this batch
    /// is left alone (off, a batch of one, or not drawn). Every random choice comes from <paramref name="random"/>.
    /// </summary>
    public Mix? Apply(Span<float> images, int count, int size, Random random)
    {
        if (!IsOn || count < 2 || random.NextDouble() >= Probability)
        {
            return null;
        }

        var cutMix = MixupAlpha <= 0 || (CutMixAlpha > 0 && random.NextDouble() < 0.5);
        var lambda = Beta(cutMix ? CutMixAlpha : MixupAlpha, random.NextInt64());
        var partner = Enumerable.Range(0, count).ToArray();
        random.Shuffle(partner);
        var pixels = size * size;
        var originals = images[..(count * pixels)].ToArray();
        if (cutMix)
        {
            // A box of area (1 − λ) of the image at a uniform centre, clipped at the edges; λ becomes what is left.
            var side = Math.Sqrt(1 - lambda);
            var (cx, cy) = (random.Next(size), random.Next(size));
            var half = (int)Math.Round(side * size / 2);
            var (x0, x1) = (Math.Max(cx - half, 0), Math.Min(cx + half, size));
            var (y0, y1) = (Math.Max(cy - half, 0), Math.Min(cy + half, size));
            for (var i = 0; i < count; i++)
            {
                var from = originals.AsSpan(partner[i] * pixels, pixels);
                var to = images.Slice(i * pixels, pixels);
                for (var y = y0; y < y1; y++)
                {
                    from.Slice((y * size) + x0, x1 - x0).CopyTo(to.Slice((y * size) + x0, x1 - x0));
                }
            }

            lambda = 1 - ((x1 - x0) * (y1 - y0) / (double)pixels);
        }
        else
        {
            var (own, other) = ((float)lambda, (float)(1 - lambda));
            for (var i = 0; i < count; i++)
            {
                var self = originals.AsSpan(i * pixels, pixels);
                var mate = originals.AsSpan(partner[i] * pixels, pixels);
                var to = images.Slice(i * pixels, pixels);
                for (var p = 0; p < pixels; p++)
                {
                    to[p] = (own * self[p]) + (other * mate[p]);
                }
            }
        }

        return new Mix(partner, (float)lambda, cutMix);
    }

    /// <summary>One draw of Beta(α, α) from libtorch's sampler, on a generator of its own so the draw is seeded here.</summary>
    private static double Beta(double alpha, long seed)
    {
        using var generator = new Generator((ulong)seed);
        using var concentration = tensor(alpha);
        var beta = distributions.Beta(concentration, concentration, generator);
        using var sample = beta.sample();
        return sample.item<double>();
    }
}
