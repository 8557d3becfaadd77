using Moodtune.Mood;
using Moodtune.Vision.Emotions;
using Moodtune.Vision.Evaluation;

namespace Moodtune.Vision.Tests.Evaluation;

public class ClassificationReportTests
{
    [Fact]
    public void Metrics_follow_the_confusion_matrix()
    {
        var report = new ClassificationReport();
        report.Add(Emotion.Happy, Emotion.Happy);
        report.Add(Emotion.Happy, Emotion.Happy);
        report.Add(Emotion.Happy, Emotion.Sad);
        report.Add(Emotion.Sad, Emotion.Sad);

        var happy = report.PerClass[(int)Emotion.Happy];
        var sad = report.PerClass[(int)Emotion.Sad];

        Assert.Equal(0.75f, report.Accuracy, 5);
        Assert.Equal(1f, happy.Precision, 5);
        Assert.Equal(2f / 3, happy.Recall, 5);
        Assert.Equal(0.5f, sad.Precision, 5);
        Assert.Equal(1f, sad.Recall, 5);
        Assert.Equal(1, report[Emotion.Happy, Emotion.Sad]);
        Assert.Equal(3, happy.Support);
    }

    [Fact]
    public void Macro_f1_averages_all_seven_classes()
    {
        var report = new ClassificationReport();
        report.Add(Emotion.Happy, Emotion.Happy);

        Assert.Equal(1f / 7, report.MacroF1, 5);
    }

    [Fact]
    public void A_miss_counts_as_wrong_and_lowers_its_class_recall_only()
    {
        var report = new ClassificationReport();
        report.Add(Emotion.Happy, Emotion.Happy);
        report.Add(Emotion.Sad, Emotion.Sad);
        report.AddMiss(Emotion.Happy);

        var happy = report.PerClass[(int)Emotion.Happy];
        Assert.Equal(3, report.Images);
        Assert.Equal(1, report.Missed);
        Assert.Equal(2f / 3, report.Accuracy, 5);
        Assert.Equal(0.5f, happy.Recall, 5);
        Assert.Equal(1f, happy.Precision, 5);
        Assert.Equal(2, happy.Support);
        Assert.Equal(1f, report.PerClass[(int)Emotion.Sad].Recall, 5);
        Assert.Equal(2, report.ConfusionRows().Sum(row => row.Sum()));
    }
}
