using Moodtune.Vision.Detection;
using Moodtune.Vision.Tests.TestData;

namespace Moodtune.Vision.Tests.Detection;

public class FaceGeometryTests(DetectorFixture fixture) : IClassFixture<DetectorFixture>
{
    [Theory]
    [InlineData(TestImages.Astronaut)]
    [InlineData(TestImages.Camera)]
    public void The_faces_of_the_packaged_photos_pass_with_both_models(string photo)
    {
        using var image = TestImages.Load(photo);

        Assert.True(FaceGeometry.IsPlausible(Assert.Single(fixture.Front.Detect(image))));
        Assert.True(FaceGeometry.IsPlausible(Assert.Single(fixture.Back.Detect(image))));
    }

    [Fact]
    public void A_face_whose_mouth_is_above_its_eyes_or_whose_eyes_meet_is_refused()
    {
        using var image = TestImages.Load(TestImages.Astronaut);
        var face = Assert.Single(fixture.Front.Detect(image));
        var points = face.Keypoints.ToArray();
        var eyeLine = (points[(int)FaceKeypoint.RightEye].Y + points[(int)FaceKeypoint.LeftEye].Y) / 2;

        var mouthUp = (Point2[])points.Clone();
        mouthUp[(int)FaceKeypoint.Mouth] = mouthUp[(int)FaceKeypoint.Mouth] with { Y = eyeLine - 20 };
        var eyesMeet = (Point2[])points.Clone();
        eyesMeet[(int)FaceKeypoint.LeftEye] = eyesMeet[(int)FaceKeypoint.RightEye] with { X = eyesMeet[(int)FaceKeypoint.RightEye].X + 2 };

        Assert.True(FaceGeometry.IsPlausible(face));
        Assert.False(FaceGeometry.IsPlausible(face with { Keypoints = mouthUp }));
        Assert.False(FaceGeometry.IsPlausible(face with { Keypoints = eyesMeet }));
    }
}
