namespace Moodtune.Vision.Detection;

/// <summary>
/// A check that a detection's six keypoints sit where a human face's can: BlazeFace scores animal heads, fruit and
/// wheels up to 0.89 (issue 17), and on some of them places keypoints no face has (eyes a tenth of the box apart, a
/// mouth above the nose, ears crossed). Each range spans every true face of the calibration faces, widened by 5% of
/// its span: 2,481 detections on FER2013 train faces padded to 96x96 (every 12th image), the people set and the
/// packaged photos (docs/detection-evaluation.md). Measured in eye distances along and across the eye line, so they do
/// not depend on the face's size or roll. Tighter ranges remove more animals but lose faces (the trade-off is in the doc).
/// </summary>
public static class FaceGeometry
{
    private const float MinEyeWidth = 0.08f;
    private const float MaxEyeWidth = 0.57f;
    private const float MaxRollDegrees = 77f;
    private const float MinNoseAlong = -1.66f;
    private const float MaxNoseAlong = 2.7f;
    private const float MinNoseAcross = 0.07f;
    private const float MaxNoseAcross = 1.64f;
    private const float MinMouthAlong = -0.84f;
    private const float MaxMouthAlong = 2.3f;
    private const float MinMouthAcross = 0.66f;
    private const float MaxMouthAcross = 3.34f;
    private const float MinEarSpan = 1.92f;
    private const float MaxEarSpan = 3.17f;
    private const float MinMouthBelowNose = 0.06f;
    private const float MaxMouthBelowNose = 2.36f;

    /// <summary>Whether the keypoints are laid out as on a human face.</summary>
    public static bool IsPlausible(DetectedFace face)
    {
        ArgumentNullException.ThrowIfNull(face);
        var right = face[FaceKeypoint.RightEye];
        var left = face[FaceKeypoint.LeftEye];
        var ex = left.X - right.X;
        var ey = left.Y - right.Y;
        var eyes = MathF.Sqrt((ex * ex) + (ey * ey));
        if (face.Box.Width <= 0 || eyes <= 0)
        {
            return false;
        }

        var eyeWidth = eyes / face.Box.Width;
        var roll = MathF.Atan2(ey, ex) * (180f / MathF.PI);
        if (eyeWidth is < MinEyeWidth or > MaxEyeWidth || MathF.Abs(roll) > MaxRollDegrees)
        {
            return false;
        }

        // Face axes: "along" from the subject's right eye to the left, "across" down the face, in eye distances.
        var middle = new Point2((right.X + left.X) / 2, (right.Y + left.Y) / 2);
        var (ux, uy) = (ex / eyes, ey / eyes);
        (float Along, float Across) Place(Point2 p)
        {
            var (dx, dy) = (p.X - middle.X, p.Y - middle.Y);
            return (((dx * ux) + (dy * uy)) / eyes, ((dy * ux) - (dx * uy)) / eyes);
        }

        var nose = Place(face[FaceKeypoint.NoseTip]);
        var mouth = Place(face[FaceKeypoint.Mouth]);
        var ears = Place(face[FaceKeypoint.LeftEar]).Along - Place(face[FaceKeypoint.RightEar]).Along;
        return nose.Along is >= MinNoseAlong and <= MaxNoseAlong
            && nose.Across is >= MinNoseAcross and <= MaxNoseAcross
            && mouth.Along is >= MinMouthAlong and <= MaxMouthAlong
            && mouth.Across is >= MinMouthAcross and <= MaxMouthAcross
            && ears is >= MinEarSpan and <= MaxEarSpan
            && mouth.Across - nose.Across is >= MinMouthBelowNose and <= MaxMouthBelowNose;
    }
}
