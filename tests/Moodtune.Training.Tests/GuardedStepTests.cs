using Moodtune.Training.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Moodtune.Training.Tests;

/// <summary>The step both trainers take: a batch whose loss is not finite is computed again, then skipped, never stepped.</summary>
[Collection(Torch.Collection)]
public class GuardedStepTests
{
    [Fact]
    public void A_batch_that_fails_once_is_computed_again_from_the_same_state_and_stepped()
    {
        using var net = Network(seed: 3);
        using var twin = Network(seed: 3);
        using var optimizer = optim.SGD(net.parameters(), 0.1);
        var x = torch.ones(8, 3) * torch.arange(8).unsqueeze(1);
        var draws = new List<float>();
        var calls = 0;
        var guard = new GuardedStep();

        var loss = guard.Take(net, optimizer, () =>
        {
            draws.Add(torch.rand(1).item<float>());
            var output = net.forward(x).sum();
            return ++calls == 1 ? output * float.NaN : output;
        });

        Assert.NotNull(loss);
        Assert.Equal((1, 0), (guard.Retried, guard.Skipped));
        Assert.Equal(draws[0], draws[1]);
        Assert.All(net.parameters(), p => Assert.True(p.isfinite().all().item<bool>()));
        using (no_grad())
        {
            twin.forward(x);
        }

        Assert.Equal(Statistics(twin), Statistics(net));
    }

    [Fact]
    public void A_batch_that_fails_twice_is_skipped_and_leaves_the_weights_and_statistics_as_they_were()
    {
        using var net = Network(seed: 5);
        using var optimizer = optim.SGD(net.parameters(), 0.1);
        var x = torch.randn(8, 3);
        var weights = net.parameters().Select(p => p.data<float>().ToArray()).ToArray();
        var statistics = Statistics(net);
        var guard = new GuardedStep();

        var loss = guard.Take(net, optimizer, () => net.forward(x).sum() * float.PositiveInfinity);

        Assert.Null(loss);
        Assert.Equal((1, 1), (guard.Retried, guard.Skipped));
        Assert.Equal(weights, net.parameters().Select(p => p.data<float>().ToArray()).ToArray());
        Assert.Equal(statistics, Statistics(net));
    }

    [Fact]
    public void Too_many_skipped_batches_stop_the_run_and_say_what_stays()
    {
        using var net = nn.Linear(2, 1);
        using var optimizer = optim.SGD(net.parameters(), 0.1);
        var guard = new GuardedStep();
        var x = torch.ones(1, 2);
        var lines = new List<string>();

        guard.Take(net, optimizer, () => net.forward(x).sum() * float.NaN);
        guard.Report(epoch: 0, batches: 100, lines.Add, whatStays: null);
        Assert.Contains("1 of 100 batches computed again", Assert.Single(lines), StringComparison.Ordinal);

        guard.Take(net, optimizer, () => net.forward(x).sum() * float.NaN);
        guard.Take(net, optimizer, () => net.forward(x).sum() * float.NaN);
        var error = Assert.Throws<InvalidOperationException>(() => guard.Report(epoch: 0, batches: 100, lines.Add, "the last checkpoint stays"));
        Assert.Contains("3 of 100 batches", error.Message, StringComparison.Ordinal);
        Assert.Contains("the last checkpoint stays", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_step_whose_loss_or_gradients_are_not_finite_is_not_taken()
    {
        static float[] Input(float middle) => [1f, middle, 3f];

        using var layer = nn.Linear(3, 2);
        var x = tensor(Input(2f), [1, 3]);
        Assert.True(GuardedStep.IsFiniteStep(layer.forward(x).sum(), layer.parameters()), "before any backward there are no gradients to check");

        var loss = layer.forward(x).sum();
        loss.backward();
        Assert.True(GuardedStep.IsFiniteStep(loss, layer.parameters()));

        layer.zero_grad();
        var nanLoss = layer.forward(tensor(Input(float.NaN), [1, 3])).sum();
        nanLoss.backward();
        Assert.False(GuardedStep.IsFiniteStep(nanLoss, layer.parameters()));

        layer.zero_grad();
        var finiteLoss = layer.forward(x).sum();
        finiteLoss.backward();
        using (no_grad())
        {
            layer.bias!.grad!.fill_(float.PositiveInfinity);
        }

        Assert.False(GuardedStep.IsFiniteStep(finiteLoss, layer.parameters()));
    }

    // A layer and BatchNorm, whose running statistics every forward pass in training mode moves.
    private static nn.Module<Tensor, Tensor> Network(int seed)
    {
        torch.random.manual_seed(seed);
        var network = nn.Sequential(("linear", nn.Linear(3, 4)), ("norm", nn.BatchNorm1d(4)));
        network.train();
        return network;
    }

    private static float[][] Statistics(nn.Module net) => [.. net.buffers().Where(b => b.dtype == ScalarType.Float32).Select(b => b.data<float>().ToArray())];
}
