using Moodtune.Vision.Detection;
using SkiaSharp;

namespace Moodtune.Vision.Evaluation.Perturbations;

/// <summary>
/// The face as the web page's camera delivers it: placed in a 640x480 webcam frame (a seeded room: a wall gradient,
/// a few out-of-focus furniture shapes, shoulders below the face), the face <see cref="MinFaceSide"/> to
/// <see cref="MaxFaceSide"/> px wide; then what the page does (camera.js: drawn at <see cref="FrameWidth"/> wide, JPEG
/// quality 80) with a little sensor noise in between, and, with a <see cref="WideFrameWidth"/>, sent again at that width
/// when the camera feed asks for it after the first frame (the face small or not found), as the page does. The
/// evaluator must find the face with the detector and crop it as camera frames are cropped. The face keeps its square edges and stays gray in a coloured room: FER2013 holds no
/// more of the person than the crop.
/// </summary>
public sealed class CameraScene(string name, float minFaceSide, float maxFaceSide, int frameWidth = CameraScene.DefaultFrameWidth, int? wideFrameWidth = null)
    : Perturbation(name, Describe(minFaceSide, maxFaceSide, frameWidth, wideFrameWidth))
{
    public const int CameraWidth = 640;
    public const int CameraHeight = 480;

    /// <summary>The width of the frames the page sends by default (Moodtune:FrameWidth).</summary>
    public const int DefaultFrameWidth = 320;

    /// <summary>The narrowest frame a scene is sent as.</summary>
    public const int MinFrameWidth = 64;

    /// <summary>The quality camera.js encodes its frames with.</summary>
    public const int JpegQuality = 80;

    /// <summary>
    /// The face at arm's length: 120-200 px of 640 is a face 45-75 cm from a typical laptop webcam (a face's width in
    /// pixels times its distance is about 9,000 px·cm there).
    /// </summary>
    public static CameraScene Near { get; } = new("camera", 120, 200, DefaultFrameWidth, DefaultWideFrameWidth);

    /// <summary>The face across a desk or a room: 48-80 px of 640, 1.1-1.9 m from the webcam.</summary>
    public static CameraScene Far { get; } = new("far", 48, 80, DefaultFrameWidth, DefaultWideFrameWidth);

    /// <summary>The width the camera feed asks for while the face is small by default (Moodtune:WideFrameWidth).</summary>
    public const int DefaultWideFrameWidth = 640;

    /// <summary>Smallest and largest face side in the camera's 640x480 pixels (each scene draws one, seeded).</summary>
    public float MinFaceSide { get; } = minFaceSide > 0 && maxFaceSide >= minFaceSide && maxFaceSide < CameraHeight
        ? minFaceSide
        : throw new ArgumentOutOfRangeException(nameof(minFaceSide), $"face sides must satisfy 0 < min <= max < {CameraHeight} (got {minFaceSide}-{maxFaceSide})");

    public float MaxFaceSide { get; } = maxFaceSide;

    /// <summary>The width of the frame sent, as the page's Moodtune:FrameWidth sets it (<see cref="MinFrameWidth"/> to the camera's width).</summary>
    public int FrameWidth { get; } = frameWidth is >= MinFrameWidth and <= CameraWidth
        ? frameWidth
        : throw new ArgumentOutOfRangeException(nameof(frameWidth), frameWidth, $"the frame width must be {MinFrameWidth}-{CameraWidth}");

    public int FrameHeight => FrameWidth * CameraHeight / CameraWidth;

    /// <summary>The width of the frame sent when the feed asks for wide frames; null: every frame at <see cref="FrameWidth"/>.</summary>
    public int? WideFrameWidth { get; } = wideFrameWidth is null || (wideFrameWidth > frameWidth && wideFrameWidth <= CameraWidth)
        ? wideFrameWidth
        : throw new ArgumentOutOfRangeException(nameof(wideFrameWidth), wideFrameWidth, $"the wide frame width must be wider than the frame width ({frameWidth}) and at most {CameraWidth}");

    /// <summary>Standard deviation of the sensor noise added to the frame sent, in 8-bit steps.</summary>
    public const float NoiseSigma = 2f;

    /// <summary>The same scene with every frame sent <paramref name="width"/> pixels wide (no wide frames).</summary>
    public CameraScene WithFrameWidth(int width) => new(Name, MinFaceSide, MaxFaceSide, width);

    private static string Describe(float minFaceSide, float maxFaceSide, int frameWidth, int? wideFrameWidth) => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"in a {CameraWidth}x{CameraHeight} room scene, the face {minFaceSide:0}-{maxFaceSide:0} px, sent at {frameWidth}x{frameWidth * CameraHeight / CameraWidth}{(wideFrameWidth is { } wide ? $" (again at {wide}x{wide * CameraHeight / CameraWidth} when the feed asks: the face small or not found)" : "")} JPEG q{JpegQuality}, detected and aligned");

    private static readonly SKSamplingOptions Cubic = new(SKCubicResampler.Mitchell);
    private static readonly SKSamplingOptions Bilinear = new(SKFilterMode.Linear, SKMipmapMode.None);

    public override bool NeedsDetection => true;

    public override PerturbedImage Apply(SKImage face, int seed)
    {
        var random = new Random(seed);
        var side = MinFaceSide + ((MaxFaceSide - MinFaceSide) * random.NextSingle());
        var centerX = CameraWidth * (0.35f + (0.3f * random.NextSingle()));
        var centerY = CameraHeight * (0.35f + (0.2f * random.NextSingle()));
        var place = SKRect.Create(centerX - (side / 2), centerY - (side / 2), side, side);

        using var camera = Render(CameraWidth, CameraHeight, canvas =>
        {
            DrawRoom(canvas, random);
            DrawShoulders(canvas, place, random);
            canvas.DrawImage(face, place, Cubic);
        });

        // The page draws the video into a canvas FrameWidth wide (320x240 by default: at half size bilinear filtering
        // averages each 2x2 block).
        var scale = (float)FrameWidth / CameraWidth;
        using var frame = new SKBitmap(new SKImageInfo(FrameWidth, FrameHeight, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(frame))
        {
            canvas.DrawImage(camera, new SKRect(0, 0, FrameWidth, FrameHeight), Bilinear);
        }

        AddNoise(frame, random);
        using var noisy = SKImage.FromBitmap(frame);
        var sent = JpegRecompression.RoundTrip(noisy, JpegQuality);
        return new(sent, new FaceBox(place.Left * scale, place.Top * scale, place.Width * scale, place.Height * scale));
    }

    private static void DrawRoom(SKCanvas canvas, Random random)
    {
        using var wall = new SKPaint
        {
            Shader = SKShader.CreateLinearGradient(
                new SKPoint(0, 0), new SKPoint(random.NextSingle() * CameraWidth, CameraHeight), [Muted(random, 140, 230), Muted(random, 70, 170)], SKShaderTileMode.Clamp),
        };
        canvas.DrawRect(0, 0, CameraWidth, CameraHeight, wall);

        // Shelves, doors, windows and pictures, out of focus behind the person.
        using var blur = SKImageFilter.CreateBlur(3, 3);
        using var shape = new SKPaint { ImageFilter = blur, IsAntialias = true };
        var shapes = 2 + random.Next(4);
        for (var i = 0; i < shapes; i++)
        {
            var width = CameraWidth * (0.1f + (0.35f * random.NextSingle()));
            var height = CameraHeight * (0.15f + (0.6f * random.NextSingle()));
            var left = (CameraWidth * 1.1f * random.NextSingle()) - (0.1f * CameraWidth);
            var top = (CameraHeight * random.NextSingle()) - (0.2f * CameraHeight);
            shape.Color = Muted(random, 30, 250);
            canvas.DrawRect(SKRect.Create(left, top, width, height), shape);
        }
    }

    private static void DrawShoulders(SKCanvas canvas, SKRect face, Random random)
    {
        using var clothes = new SKPaint { Color = Muted(random, 20, 200), IsAntialias = true };
        var width = face.Width * 2.6f;
        var body = SKRect.Create(face.MidX - (width / 2), face.Bottom + (face.Height * 0.05f), width, CameraHeight);
        canvas.DrawRoundRect(body, face.Width * 0.6f, face.Width * 0.6f, clothes);
    }

    /// <summary>A colour of middling saturation with its brightest channel in [low, high].</summary>
    private static SKColor Muted(Random random, int low, int high)
    {
        var level = low + random.Next(high - low + 1);
        byte Channel() => (byte)Math.Clamp(level * (0.6f + (0.4f * random.NextSingle())), 0, 255);
        return new SKColor(Channel(), Channel(), Channel());
    }

    /// <summary>
    /// Gaussian sensor noise, the same on the three channels (a luma noise). By hand: Skia's noise shaders are Perlin
    /// textures, not independent per-pixel noise, and a seeded Random keeps the frame reproducible.
    /// </summary>
    private static void AddNoise(SKBitmap frame, Random random)
    {
        var pixels = frame.GetPixelSpan();
        for (var p = 0; p < pixels.Length; p += 4)
        {
            // Box-Muller: two uniform draws make one standard normal value.
            var u = 1 - random.NextDouble();
            var noise = NoiseSigma * Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * random.NextDouble());
            for (var c = 0; c < 3; c++)
            {
                pixels[p + c] = (byte)Math.Clamp(Math.Round(pixels[p + c] + noise), 0, 255);
            }
        }
    }
}
