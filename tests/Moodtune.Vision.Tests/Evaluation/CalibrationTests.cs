using Moodtune.Vision.Evaluation;

namespace Moodtune.Vision.Tests.Evaluation;

public class CalibrationTests
{
    private const int Classes = 7;

    [Fact]
    public void Ece_of_a_perfectly_calibrated_set_is_near_zero()
    {
        // Labels drawn from the very probabilities the "model" reports: calibrated by construction.
        var report = Synthetic(seed: 1, count: 20_000, modelTemperature: 1, truthTemperature: 1);

        Assert.True(report.ExpectedCalibrationError < 0.015, $"ECE {report.ExpectedCalibrationError:0.0000}");
    }

    [Fact]
    public void Ece_of_an_overconfident_set_is_large_and_falls_after_temperature_scaling()
    {
        // The model is sharper than the truth, as networks trained with cross-entropy tend to be.
        var report = Synthetic(seed: 2, count: 20_000, modelTemperature: 1, truthTemperature: 2.5);

        var scaling = TemperatureScaling.Fit(report);
        var scaled = report.Scaled(scaling);

        Assert.True(report.ExpectedCalibrationError > 0.1, $"ECE before {report.ExpectedCalibrationError:0.0000}");
        Assert.True(scaled.ExpectedCalibrationError < 0.02, $"ECE after {scaled.ExpectedCalibrationError:0.0000}");
        Assert.True(scaled.NegativeLogLikelihood < report.NegativeLogLikelihood);
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(0.5)]
    [InlineData(4.0)]
    public void Fit_recovers_a_known_temperature_within_5_percent(double temperature)
    {
        // The model reports softmax(z); the truth is softmax(z / T), so the best scaling is T itself.
        var report = Synthetic(seed: 3, count: 20_000, modelTemperature: 1, truthTemperature: temperature);

        var fitted = TemperatureScaling.Fit(report).Temperature;

        Assert.InRange(fitted, temperature * 0.95, temperature * 1.05);
    }

