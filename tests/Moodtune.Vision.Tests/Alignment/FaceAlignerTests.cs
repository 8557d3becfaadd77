using Moodtune.Vision.Alignment;
using Moodtune.Vision.Detection;
using SkiaSharp;

namespace Moodtune.Vision.Tests.Alignment;

public class FaceAlignerTests
{
    [Fact]
    public void Crop_puts_tilted_eyes_on_one_level()
    {
        var face = Face(center: new(200, 150), side: 100, rollDegrees: 30);

        var m = FaceAligner.CropMatrix(face, 64, new FaceCropOptions { Scale = 1.0f });
        var right = m.MapPoint(face[FaceKeypoint.RightEye].X, face[FaceKeypoint.RightEye].Y);
        var left = m.MapPoint(face[FaceKeypoint.LeftEye].X, face[FaceKeypoint.LeftEye].Y);

        Assert.Equal(right.Y, left.Y, 2);
        Assert.True(right.X < left.X);
    }

    [Fact]
    public void Crop_centres_the_box_and_scales_it_to_the_output()
    {
        var face = Face(center: new(200, 150), side: 100, rollDegrees: 0);

        var m = FaceAligner.CropMatrix(face, 64, new FaceCropOptions { Scale = 1.25f, ShiftDown = 0 });
        var centre = m.MapPoint(200, 150);
        var corner = m.MapPoint(150, 100);

        Assert.Equal(32f, centre.X, 3);
        Assert.Equal(32f, centre.Y, 3);
        Assert.Equal(32 - (50 * 64 / 125f), corner.X, 3);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(30f)]
    public void A_negative_shift_moves_the_crop_up_the_face_along_its_own_axis(float rollDegrees)
    {
        var face = Face(center: new(200, 150), side: 100, rollDegrees);
        var a = rollDegrees * MathF.PI / 180;

        var m = FaceAligner.CropMatrix(face, 64, new FaceCropOptions { Scale = 1.2f, ShiftDown = -0.1f });

        // The crop's centre is 0.1 of its 120-px side (12 px) above the box's centre, "above" as the face is tilted.
        var centre = m.MapPoint(200 + (12 * MathF.Sin(a)), 150 - (12 * MathF.Cos(a)));
        Assert.Equal(32f, centre.X, 3);
        Assert.Equal(32f, centre.Y, 3);
    }

    [Fact]
    public void Roll_is_measured_whichever_eye_comes_first()
    {
        var face = Face(center: new(100, 100), side: 80, rollDegrees: -20);
        var swapped = face with { Keypoints = [face.Keypoints[1], face.Keypoints[0], .. face.Keypoints.Skip(2)] };

        Assert.Equal(FaceAligner.RollAngle(face), FaceAligner.RollAngle(swapped), 5);
        Assert.Equal(-20 * MathF.PI / 180, FaceAligner.RollAngle(face), 3);
    }

    [Fact]
    public void Drawn_crop_is_upright_and_outside_is_black()
    {
        // A white bar along the eye line of a face rolled by 45 degrees must come out horizontal.
        using var bitmap = new SKBitmap(300, 300);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Gray);
            canvas.RotateDegrees(45, 150, 150);
            canvas.DrawRect(new SKRect(100, 145, 200, 155), new SKPaint { Color = SKColors.White });
        }

        using var image = SKImage.FromBitmap(bitmap);
        var face = Face(center: new(150, 150), side: 100, rollDegrees: 45);
        using var crop = new SKBitmap(new SKImageInfo(64, 64, SKColorType.Rgba8888, SKAlphaType.Premul));

        FaceAligner.Draw(image, FaceAligner.CropMatrix(face, 64, new FaceCropOptions { Scale = 3f, ShiftDown = 0 }), crop);

        Assert.True(crop.GetPixel(32, 32).Red > 200, "centre of the bar");
        Assert.True(crop.GetPixel(26, 32).Red > 200, "bar runs horizontally");
        Assert.True(crop.GetPixel(32, 20).Red < 160, "nothing above the bar");
        Assert.Equal(SKColors.Black, crop.GetPixel(0, 0));
    }

    private static DetectedFace Face(SKPoint center, float side, float rollDegrees)
    {
        var a = rollDegrees * MathF.PI / 180;
        Point2 At(float dx, float dy) => new(
            center.X + (dx * MathF.Cos(a)) - (dy * MathF.Sin(a)),
            center.Y + (dx * MathF.Sin(a)) + (dy * MathF.Cos(a)));

        return new DetectedFace(
            new FaceBox(center.X - (side / 2), center.Y - (side / 2), side, side),
            0.9f,
            [At(-side / 4, -side / 8), At(side / 4, -side / 8), At(0, 0), At(0, side / 4), At(-side / 2, 0), At(side / 2, 0)]);
    }
}
