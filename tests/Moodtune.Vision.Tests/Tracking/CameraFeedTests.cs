using Moodtune.Mood;
using Moodtune.Vision.Imaging;
using Moodtune.Vision.Tracking;

namespace Moodtune.Vision.Tests.Tracking;

/// <summary>A camera's frames in order: decoded at reduced scale, faces tracked between detector runs.</summary>
public sealed class CameraFeedTests : IClassFixture<CameraFeedTests.Engine>
{
    // The web server's: 320-pixel frames, 640 while the face is small or not found.
    private static readonly CameraFeedOptions WideWhenSmall = new() { WideFrameWidth = 640 };

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

    [Fact]
    public void A_small_face_asks_for_wide_frames_until_it_is_large_again()
    {
        var feed = _analyzer.OpenFeed(WideWhenSmall);
        Assert.Equal(320, feed.NextFrameWidth);

        // The photo 240 pixels wide puts a face of about 40 pixels in the 640-pixel frame (6%): a user far away.
        var far = feed.Analyze(CameraFrames.At(200, 120, size: 240));
        Assert.True(far.PrimaryFace!.Box.Width < 0.15f * far.Width);
        Assert.Equal(640, feed.NextFrameWidth);

        // Between the two bounds the width stays as it is, so a face near one of them does not flap.
        var between = feed.Analyze(CameraFrames.At(60, 0, size: 640));
        Assert.InRange(between.PrimaryFace!.Box.Width / between.Width, 0.15f, 0.2f);
        Assert.Equal(640, feed.NextFrameWidth);

        var near = feed.Analyze(CameraFrames.At(-160, -120, size: 960));
        Assert.True(near.PrimaryFace!.Box.Width >= 0.2f * near.Width);
        Assert.Equal(320, feed.NextFrameWidth);
    }

    [Fact]
    public void Without_a_face_narrow_and_wide_frames_are_asked_for_in_turn()
    {
        var feed = _analyzer.OpenFeed(WideWhenSmall);
        var empty = CameraFrames.Empty();

        var widths = Enumerable.Range(0, 4).Select(_ =>
        {
            feed.Analyze(empty);
            return feed.NextFrameWidth;
        });

        Assert.Equal([640, 320, 640, 320], widths);
    }

    [Fact]
    public void A_face_too_small_for_the_narrow_frame_is_found_in_the_wide_frame_asked_for_next()
    {
        // A face of about 20 pixels in the 640-pixel frame: 10 once the frame is decoded down to 320, too few to find.
        var frame = CameraFrames.At(300, 200, size: 120);
        var feed = _analyzer.OpenFeed(WideWhenSmall);

        Assert.Empty(feed.Analyze(frame).Faces);
        Assert.Equal(640, feed.NextFrameWidth);
        var face = Assert.Single(feed.Analyze(frame).Faces);
        Assert.InRange(face.Box.CenterX, 300, 420);
        Assert.InRange(face.Box.CenterY, 200, 320);

        var narrowOnly = _analyzer.OpenFeed();
        Assert.Empty(narrowOnly.Analyze(frame).Faces);
        Assert.Empty(narrowOnly.Analyze(frame).Faces);
        Assert.Equal(320, narrowOnly.NextFrameWidth);
    }

    [Fact]
    public void Frames_asked_for_wide_are_decoded_at_that_width_not_the_default_one()
    {
        // Every frame asked for at 640 (no switching): the 20-pixel face must not be decoded down to 320 and lost.
        var frame = CameraFrames.At(300, 200, size: 120);
        var feed = _analyzer.OpenFeed(new CameraFeedOptions { FrameWidth = 640 });

        Assert.Single(feed.Analyze(frame).Faces);
        Assert.Equal(640, feed.NextFrameWidth);
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

    [Theory]
    [InlineData(32, 640, 0.15f, 0.2f)]
    [InlineData(320, 320, 0.15f, 0.2f)]
    [InlineData(320, 640, 0.25f, 0.2f)]
    [InlineData(320, 640, 0f, 0.2f)]
    [InlineData(320, 640, 0.15f, 1f)]
    public void Nonsense_frame_widths_are_refused(int frameWidth, int wideFrameWidth, float small, float large) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => _analyzer.OpenFeed(new CameraFeedOptions
        {
            FrameWidth = frameWidth,
            WideFrameWidth = wideFrameWidth,
            SmallFaceFraction = small,
            LargeFaceFraction = large,
        }));

    public sealed class Engine : IDisposable
    {
        public FaceAnalyzer Analyzer { get; } = new();

        public void Dispose() => Analyzer.Dispose();
    }
}
