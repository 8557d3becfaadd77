using Moodtune.Vision.Detection;
using Moodtune.Vision.Imaging;
using SkiaSharp;

namespace Moodtune.Vision.Alignment;

/// <summary>Cuts an upright square around a detected face, resampled to a classifier's input size.</summary>
public static class FaceAligner
{
    /// <summary>Roll of the face in radians: the angle of the line from the eye on the image's left to the other eye.</summary>
    public static float RollAngle(DetectedFace face)
    {
        var a = face[FaceKeypoint.RightEye];
        var b = face[FaceKeypoint.LeftEye];
        if (a.X > b.X)
        {
            (a, b) = (b, a);
        }

        return MathF.Atan2(b.Y - a.Y, b.X - a.X);
    }

    /// <summary>The transform from image pixels to a crop of <paramref name="size"/> x <paramref name="size"/> pixels.</summary>
    public static SKMatrix CropMatrix(DetectedFace face, int size, FaceCropOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        var box = face.Box;
        var side = Math.Max(1f, Math.Max(box.Width, box.Height) * options.Scale);
        var angle = options.Upright ? RollAngle(face) : 0f;

        // The shift is along the face's own vertical axis, so it follows the roll.
        var shift = options.ShiftDown * side;
        var centerX = box.CenterX - (MathF.Sin(angle) * shift);
        var centerY = box.CenterY + (MathF.Cos(angle) * shift);

        var matrix = SKMatrix.CreateTranslation(-centerX, -centerY);
        matrix = matrix.PostConcat(SKMatrix.CreateRotation(-angle));
        matrix = matrix.PostConcat(SKMatrix.CreateScale(size / side, size / side));
        return matrix.PostConcat(SKMatrix.CreateTranslation(size / 2f, size / 2f));
    }

    /// <summary>Draws the crop given by <paramref name="matrix"/> into <paramref name="destination"/>; outside the image is black.</summary>
    public static void Draw(SKImage image, SKMatrix matrix, SKBitmap destination)
    {
        using var canvas = new SKCanvas(destination);
        Draw(canvas, image, matrix);
    }

    /// <summary>Draws the crop onto a canvas that is reused from call to call (its matrix is replaced).</summary>
    public static void Draw(SKCanvas canvas, SKImage image, SKMatrix matrix)
    {
        canvas.ResetMatrix();
        canvas.Clear(SKColors.Black);
        canvas.SetMatrix(matrix);

        // The matrix scales uniformly (rotation and one scale), so the determinant is the area ratio.
        var scale = MathF.Sqrt(MathF.Abs((matrix.ScaleX * matrix.ScaleY) - (matrix.SkewX * matrix.SkewY)));
        canvas.DrawImage(image, 0, 0, Resampling.ForScale(scale));
    }

    /// <summary>Scales a whole image (an already cropped face, as in FER2013) onto a canvas of <paramref name="size"/> pixels.</summary>
    public static void DrawWhole(SKCanvas canvas, SKImage image, int size)
    {
        canvas.ResetMatrix();
        canvas.Clear(SKColors.Black);
        var scale = (float)size / Math.Max(image.Width, image.Height);
        canvas.DrawImage(image, new SKRect(0, 0, size, size), Resampling.ForScale(scale));
    }
}
