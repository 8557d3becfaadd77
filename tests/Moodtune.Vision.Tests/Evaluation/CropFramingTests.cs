using Moodtune.Vision.Alignment;
using Moodtune.Vision.Detection;
using Moodtune.Vision.Evaluation;
using Moodtune.Vision.Tests.TestData;
using SkiaSharp;

namespace Moodtune.Vision.Tests.Evaluation;

/// <summary>`moodtune eval DIR --framing`: a data set's framing of its faces as crop settings.</summary>
public class CropFramingTests
{
    [Theory]
    [InlineData(0f, 1.3f, -0.1f)]
    [InlineData(30f, 1.3f, -0.1f)]
    [InlineData(-20f, 1.1f, 0.05f)]
    public void Framing_is_the_crop_matrix_in_reverse(float rollDegrees, float scale, float shiftDown)
    {
        var a = rollDegrees * MathF.PI / 180;
        var face = new DetectedFace(
            new FaceBox(150, 100, 100, 100),
            0.9f,
            [new(200 - (25 * MathF.Cos(a)), 150 - (25 * MathF.Sin(a))), new(200 + (25 * MathF.Cos(a)), 150 + (25 * MathF.Sin(a))), new(200, 150), new(200, 170), new(150, 150), new(250, 150)]);
        var options = new FaceCropOptions { Scale = scale, ShiftDown = shiftDown };

        // The square the crop takes, in image pixels: the crop's centre mapped back, and its side.
        Assert.True(FaceAligner.CropMatrix(face, 64, options).TryInvert(out var inverse));
        var centre = inverse.MapPoint(32, 32);
        var side = scale * 100;
        var frame = new FaceBox(centre.X - (side / 2), centre.Y - (side / 2), side, side);

        var framing = CropFraming.Of(face, frame);

        Assert.Equal(scale, framing.Scale, 4);
        Assert.Equal(shiftDown, framing.ShiftDown, 4);
    }

    [Fact]
    public void A_face_image_is_measured_and_a_blank_one_is_not()
    {
        using var analyzer = new FaceAnalyzer();
        using var face = TestImages.AstronautFace();
        using var blank = TestImages.Compose(48, 48, SKColors.DimGray);

        var framing = CropFraming.Measure(analyzer, face);

        Assert.NotNull(framing);
        // A tight FER-style cut: the image is a little larger than the detector's box.
        Assert.InRange(framing.Value.Scale, 0.9f, 1.6f);
        Assert.InRange(framing.Value.ShiftDown, -0.25f, 0.25f);
        Assert.Null(CropFraming.Measure(analyzer, blank));
    }

    [Fact]
    public void The_default_crop_frames_detected_faces_as_FER2013_train_frames_its_faces()
    {
        var train = LabelledImageFolder.Open(TestPaths.RequireShared("fer2013/train"), limit: 2000);

        var result = CropFraming.Measure(train, new VisionOptions());

        // Over all of train: 27,704 of 28,709 faces found, medians 1.168 and -0.088 (the defaults, rounded).
        Assert.Equal(2000, result.Images);
        Assert.Equal(0, result.Failed);
        Assert.True(result.Found >= 1900, $"{result.Found} of 2,000 found");
        Assert.InRange(result.Scale.Median, FaceCropOptions.Default.Scale - 0.03f, FaceCropOptions.Default.Scale + 0.03f);
        Assert.InRange(result.ShiftDown.Median, FaceCropOptions.Default.ShiftDown - 0.015f, FaceCropOptions.Default.ShiftDown + 0.015f);
        Assert.True(result.Scale.Lower < result.Scale.Median && result.Scale.Median < result.Scale.Upper);
    }
}
