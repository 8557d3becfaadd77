using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace Moodtune.Training.Model;

/// <summary>
/// Optimizer steps that a loss or gradients that are not finite cannot spoil, for both trainers. Such a batch is computed
/// once more from the same state (the BatchNorm statistics its forward pass moved and the CPU random state its dropout
/// drew are put back), so a transient native fault costs nothing and the run stays what it would have been; a second
/// failure skips it, statistics put back. One NaN let through would poison the weights, the optimizer state and any weight
/// average for good (mixed-precision training skips overflowing steps the same way). On a GPU, where runs are not
/// bit-exact anyway, dropout draws anew on the second try. One per epoch: it counts what it did.
/// </summary>
internal sealed class GuardedStep
{
    /// <summary>The share of an epoch's batches that may be skipped before the run stops.</summary>
    public const double MaxSkippedShare = 0.02;

    public int Retried { get; private set; }

    public int Skipped { get; private set; }

    /// <summary>Zeroes the gradients, computes <paramref name="loss"/> and its gradients, and steps when they are finite.</summary>
    /// <returns>The batch's loss, or null when the batch was skipped.</returns>
    public float? Take(nn.Module network, optim.Optimizer optimizer, Func<Tensor> loss)
    {
        using var scope = NewDisposeScope();
        var statistics = network.buffers().Select(t => t.clone()).ToArray();
        var randomState = torch.random.get_rng_state();
        for (var attempt = 0; attempt < 2; attempt++)
        {
            if (attempt > 0)
            {
                Retried++;
                Restore(network, statistics);
                torch.random.set_rng_state(randomState);
            }

            optimizer.zero_grad();
            var candidate = loss();
            candidate.backward();
            if (IsFiniteStep(candidate, network.parameters()))
            {
                optimizer.step();
                return candidate.item<float>();
            }
        }

        Restore(network, statistics);
        Skipped++;
        return null;
    }

    /// <summary>Says on the epoch's line what was computed again or skipped; stops the run when too much was skipped.</summary>
    /// <param name="whatStays">What the user keeps when the run stops (a checkpoint), or null.</param>
    public void Report(int epoch, int batches, Action<string> write, string? whatStays)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (Retried > 0)
        {
            write(string.Create(CultureInfo.InvariantCulture, $"  epoch {epoch + 1}: {Retried} of {batches} batches computed again, their loss or gradients not finite the first time; {Skipped} still not, skipped"));
        }

        if (Skipped > batches * MaxSkippedShare)
        {
            throw new InvalidOperationException(
                string.Create(CultureInfo.InvariantCulture, $"epoch {epoch + 1}: {Skipped} of {batches} batches had a loss or gradients that are not finite, so the run stops{(whatStays is null ? "" : $"; {whatStays}")}. ") +
                "On x86-64 oneDNN's vector kernels did this on AMD EPYCs (tools/README.md): is DNNL_MAX_CPU_ISA set higher than the tool's cap?");
        }
    }

    /// <summary>Whether a step may be taken: its loss and every gradient finite.</summary>
    internal static bool IsFiniteStep(Tensor loss, IEnumerable<Tensor> parameters)
    {
        if (!float.IsFinite(loss.item<float>()))
        {
            return false;
        }

        using var scope = NewDisposeScope();
        var finite = parameters.Select(p => p.grad).OfType<Tensor>().Select(g => g.isfinite().all()).ToArray();
        return finite.Length == 0 || stack(finite).all().item<bool>();
    }

    private static void Restore(nn.Module network, Tensor[] statistics)
    {
        using var noGrad = no_grad();
        foreach (var (buffer, saved) in network.buffers().Zip(statistics))
        {
            buffer.copy_(saved);
        }
    }
}
