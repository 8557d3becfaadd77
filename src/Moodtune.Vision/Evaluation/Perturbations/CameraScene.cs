using Moodtune.Vision.Detection;
using SkiaSharp;

namespace Moodtune.Vision.Evaluation.Perturbations;

/// <summary>
/// The face as the web page's camera delivers it: placed in a 640x480 webcam frame (a seeded room: a wall gradient,
/// a few out-of-focus furniture shapes, shoulders below the face), the face 120-200 px wide as at arm's length; then
/// what the page does (camera.js: drawn at 320x240, JPEG quality 80) with a little sensor noise in between. The
/// evaluator must find the face with the detector and crop it as camera frames are cropped. The face keeps its square
/// edges and stays gray in a coloured room: FER2013 holds no more of the person than the crop.
/// </summary>
public sealed class CameraScene() : Perturbation("camera", "in a 640x480 room scene, sent at 320x240 JPEG q80, detected and aligned")
{
    public const int CameraWidth = 640;
    public const int CameraHeight = 480;

    /// <summary>The frame the page sends (its default Moodtune:FrameWidth, 320) at the quality camera.js encodes with.</summary>
    public const int FrameWidth = 320;
    public const int FrameHeight = 240;
    public const int JpegQuality = 80;

    /// <summary>Face side in the camera's pixels: 120-200 of 640 is a face 45-75 cm from a typical laptop webcam.</summary>
    public const float MinFaceSide = 120;
    public const float MaxFaceSide = 200;

    /// <summary>Standard deviation of the sensor noise added to the 320x240 frame, in 8-bit steps.</summary>
    public const float NoiseSigma = 2f;

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

        // The page draws the video into a 320x240 canvas: at half size bilinear filtering averages each 2x2 block.
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
