using System.Globalization;
using System.Xml.Linq;
using SkiaSharp;

namespace Moodtune.Web.BrowserTests;

/// <summary>
/// The app's PNG icons (the manifest's, for launchers that take no SVG) are wwwroot/icons/icon.svg drawn at their
/// sizes. After changing the SVG: MOODTUNE_WRITE_ICONS=1 dotnet test --project tests/Moodtune.Web.BrowserTests
/// --filter-method '*icons*' redraws them, to be committed with it.
/// </summary>
public sealed class AppIconTests
{
    public static TheoryData<string, int, bool> Icons => new()
    {
        { "icon-192.png", 192, false },
        { "icon-512.png", 512, false },
        { "icon-maskable-512.png", 512, true },
    };

    [Theory]
    [MemberData(nameof(Icons))]
    public void The_png_icons_are_the_svg_drawn_at_their_size(string name, int size, bool maskable)
    {
        var folder = Path.Combine(TestPaths.RepoRoot, "src", "Moodtune.Web", "wwwroot", "icons");
        using var drawn = AppIcon.Draw(File.ReadAllText(Path.Combine(folder, "icon.svg")), size, maskable);
        var path = Path.Combine(folder, name);
        if (Environment.GetEnvironmentVariable("MOODTUNE_WRITE_ICONS") == "1")
        {
            using var png = drawn.Encode(SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(path, png.ToArray());
        }

        using var committed = SKBitmap.Decode(path);
        Assert.True(committed is not null, $"{path} is missing: MOODTUNE_WRITE_ICONS=1 draws it");
        Assert.Equal((size, size), (committed.Width, committed.Height));
        var differing = drawn.Pixels.Zip(committed.Pixels).Count(p => p.First != p.Second);
        Assert.True(differing == 0, $"{name}: {differing} pixels differ from icon.svg drawn now: MOODTUNE_WRITE_ICONS=1 redraws it");
    }
}

/// <summary>
/// Draws the little SVG the icon is (rect, path, circle; fill and stroke, inherited from g) with SkiaSharp, which has
/// no SVG reader of its own.
/// </summary>
internal static class AppIcon
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>A maskable icon's background fills the whole square: the launcher's mask (circle, squircle) cuts the corners.</summary>
    public static SKBitmap Draw(string svg, int size, bool maskable)
    {
        var root = XElement.Parse(svg);
        var viewBox = Numbers(root.Attribute("viewBox")!.Value);
        var bitmap = new SKBitmap(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.Transparent);
        canvas.Scale(size / viewBox[2], size / viewBox[3]);
        canvas.Translate(-viewBox[0], -viewBox[1]);
        DrawChildren(canvas, root, new Dictionary<string, string> { ["fill"] = "#000" }, maskable);
        return bitmap;
    }

    private static void DrawChildren(SKCanvas canvas, XElement parent, Dictionary<string, string> inherited, bool maskable)
    {
        foreach (var element in parent.Elements())
        {
            var style = new Dictionary<string, string>(inherited);
            foreach (var attribute in element.Attributes().Where(a => a.Name.LocalName is "fill" or "stroke" or "stroke-width" or "stroke-linecap" or "stroke-linejoin"))
            {
                style[attribute.Name.LocalName] = attribute.Value;
            }

            using var path = Shape(element, maskable);
            if (path is null)
            {
                DrawChildren(canvas, element, style, maskable);
                continue;
            }

            if (style.TryGetValue("fill", out var fill) && fill != "none")
            {
                using var paint = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Fill, Color = SKColor.Parse(fill) };
                canvas.DrawPath(path, paint);
            }

            if (style.TryGetValue("stroke", out var stroke) && stroke != "none")
            {
                using var paint = new SKPaint
                {
                    IsAntialias = true,
                    Style = SKPaintStyle.Stroke,
                    Color = SKColor.Parse(stroke),
                    StrokeWidth = Number(style.GetValueOrDefault("stroke-width", "1")),
                    StrokeCap = style.GetValueOrDefault("stroke-linecap") switch { "round" => SKStrokeCap.Round, "square" => SKStrokeCap.Square, _ => SKStrokeCap.Butt },
                    StrokeJoin = style.GetValueOrDefault("stroke-linejoin") switch { "round" => SKStrokeJoin.Round, "bevel" => SKStrokeJoin.Bevel, _ => SKStrokeJoin.Miter },
                };
                canvas.DrawPath(path, paint);
            }
        }
    }

    private static SKPath? Shape(XElement element, bool maskable)
    {
        float Get(string name) => Number(element.Attribute(name)?.Value ?? "0");
        if (element.Name == Svg + "rect")
        {
            using var path = new SKPathBuilder();
            var corner = maskable ? 0 : Get("rx");
            path.AddRoundRect(SKRect.Create(Get("x"), Get("y"), Get("width"), Get("height")), corner, corner);
            return path.Detach();
        }

        if (element.Name == Svg + "circle")
        {
            using var path = new SKPathBuilder();
            path.AddCircle(Get("cx"), Get("cy"), Get("r"));
            return path.Detach();
        }

        if (element.Name == Svg + "path")
        {
            return SKPath.ParseSvgPathData(element.Attribute("d")!.Value);
        }

        if (element.Name == Svg + "g")
        {
            return null;
        }

        throw new NotSupportedException($"icon.svg: <{element.Name.LocalName}> is not drawn here: rect, circle, path and g are.");
    }

    private static float Number(string text) => float.Parse(text, CultureInfo.InvariantCulture);

    private static float[] Numbers(string text) =>
        [.. text.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries).Select(Number)];
}