    [Fact]
    public void Temperature_one_is_the_identity()
    {
        double[] p = [0.5, 0.2, 0.1, 0.1, 0.05, 0.05, 0];

        var scaled = TemperatureScaling.None.Apply(p);

        Assert.Equal(p, scaled, (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void Scaling_keeps_the_top_class_and_zeros()
    {
        double[] p = [0.1, 0.6, 0.3, 0, 0, 0, 0];

        var soft = new TemperatureScaling(3).Apply(p);
        var sharp = new TemperatureScaling(0.5).Apply(p);

        Assert.Equal(1, Array.IndexOf(soft, soft.Max()));
        Assert.Equal(1, Array.IndexOf(sharp, sharp.Max()));
        Assert.True(soft[1] < 0.6 && sharp[1] > 0.6);
        Assert.Equal(0, soft[3]);
        Assert.Equal(1, soft.Sum(), 10);
    }

    [Fact]
    public void Reliability_bins_count_confidence_and_accuracy()
    {
        var report = new CalibrationReport(2);
        report.Add([0.95, 0.05], 0);   // bin 14, right
        report.Add([0.05, 0.95], 0);   // bin 14, wrong
        report.Add([0.6, 0.4], 0);     // bin 9, right
        report.Add([1.0, 0.0], 0);     // confidence 1 goes into the last bin

        var bins = report.ReliabilityBins();

        Assert.Equal(15, bins.Count);
        Assert.Equal(4, bins.Sum(b => b.Count));
        Assert.Equal(3, bins[14].Count);
        Assert.Equal((0.95 + 0.95 + 1.0) / 3, bins[14].MeanConfidence, 10);
        Assert.Equal(2.0 / 3, bins[14].Accuracy, 10);
        Assert.Equal(1, bins[9].Count);
        Assert.Equal(0.6, bins[9].Lower, 10);
        Assert.Equal((3.0 / 4 * Math.Abs((2.0 / 3) - (2.9 / 3))) + (1.0 / 4 * 0.4), report.ExpectedCalibrationError, 10);
    }

    [Fact]
    public void Nll_is_the_mean_negative_log_probability_of_the_true_class()
    {
        var report = new CalibrationReport(3);
        report.Add([0.5, 0.25, 0.25], 0);
        report.Add([0.5, 0.25, 0.25], 1);

        Assert.Equal(-(Math.Log(0.5) + Math.Log(0.25)) / 2, report.NegativeLogLikelihood, 10);
    }

    [Fact]
    public void Scores_are_normalised_when_added()
    {
        var report = new CalibrationReport(2);
        report.Add([3f, 1f], 0);

        Assert.Equal([0.75, 0.25], report.Probabilities[0]);
    }

    [Fact]
    public void An_empty_report_has_zero_metrics_and_cannot_be_fitted()
    {
        var report = new CalibrationReport(Classes);

        Assert.Equal(0, report.ExpectedCalibrationError);
        Assert.Equal(0, report.NegativeLogLikelihood);
        Assert.All(report.ReliabilityBins(), b => Assert.Equal(0, b.Count));
        Assert.Throws<ArgumentException>(() => TemperatureScaling.Fit(report));
    }

    [Fact]
    public void Fewer_than_two_classes_is_an_error() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new CalibrationReport(1));

    [Fact]
    public void Bad_vectors_and_labels_are_refused()
    {
        var report = new CalibrationReport(3);

        Assert.Throws<ArgumentException>(() => report.Add([0.5, 0.5], 0));
        Assert.Throws<ArgumentException>(() => report.Add([0.5, double.NaN, 0.5], 0));
        Assert.Throws<ArgumentException>(() => report.Add([0.5, -0.1, 0.6], 0));
        Assert.Throws<ArgumentException>(() => report.Add([0.0, 0.0, 0.0], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => report.Add([0.2, 0.3, 0.5], 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TemperatureScaling(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TemperatureScaling(double.NaN));
        Assert.Equal(0, report.Count);
    }

    [Fact]
    public void A_true_class_at_probability_zero_gives_finite_figures()
    {
        var report = new CalibrationReport(3);
        report.Add([0.0, 1.0, 0.0], 0);
        report.Add([0.2, 0.7, 0.1], 1);
        report.Add([0.1, 0.2, 0.7], 2);

        var scaling = TemperatureScaling.Fit(report);
        var scaled = report.Scaled(scaling);

        Assert.True(double.IsFinite(report.NegativeLogLikelihood));
        Assert.True(report.NegativeLogLikelihood <= -Math.Log(CalibrationReport.MinProbability));
        Assert.InRange(scaling.Temperature, TemperatureScaling.MinTemperature, TemperatureScaling.MaxTemperature);
        Assert.True(double.IsFinite(scaled.NegativeLogLikelihood));
        Assert.True(double.IsFinite(scaled.ExpectedCalibrationError));
    }

    [Fact]
    public void One_hot_predictions_keep_temperature_one()
    {
        var report = new CalibrationReport(3);
        report.Add([1.0, 0.0, 0.0], 0);
        report.Add([0.0, 1.0, 0.0], 0);

        Assert.Equal(1, TemperatureScaling.Fit(report).Temperature);
    }

    [Fact]
    public void A_data_set_of_one_class_fits_a_sharper_temperature()
    {
        // Always right: the best temperature sharpens as far as the search range allows.
        var report = new CalibrationReport(Classes);
        for (var i = 0; i < 10; i++)
        {
            report.Add([0.4, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1], 0);
        }

        var scaling = TemperatureScaling.Fit(report);

        Assert.Equal(TemperatureScaling.MinTemperature, scaling.Temperature, 3);
        Assert.True(report.Scaled(scaling).NegativeLogLikelihood < report.NegativeLogLikelihood);
    }

    /// <summary>Random logits z; the model reports softmax(z / modelT), labels are drawn from softmax(z / truthT).</summary>
    private static CalibrationReport Synthetic(int seed, int count, double modelTemperature, double truthTemperature)
    {
        var random = new Random(seed);
        var report = new CalibrationReport(Classes);
        var z = new double[Classes];
        for (var i = 0; i < count; i++)
        {
            for (var k = 0; k < Classes; k++)
            {
                // Box-Muller: a standard normal, spread to give confident and unsure predictions alike.
                z[k] = 3 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            }

            var truth = Softmax(z, truthTemperature);
            var u = random.NextDouble();
            var label = 0;
            var cumulative = truth[0];
            while (cumulative < u && label < Classes - 1)
            {
                cumulative += truth[++label];
            }

            report.Add(Softmax(z, modelTemperature), label);
        }

        return report;
    }

    private static double[] Softmax(double[] z, double temperature)
    {
        var max = z.Max();
        var e = z.Select(v => Math.Exp((v - max) / temperature)).ToArray();
        var sum = e.Sum();
        return [.. e.Select(v => v / sum)];
    }
}
