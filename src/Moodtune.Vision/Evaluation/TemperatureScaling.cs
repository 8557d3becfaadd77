namespace Moodtune.Vision.Evaluation;

/// <summary>
/// Temperature scaling (Guo et al., 2017): softmax(log(p) / T), that is each probability raised to 1/T and renormalised.
/// T &gt; 1 softens an overconfident classifier, T &lt; 1 sharpens an underconfident one; the top class never changes,
/// so accuracy and the confusion matrix stay the same. Works on probabilities alone (no model), for any number of classes.
/// </summary>
public sealed class TemperatureScaling
{
    /// <summary>The search range of <see cref="Fit(CalibrationReport)"/>.</summary>
    public const double MinTemperature = 0.25, MaxTemperature = 8;

    /// <summary>The identity.</summary>
    public static readonly TemperatureScaling None = new(1);

    /// <exception cref="ArgumentOutOfRangeException">Not a finite positive number.</exception>
    public TemperatureScaling(double temperature)
    {
        if (!double.IsFinite(temperature) || temperature <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "The temperature must be a finite positive number.");
        }

        Temperature = temperature;
    }

    public double Temperature { get; }

    /// <summary>
    /// The temperature in [<see cref="MinTemperature"/>, <see cref="MaxTemperature"/>] that minimises the negative
    /// log-likelihood of the report's true classes: golden-section search over ln T, on which the NLL is unimodal
    /// (it is convex in 1/T). Never worse than T = 1; predictions without any spread (one-hot) give T = 1.
    /// </summary>
    /// <exception cref="ArgumentException">The report is empty.</exception>
    public static TemperatureScaling Fit(CalibrationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Count == 0)
        {
            throw new ArgumentException("Temperature scaling needs at least one labelled image.", nameof(report));
        }

        // Log-probabilities once: ln 0 = -infinity stays a zero at every temperature.
        var logs = report.Probabilities.Select(p => p.Select(v => Math.Log(v)).ToArray()).ToArray();
        var labels = report.Labels;
        double Nll(double logT) => NegativeLogLikelihood(logs, labels, Math.Exp(-logT));

        const double tolerance = 1e-6;
        var invPhi = (Math.Sqrt(5) - 1) / 2;
        double a = Math.Log(MinTemperature), b = Math.Log(MaxTemperature);
        double c = b - (invPhi * (b - a)), d = a + (invPhi * (b - a));
        double fc = Nll(c), fd = Nll(d);
        while (b - a > tolerance)
        {
            if (fc <= fd)
            {
                (b, d, fd) = (d, c, fc);
                c = b - (invPhi * (b - a));
                fc = Nll(c);
            }
            else
            {
                (a, c, fc) = (c, d, fd);
                d = a + (invPhi * (b - a));
                fd = Nll(d);
            }
        }

        var best = (a + b) / 2;
        var identity = Nll(0);

        // Flat (one-hot predictions, or every true class at probability 0 or 1): no temperature is better than none.
        return Nll(best) < identity - 1e-12 ? new TemperatureScaling(Math.Exp(best)) : None;
    }

    /// <summary>p^(1/T), renormalised; zeros stay zero.</summary>
    /// <exception cref="ArgumentException">Empty, negative or non-finite values, or all zero.</exception>
    public double[] Apply(IReadOnlyList<double> probabilities)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        if (probabilities.Count == 0)
        {
            throw new ArgumentException("No probabilities to scale.", nameof(probabilities));
        }

        var logs = new double[probabilities.Count];
        for (var k = 0; k < logs.Length; k++)
        {
            var p = probabilities[k];
            if (!double.IsFinite(p) || p < 0)
            {
                throw new ArgumentException($"Probabilities must be finite and non-negative; got {p}.", nameof(probabilities));
            }

            logs[k] = Math.Log(p);
        }

        if (logs.All(double.IsNegativeInfinity))
        {
            throw new ArgumentException("At least one probability must be positive.", nameof(probabilities));
        }

        return Softmax(logs, 1 / Temperature);
    }

    /// <inheritdoc cref="Apply(IReadOnlyList{double})"/>
    public float[] Apply(IReadOnlyList<float> probabilities)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        double[] values = [.. probabilities.Select(p => (double)p)];
        return [.. Apply(values).Select(p => (float)p)];
    }

    public override string ToString() => $"T = {Temperature:0.###}";

    private static double[] Softmax(double[] logs, double inverseTemperature)
    {
        var max = logs.Max();
        var result = new double[logs.Length];
        double sum = 0;
        for (var k = 0; k < logs.Length; k++)
        {
            result[k] = Math.Exp((logs[k] - max) * inverseTemperature);
            sum += result[k];
        }

        for (var k = 0; k < result.Length; k++)
        {
            result[k] /= sum;
        }

        return result;
    }

    private static double NegativeLogLikelihood(double[][] logs, IReadOnlyList<int> labels, double inverseTemperature)
    {
        double total = 0;
        for (var i = 0; i < logs.Length; i++)
        {
            var row = logs[i];
            var max = row.Max();
            double sum = 0;
            foreach (var l in row)
            {
                sum += Math.Exp((l - max) * inverseTemperature);
            }

            // ln softmax(l / T)[y] = (l_y - max) / T - ln sum; a true class at probability 0 costs the same as in CalibrationReport.
            var logP = ((row[labels[i]] - max) * inverseTemperature) - Math.Log(sum);
            total -= Math.Max(logP, Math.Log(CalibrationReport.MinProbability));
        }

        return total / logs.Length;
    }
}
