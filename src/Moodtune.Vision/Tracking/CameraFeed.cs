using System.Diagnostics;
using Moodtune.Vision.Detection;
using Moodtune.Vision.Imaging;
using SkiaSharp;

namespace Moodtune.Vision.Tracking;

/// <summary>
/// The frames of one camera, analysed in order. Frames are decoded at reduced scale and the detector runs only when
/// needed: every <see cref="CameraFeedOptions.RedetectEvery"/> frames, when there was no face, or when a face no
/// longer matches its template where it was; otherwise each face is tracked from the previous frame. Results are in
/// the frame's own pixels whatever the decode scale. Not thread-safe (one per camera); create with
/// <see cref="FaceAnalyzer.OpenFeed"/>.
/// </summary>
public sealed class CameraFeed
{
    private readonly FaceAnalyzer _analyzer;
    private readonly CameraFeedOptions _options;
    private readonly ImageLimits _limits;
    private readonly ImageLimits _wideLimits;
    private readonly List<FaceTracker> _trackers = [];
    private readonly List<DetectedFace> _tracked = [];
    private int _framesSinceDetection;
    private SKSizeI _lastSize;
    private bool _wide;

    internal CameraFeed(FaceAnalyzer analyzer, CameraFeedOptions options)
    {
        options.Validate();
        _analyzer = analyzer;
        _options = options;
        // A frame is decoded at least as wide as it was asked for, so a wide one is not shrunk back to the narrow width.
        _limits = analyzer.Options.Limits with { DecodeLongSideAtLeast = AtLeast(options.FrameWidth) };
        _wideLimits = analyzer.Options.Limits with { DecodeLongSideAtLeast = AtLeast(options.WideFrameWidth ?? options.FrameWidth) };

        int? AtLeast(int width) => options.DecodeLongSideAtLeast is { } least ? Math.Max(least, width) : null;
    }

    /// <summary>
    /// The width the next frame should be sent at: <see cref="CameraFeedOptions.FrameWidth"/>, or
    /// <see cref="CameraFeedOptions.WideFrameWidth"/> while the user's face is small or, every other frame, not found.
    /// </summary>
    public int NextFrameWidth => _wide ? _options.WideFrameWidth!.Value : _options.FrameWidth;

    /// <summary>Frames on which the detector ran.</summary>
    public int DetectedFrames { get; private set; }

    /// <summary>Frames whose faces were tracked from the previous frame.</summary>
    public int TrackedFrames { get; private set; }

    /// <summary>Decodes and analyses the next frame (JPEG, PNG, WebP...).</summary>
    /// <exception cref="ImageDecodeException">The data is not a usable image; the stream goes on with the next frame.</exception>
    /// <exception cref="ObjectDisposedException">The analyzer was disposed.</exception>
    public FaceAnalysis Analyze(ReadOnlySpan<byte> encodedFrame)
    {
        using var image = ImageDecoder.Decode(encodedFrame, _wide ? _wideLimits : _limits, out var fullSize);
        var analysis = Analyze(image);
        var scale = (float)fullSize.Width / image.Width;
        return fullSize == new SKSizeI(image.Width, image.Height) ? analysis : Rescale(analysis, fullSize, scale);
    }

    /// <summary>Analyses the next frame, already decoded.</summary>
    /// <exception cref="ObjectDisposedException">The analyzer was disposed.</exception>
    public FaceAnalysis Analyze(SKImage frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        using var use = _analyzer.Use();
        using var activity = VisionTelemetry.StartAnalysis();
        var started = Stopwatch.GetTimestamp();
        var size = new SKSizeI(frame.Width, frame.Height);
        using var pixels = _options.Tracking ? frame.PeekPixels() : null;
        if (pixels is not null && size == _lastSize && TryTrack(pixels))
        {
            TrackedFrames++;
            _framesSinceDetection++;
            return AskForWidth(VisionTelemetry.Record(_analyzer.Classify(frame, _tracked) with { Tracked = true }, started, activity));
        }

        var faces = _analyzer.Detect(frame);
        DetectedFrames++;
        _framesSinceDetection = 0;
        _lastSize = size;
        Restart(pixels, faces);
        return AskForWidth(VisionTelemetry.Record(_analyzer.Classify(frame, faces), started, activity));
    }

    // Wide frames while the user's face is small; with no face, narrow and wide in turn, so a face too small for the
    // narrow frame is still looked for in the wide one and a near one in the cheaper narrow one.
    private FaceAnalysis AskForWidth(FaceAnalysis analysis)
    {
        if (_options.WideFrameWidth is null)
        {
            return analysis;
        }

        if (analysis.PrimaryFace is not { } face)
        {
            _wide = !_wide;
        }
        else if (face.Box.Width < _options.SmallFaceFraction * analysis.Width)
        {
            _wide = true;
        }
        else if (face.Box.Width >= _options.LargeFaceFraction * analysis.Width)
        {
            _wide = false;
        }

        return analysis;
    }

    private bool TryTrack(SKPixmap pixels)
    {
        if (_trackers.Count == 0 || _framesSinceDetection + 1 >= _options.RedetectEvery)
        {
            return false;
        }

        _tracked.Clear();
        foreach (var tracker in _trackers)
        {
            if (!(tracker.Track(pixels, out var moved) >= _options.MinCorrelation) || moved is null)
            {
                return false;
            }

            _tracked.Add(moved);
        }

        return true;
    }

    private void Restart(SKPixmap? pixels, IReadOnlyList<DetectedFace> faces)
    {
        _trackers.Clear();
        if (pixels is null)
        {
            return;
        }

        foreach (var face in faces)
        {
            var tracker = new FaceTracker(_options.SearchFraction);
            if (!tracker.Start(pixels, face))
            {
                // One face that cannot be followed means every frame needs the detector.
                _trackers.Clear();
                return;
            }

            _trackers.Add(tracker);
        }
    }

    private static FaceAnalysis Rescale(FaceAnalysis analysis, SKSizeI fullSize, float scale)
    {
        var faces = new AnalyzedFace[analysis.Faces.Count];
        for (var i = 0; i < faces.Length; i++)
        {
            var face = analysis.Faces[i];
            var box = face.Box;
            var keypoints = new Point2[face.Keypoints.Count];
            for (var k = 0; k < keypoints.Length; k++)
            {
                keypoints[k] = new Point2(face.Keypoints[k].X * scale, face.Keypoints[k].Y * scale);
            }

            var detection = new DetectedFace(new FaceBox(box.X * scale, box.Y * scale, box.Width * scale, box.Height * scale), face.Score, keypoints);
            faces[i] = face with { Detection = detection };
        }

        return analysis with { Width = fullSize.Width, Height = fullSize.Height, Faces = faces };
    }
}
