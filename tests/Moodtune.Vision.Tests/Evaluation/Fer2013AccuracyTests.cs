using Moodtune.Vision.Evaluation;

namespace Moodtune.Vision.Tests.Evaluation;

/// <summary>
/// Accuracy on the FER2013 val split (PublicTest, 3,589 images) must not fall more than one point below the figures
/// the README reports (measured with `./moodtune eval ../shared/data/fer2013/val`).
/// </summary>
public class Fer2013AccuracyTests
{
    [Theory]
    [InlineData("default", 0.687, 0.674)]
    [InlineData("moodtune+flip", 0.689, 0.675)]
    [InlineData("moodtune3", 0.695, 0.690)]
    [InlineData("moodtune3+flip", 0.706, 0.699)]
    [InlineData("minixception+faceapi+flip", 0.606, 0.580)]
    [InlineData("minixception", 0.552, 0.502)]
    [InlineData("faceapi", 0.555, 0.509)]
    public void Val_accuracy_holds_the_reported_figure(string model, double accuracy, double macroF1)
    {
        var val = LabelledImageFolder.Open(TestPaths.RequireShared("fer2013/val"));

        var result = Evaluator.Evaluate(val, new VisionOptions { EmotionModel = model }, detect: false);

        Assert.Equal(3589, result.Report.Images);
        Assert.True(result.Report.Accuracy >= accuracy - 0.01, $"{model}: accuracy {result.Report.Accuracy:P2}, README {accuracy:P1}");
        Assert.True(result.Report.MacroF1 >= macroF1 - 0.01, $"{model}: macro-F1 {result.Report.MacroF1:0.000}, README {macroF1:0.000}");
    }
}
