namespace Moodtune.Vision.Evaluation;

/// <summary>One equal-width confidence bin of a reliability diagram: its images' mean top-class confidence and accuracy.</summary>
public sealed record ReliabilityBin(double Lower, double Upper, int Count, double MeanConfidence, double Accuracy);

/// <summary>
/// How well a classifier's probabilities match how often it is right: each image's full probability vector and true
/// class, with expected calibration error (ECE), negative log-likelihood (NLL) and reliability bins. Independent of the
/// models and of the number of classes, so the training tool can use it on its own outputs.
/// </summary>
public sealed class CalibrationReport
{
    /// <summary>Guo et al. (2017) use 15 equal-width bins; our figures follow them.</summary>
    public const int DefaultBins = 15;

    /// <summary>A true class given probability 0 costs -ln(1e-12) ≈ 27.6 nats instead of infinity.</summary>
    public const double MinProbability = 1e-12;

    private readonly List<double[]> _probabilities = [];
    private readonly List<int> _labels = [];

    /// <exception cref="ArgumentOutOfRangeException">Fewer than two classes.</exception>
    public CalibrationReport(int classes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        Classes = classes;
    }

    public int Classes { get; }

    public int Count => _labels.Count;

    /// <summary>Each image's probabilities (normalised to sum to 1), in the order they were added.</summary>
    public IReadOnlyList<IReadOnlyList<double>> Probabilities => _probabilities;

    public IReadOnlyList<int> Labels => _labels;

    /// <summary>Expected calibration error with <see cref="DefaultBins"/> bins; 0 for an empty report.</summary>
    public double ExpectedCalibrationError => Ece(DefaultBins);

    /// <summary>Mean negative log-likelihood of the true class, in nats; 0 for an empty report.</summary>
    public double NegativeLogLikelihood
    {
        get
        {
            if (Count == 0)
            {
                return 0;
            }

            double sum = 0;
            for (var i = 0; i < Count; i++)
            {
                sum -= Math.Log(Math.Max(_probabilities[i][_labels[i]], MinProbability));
            }

            return sum / Count;
        }
    }

    /// <summary>Records one image: its probabilities (any non-negative scores; they are normalised) and its true class.</summary>
    /// <exception cref="ArgumentException">Wrong length, a negative or non-finite value, all zero, or a label out of range.</exception>
    public void Add(IReadOnlyList<float> probabilities, int label)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        var values = new double[probabilities.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = probabilities[i];
        }

        Add(values, label);
    }

    /// <inheritdoc cref="Add(IReadOnlyList{float}, int)"/>
    public void Add(IReadOnlyList<double> probabilities, int label)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        if (probabilities.Count != Classes)
        {
            throw new ArgumentException($"Expected {Classes} probabilities, got {probabilities.Count}.", nameof(probabilities));
        }

        if (label < 0 || label >= Classes)
        {
            throw new ArgumentOutOfRangeException(nameof(label), label, $"The label must be a class index from 0 to {Classes - 1}.");
        }

        double sum = 0;
        foreach (var p in probabilities)
        {
            if (!double.IsFinite(p) || p < 0)
            {
                throw new ArgumentException($"Probabilities must be finite and non-negative; got {p}.", nameof(probabilities));
            }

            sum += p;
        }

        if (sum <= 0)
        {
            throw new ArgumentException("At least one probability must be positive.", nameof(probabilities));
        }

        var values = new double[Classes];
        for (var i = 0; i < Classes; i++)
        {
            values[i] = probabilities[i] / sum;
        }

        _probabilities.Add(values);
        _labels.Add(label);
    }

    /// <summary>Expected calibration error: the count-weighted mean gap between accuracy and mean top-class confidence per bin.</summary>
    public double Ece(int bins = DefaultBins)
    {
        if (Count == 0)
        {
            return 0;
        }

        double ece = 0;
        foreach (var bin in ReliabilityBins(bins))
        {
            ece += (double)bin.Count / Count * Math.Abs(bin.Accuracy - bin.MeanConfidence);
        }

        return ece;
    }

    /// <summary>The reliability diagram: <paramref name="bins"/> equal-width bins over [0, 1] of top-class confidence (empty bins included, with zeros).</summary>
    public IReadOnlyList<ReliabilityBin> ReliabilityBins(int bins = DefaultBins)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        var counts = new int[bins];
        var confidence = new double[bins];
        var correct = new int[bins];
        for (var i = 0; i < Count; i++)
        {
            var (top, p) = Top(_probabilities[i]);

            // Bins are [lower, upper); a confidence of exactly 1 belongs to the last one.
            var b = Math.Min((int)(p * bins), bins - 1);
            counts[b]++;
            confidence[b] += p;
            if (top == _labels[i])
            {
                correct[b]++;
            }
        }

        return [.. Enumerable.Range(0, bins).Select(b => new ReliabilityBin(
            (double)b / bins,
            (double)(b + 1) / bins,
            counts[b],
            counts[b] == 0 ? 0 : confidence[b] / counts[b],
            counts[b] == 0 ? 0 : (double)correct[b] / counts[b]))];
    }

    /// <summary>The same images with every probability vector passed through <paramref name="scaling"/>.</summary>
    public CalibrationReport Scaled(TemperatureScaling scaling)
    {
        ArgumentNullException.ThrowIfNull(scaling);
        var scaled = new CalibrationReport(Classes);
        for (var i = 0; i < Count; i++)
        {
            scaled.Add(scaling.Apply(_probabilities[i]), _labels[i]);
        }

        return scaled;
    }

    /// <summary>The most probable class (the first on a tie) and its probability.</summary>
    internal static (int Index, double Probability) Top(IReadOnlyList<double> probabilities)
    {
        var best = 0;
        for (var k = 1; k < probabilities.Count; k++)
        {
            if (probabilities[k] > probabilities[best])
            {
                best = k;
            }
        }

        return (best, probabilities[best]);
    }
}
