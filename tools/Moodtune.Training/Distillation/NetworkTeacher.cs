using Moodtune.Training.Data;
using Moodtune.Training.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Moodtune.Training.Distillation;

/// <summary>
/// Trained networks, straight from their checkpoints, as the teacher, on the training device: on a GPU the ONNX Runtime
/// teacher would hold training to the CPU's pace (650 against 2,800 images/s on an H200). The networks are calibrated on
/// the student's choice split as the export calibrates them (<see cref="Trainer.Calibrate"/>: prior correction, a
/// temperature each, one for their average), so the targets are those of the float model `export` writes from the same
/// checkpoints with the same --choose-on.
/// </summary>
internal sealed class NetworkTeacher : Teacher
{
    private readonly EmotionNet[] nets;
    private readonly Tensor correction;
    private readonly double[] temperatures;
    private readonly double pooledTemperature;

    /// <param name="correction">The prior correction the export would add (<see cref="Trainer.PriorCorrection"/>).</param>
    /// <param name="chooseOn">The images to calibrate on: the <paramref name="choice"/> split's.</param>
    public NetworkTeacher(IReadOnlyList<(string Weights, int Width)> members, float[] correction, FerImages chooseOn, ChoiceSplit choice, Device device, TextWriter output)
    {
        ArgumentOutOfRangeException.ThrowIfZero(members.Count);
        nets = [.. members.Select(m => Load(m.Weights, m.Width))];
        try
        {
            foreach (var net in nets)
            {
                net.to(device);
                net.eval();
            }

            var calibration = Trainer.Calibrate(nets, correction, chooseOn, choice, output);
            temperatures = [.. calibration.Members.Select(c => c.Temperature)];
            pooledTemperature = calibration.PooledTemperature;
            this.correction = tensor(correction).to(device);
        }
        catch
        {
            Dispose();
            throw;
        }

        Description = $"{members.Count} network{(members.Count == 1 ? string.Empty : "s")} from {string.Join(", ", members.Select(m => $"{m.Weights} (width {m.Width})"))}";
    }

    public override string Description { get; }

    public override float[] Probabilities(float[] pixels, int count)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var device = correction.device;
        var images = tensor(pixels.AsSpan(0, count * FerImages.Pixels).ToArray(), [count, 1, FerImages.Size, FerImages.Size]).to(device);
        var both = cat([images, images.flip(3)], 0);
        Tensor? sum = null;
        for (var k = 0; k < nets.Length; k++)
        {
            using var temperature = temperatures[k].ToScalar();
            var probabilities = nets[k].forward(both).add(correction).div(temperature).softmax(1);
            sum = sum is null ? probabilities : sum.add(probabilities);
        }

        // Scalars held to the end of the call (see EmotionNet.forward).
        using var networks = ((double)nets.Length).ToScalar();
        using var pooled = pooledTemperature.ToScalar();
        using var two = 2.0.ToScalar();
        var average = sum!.div(networks);
        if (nets.Length > 1)
        {
            average = average.log().div(pooled).softmax(1);
        }

        var mirrorAveraged = average.narrow(0, 0, count).add(average.narrow(0, count, count)).div(two);
        return mirrorAveraged.cpu().data<float>().ToArray();
    }

    public override void Dispose()
    {
        foreach (var net in nets ?? [])
        {
            net?.Dispose();
        }

        correction?.Dispose();
    }

    private static EmotionNet Load(string weights, int width)
    {
        if (!File.Exists(weights))
        {
            throw new FileNotFoundException($"No teacher checkpoint at {weights}", weights);
        }

        var net = new EmotionNet(width, FerImages.Classes.Length);
        try
        {
            net.load(weights);
        }
        catch (Exception e) when (e is ArgumentException or EndOfStreamException or IOException)
        {
            net.Dispose();
            throw new InvalidDataException($"The teacher checkpoint {weights} is not an EmotionNet of width {width}: {e.Message}", e);
        }

        return net;
    }
}
