using Moodtune.Mood;
using Moodtune.Vision.Imaging;
using Moodtune.Vision.Tracking;

namespace Moodtune.Vision.Tests.Tracking;

/// <summary>A camera's frames in order: decoded at reduced scale, faces tracked between detector runs.</summary>
public sealed class CameraFeedTests : IClassFixture<CameraFeedTests.Engine>
{
    private readonly FaceAnalyzer _analyzer;

    public CameraFeedTests(Engine engine) => _analyzer = engine.Analyzer;

    [Fact]
    public void A_user_moving_slowly_is_tracked_between_detections_and_stays_where_the_detector_sees_them()
    {
        var feed = _analyzer.OpenFeed(new CameraFeedOptions { RedetectEvery = 10 });
        var frames = Enumerable.Range(0, 20).Select(i => CameraFrames.At(80 + (4 * i), 20 + (2 * i))).ToArray();

        foreach (var frame in frames)
        {
            var analysis = feed.Analyze(frame);
            var fresh = _analyzer.Analyze(frame);

            var face = Assert.Single(analysis.Faces);
            Assert.Equal(Emotion.Happy, face.Emotion);
            Assert.Equal(640, analysis.Width);
            Assert.Equal(480, analysis.Height);

            // Within 4% of the face's size of what the detector finds in the full-size frame.
            var tolerance = 0.04f * fresh.Faces[0].Box.Width;
            Assert.Equal(fresh.Faces[0].Box.CenterX, face.Box.CenterX, tolerance);
            Assert.Equal(fresh.Faces[0].Box.CenterY, face.Box.CenterY, tolerance);
        }

        Assert.Equal(2, feed.DetectedFrames);
        Assert.Equal(18, feed.TrackedFrames);
    }

    [Fact]
    public void Two_people_are_both_tracked()
    {
        var feed = _analyzer.OpenFeed();

        for (var i = 0; i < 4; i++)
        {
            var analysis = feed.Analyze(CameraFrames.Pair(40 + (3 * i), 60));

            Assert.Equal(2, analysis.Faces.Count);
            Assert.All(analysis.Faces, f => Assert.Equal(Emotion.Happy, f.Emotion));
            Assert.Equal(i > 0, analysis.Tracked);
        }
    }

    [Fact]
    public void When_the_user_leaves_the_detector_runs_again_at_once()
    {
        var feed = _analyzer.OpenFeed();
        feed.Analyze(CameraFrames.At(100, 40));
        Assert.True(feed.Analyze(CameraFrames.At(102, 41)).Tracked);

        var gone = feed.Analyze(CameraFrames.Empty());

        Assert.False(gone.Tracked);
        Assert.Empty(gone.Faces);
        Assert.Equal(2, feed.DetectedFrames);
    }

    [Fact]
    public void An_empty_room_runs_the_detector_on_every_frame()
    {
        var feed = _analyzer.OpenFeed();
        var empty = CameraFrames.Empty();

        for (var i = 0; i < 3; i++)
        {
            Assert.Empty(feed.Analyze(empty).Faces);
        }

        Assert.Equal(3, feed.DetectedFrames);
        Assert.Equal(0, feed.TrackedFrames);
    }

    [Fact]
    public void Without_tracking_every_frame_is_detected()
    {
        var feed = _analyzer.OpenFeed(new CameraFeedOptions { Tracking = false });
        var frame = CameraFrames.At(100, 40);

        for (var i = 0; i < 3; i++)
        {
            Assert.False(feed.Analyze(frame).Tracked);
        }

        Assert.Equal(3, feed.DetectedFrames);
    }

    [Fact]
    public void A_frame_of_another_size_is_detected_afresh()
    {
        var feed = _analyzer.OpenFeed();
        feed.Analyze(CameraFrames.At(100, 40));

        var wider = feed.Analyze(CameraFrames.At(100, 40, width: 800, height: 480));

        Assert.False(wider.Tracked);
        Assert.Equal(800, wider.Width);
    }

    [Fact]
    public void A_corrupt_frame_is_reported_and_the_feed_goes_on()
    {
        var feed = _analyzer.OpenFeed();
        var frame = CameraFrames.At(100, 40);
        feed.Analyze(frame);

        var error = Assert.Throws<ImageDecodeException>(() => feed.Analyze(frame.AsSpan(0, 600)));

        Assert.Equal(ImageProblem.Corrupt, error.Problem);
        Assert.Single(feed.Analyze(frame).Faces);
    }

    [Fact]
    public void Frames_decoded_at_reduced_scale_give_boxes_in_the_frames_own_pixels()
    {
        var frame = CameraFrames.At(100, 40);
        var full = _analyzer.OpenFeed(new CameraFeedOptions { DecodeLongSideAtLeast = null }).Analyze(frame);
        var reduced = _analyzer.OpenFeed(new CameraFeedOptions { DecodeLongSideAtLeast = 320 }).Analyze(frame);

        Assert.Equal(full.Width, reduced.Width);
        var box = reduced.Faces[0].Box;
        Assert.Equal(full.Faces[0].Box.CenterX, box.CenterX, 0.03f * box.Width);
        Assert.Equal(full.Faces[0].Box.Width, box.Width, 0.05f * box.Width);
        Assert.Equal(full.Faces[0].Emotion, reduced.Faces[0].Emotion);
    }

    [Theory]
    [InlineData(0, 0.8f, 0.25f)]
    [InlineData(10, 1.5f, 0.25f)]
    [InlineData(10, 0.8f, 0f)]
    public void Nonsense_options_are_refused(int redetectEvery, float minCorrelation, float searchFraction) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => _analyzer.OpenFeed(new CameraFeedOptions
        {
            RedetectEvery = redetectEvery,
            MinCorrelation = minCorrelation,
            SearchFraction = searchFraction,
        }));

    public sealed class Engine : IDisposable
    {
        public FaceAnalyzer Analyzer { get; } = new();

        public void Dispose() => Analyzer.Dispose();
    }
}
