using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Moodtune.Training.Model;

/// <summary>
/// A small VGG-style CNN for 48x48 gray faces: four blocks of two 3x3 conv + BatchNorm + ReLU, each followed by a 2x2
/// max-pool (48, 24, 12, 6 -> 3), global average pooling, dropout and a linear layer to 7 logits. Width 32 has ~1.2M
/// parameters. Input: raw pixels 0..255; the network scales them to [-1, 1] itself (so does the exported graph).
/// </summary>
internal sealed class EmotionNet : nn.Module<Tensor, Tensor>
{
    public const float InputScale = 1f / 127.5f;
    public const float InputShift = -1f;
    public const double BatchNormEps = 1e-5;

    private readonly ModuleList<ConvBnRelu> layers = new();
    private readonly Dropout dropout;
    private readonly Linear head;

    public EmotionNet(int width, int classes, double dropoutRate = 0.3) : base(nameof(EmotionNet))
    {
        Width = width;
        var channels = 1L;
        for (var block = 0; block < 4; block++)
        {
            var output = (long)width << block;
            layers.Add(new ConvBnRelu(channels, output));
            layers.Add(new ConvBnRelu(output, output));
            channels = output;
        }

        dropout = nn.Dropout(dropoutRate);
        head = nn.Linear(channels, classes);
        RegisterComponents();
    }

    public int Width { get; }

    /// <summary>The conv layers in order; a 2x2 max-pool follows every second one.</summary>
    public IReadOnlyList<ConvBnRelu> Layers => [.. layers];

    public Linear Head => head;

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        // Scalars held to the end of the call: a temporary one (an implicit float conversion) can be finalized while
        // libtorch still reads it, which failed intermittently under GC pressure ("Unknown scalar type", TorchSharp 0.107).
        using var scale = InputScale.ToScalar();
        using var shift = InputShift.ToScalar();
        var x = input.mul(scale).add(shift);
        for (var i = 0; i < layers.Count; i++)
        {
            x = layers[i].forward(x);
            if (i % 2 == 1)
            {
                x = nn.functional.max_pool2d(x, 2);
            }
        }

        x = x.mean([2, 3]);
        return head.forward(dropout.forward(x)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Softmax probabilities in eval mode, for images of 0..255 pixels ([N, 48*48]): softmax((logits + correction) / T),
    /// the correction a per-class logit offset (<see cref="Trainer.PriorCorrection"/>), none when null.
    /// </summary>
    public float[] Probabilities(float[] pixels, int count, double temperature = 1, float[]? correction = null)
    {
        eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var device = head.weight!.device;
        var input = tensor(pixels, [count, 1, 48, 48]).to(device);
        var logits = forward(input);
        if (correction is not null)
        {
            logits = logits.add(tensor(correction).to(device));
        }

        using var t = temperature.ToScalar();
        return logits.div(t).softmax(1).cpu().data<float>().ToArray();
    }

    internal sealed class ConvBnRelu : nn.Module<Tensor, Tensor>
    {
        private readonly Conv2d conv;
        private readonly BatchNorm2d norm;

        public ConvBnRelu(long input, long output) : base(nameof(ConvBnRelu))
        {
            conv = nn.Conv2d(input, output, 3, padding: 1, bias: false);
            norm = nn.BatchNorm2d(output, eps: BatchNormEps);

            // Without the batch counter BatchNorm keeps its running statistics with the fixed momentum (0.1), as PyTorch
            // does whenever a momentum is set; counting batches went through TorchSharp's scalar add_, which intermittently
            // failed mid-training with "alpha must not be a floating point number" (TorchSharp 0.107, libtorch 2.10).
            norm.num_batches_tracked = null;
            RegisterComponents();
        }

        public Conv2d Conv => conv;

        public BatchNorm2d Norm => norm;

        public override Tensor forward(Tensor input) => nn.functional.relu(norm.forward(conv.forward(input)));
    }
}
