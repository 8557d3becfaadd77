using Moodtune.Vision.Detection;
using Moodtune.Vision.Tracking;
using SkiaSharp;

namespace Moodtune.Vision.Tests.Tracking;

public sealed class FaceTrackerTests : IClassFixture<FaceTrackerTests.Models>
{
    private readonly FaceDetector _detector;

    public FaceTrackerTests(Models models) => _detector = models.Detector;

    [Theory]
    [InlineData(12, 6)]
    [InlineData(-20, 9)]
    [InlineData(3.5, -2.5)]
    public void A_face_that_moved_is_found_where_it_went(float dx, float dy)
    {
        using var before = CameraFrames.Decode(CameraFrames.At(120, 40));
        using var after = CameraFrames.Decode(CameraFrames.At(120 + dx, 40 + dy));
        var face = _detector.Detect(before, DetectorModel.Front)[0];
        var tracker = new FaceTracker();
        using var first = before.PeekPixels();
        using var second = after.PeekPixels();

        Assert.True(tracker.Start(first, face));
        var correlation = tracker.Track(second, out var moved);

        Assert.InRange(correlation, 0.9f, 1f);
        Assert.NotNull(moved);
        Assert.Equal(face.Box.X + dx, moved.Box.X, 1.5f);
        Assert.Equal(face.Box.Y + dy, moved.Box.Y, 1.5f);
        Assert.Equal(face.Box.Width, moved.Box.Width);
        Assert.Equal(face.Keypoints[0].X + (moved.Box.X - face.Box.X), moved.Keypoints[0].X, 3);
        Assert.Same(moved, tracker.Face);
    }

    [Fact]
    public void A_face_that_left_does_not_correlate()
    {
        using var before = CameraFrames.Decode(CameraFrames.At(120, 40));
        using var empty = CameraFrames.Decode(CameraFrames.Empty());
        var face = _detector.Detect(before, DetectorModel.Front)[0];
        var tracker = new FaceTracker();
        using var first = before.PeekPixels();
        using var second = empty.PeekPixels();
        tracker.Start(first, face);

        var correlation = tracker.Track(second, out var moved);

        Assert.True(correlation < 0.5f, $"correlation {correlation}");
        Assert.Same(face, tracker.Face);
    }

    [Fact]
    public void A_face_that_moved_beyond_the_search_window_is_not_claimed()
    {
        using var before = CameraFrames.Decode(CameraFrames.At(60, 40));
        using var after = CameraFrames.Decode(CameraFrames.At(220, 40));
        var face = _detector.Detect(before, DetectorModel.Front)[0];
        var tracker = new FaceTracker(searchFraction: 0.25f);
        using var first = before.PeekPixels();
        using var second = after.PeekPixels();
        tracker.Start(first, face);

        var correlation = tracker.Track(second, out var moved);

        Assert.True(correlation < 0.8f, $"correlation {correlation}");
    }

    [Fact]
    public void A_flat_patch_cannot_be_tracked()
    {
        using var bitmap = new SKBitmap(200, 200);
        bitmap.Erase(SKColors.Gray);
        using var pixels = bitmap.PeekPixels();
        var face = new DetectedFace(new FaceBox(50, 50, 80, 80), 0.9f, [.. Enumerable.Repeat(new Point2(90, 90), 6)]);
        var tracker = new FaceTracker();

        Assert.False(tracker.Start(pixels, face));
        Assert.True(float.IsNaN(tracker.Track(pixels, out var moved)));
        Assert.Null(moved);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(1.5f)]
    public void The_search_window_must_be_a_sensible_fraction(float fraction) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new FaceTracker(fraction));

    public sealed class Models : IDisposable
    {
        public FaceDetector Detector { get; } = FaceDetector.FromDirectory(Path.Combine(AppContext.BaseDirectory, "models"));

        public void Dispose() => Detector.Dispose();
    }
}
