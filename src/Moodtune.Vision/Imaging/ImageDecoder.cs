using SkiaSharp;

namespace Moodtune.Vision.Imaging;

/// <summary>Turns encoded images (JPEG, PNG, WebP, BMP, GIF) or raw pixel buffers into upright raster images.</summary>
public static class ImageDecoder
{
    private static readonly SKEncodedImageFormat[] SupportedFormats =
    [
        SKEncodedImageFormat.Jpeg, SKEncodedImageFormat.Png, SKEncodedImageFormat.Webp,
        SKEncodedImageFormat.Bmp, SKEncodedImageFormat.Gif,
    ];

    /// <summary>Decodes an encoded image, applying its EXIF orientation.</summary>
    /// <exception cref="ImageDecodeException">The data is empty, corrupt, truncated, of an unsupported format or too large.</exception>
    public static SKImage Decode(ReadOnlySpan<byte> encoded, ImageLimits? limits = null) => Decode(encoded, limits, out _);

    /// <summary>
    /// Decodes an encoded image, applying its EXIF orientation; <paramref name="fullSize"/> is its upright size before
    /// any decode-time downscaling (<see cref="ImageLimits.DecodeLongSideAtLeast"/>), to map positions back to it.
    /// </summary>
    /// <exception cref="ImageDecodeException">The data is empty, corrupt, truncated, of an unsupported format or too large.</exception>
    public static SKImage Decode(ReadOnlySpan<byte> encoded, ImageLimits? limits, out SKSizeI fullSize)
    {
        limits ??= ImageLimits.Default;
        if (encoded.IsEmpty)
        {
            throw new ImageDecodeException(ImageProblem.Empty, "The image is empty (0 bytes).");
        }

        if (encoded.Length > limits.MaxEncodedBytes)
        {
            throw new ImageDecodeException(
                ImageProblem.TooLarge,
                $"The image is {encoded.Length:N0} bytes; the limit is {limits.MaxEncodedBytes:N0}.");
        }

        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data)
            ?? throw new ImageDecodeException(ImageProblem.UnsupportedFormat, "Not an image in a supported format (JPEG, PNG, WebP, BMP, GIF).");

        if (Array.IndexOf(SupportedFormats, codec.EncodedFormat) < 0)
        {
            throw new ImageDecodeException(ImageProblem.UnsupportedFormat, $"Unsupported image format {codec.EncodedFormat}.");
        }

        var info = codec.Info;
        var pixels = (long)info.Width * info.Height;
        if (info.Width <= 0 || info.Height <= 0)
        {
            throw new ImageDecodeException(ImageProblem.Corrupt, "The image header declares no pixels.");
        }

        if (pixels > limits.MaxPixels)
        {
            throw new ImageDecodeException(
                ImageProblem.TooLarge,
                $"The image is {info.Width}x{info.Height} ({pixels:N0} pixels); the limit is {limits.MaxPixels:N0} pixels.");
        }

        if (codec.EncodedFormat == SKEncodedImageFormat.Jpeg && JpegScans.Count(encoded, limits.MaxJpegScans) is var scans && scans > limits.MaxJpegScans)
        {
            throw new ImageDecodeException(
                ImageProblem.TooLarge,
                $"The JPEG has more than {limits.MaxJpegScans} scans, the limit (a progressive JPEG usually has about 10): it would take too long to decode.");
        }

        var size = ChooseDecodeSize(codec, limits.DecodeLongSideAtLeast);
        fullSize = SwapsAxes(codec.EncodedOrigin) ? new SKSizeI(info.Height, info.Width) : info.Size;
        var target = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        var bitmap = new SKBitmap(target);
        try
        {
            // The system's SIMD libjpeg-turbo when it takes the file (twice Skia's speed, same pixels); Skia for the rest,
            // including every file TurboJPEG refuses, so errors read the same either way.
            var result = codec.EncodedFormat == SKEncodedImageFormat.Jpeg && TurboJpeg.TryDecode(encoded, size.Width, size.Height, bitmap.GetPixels(), bitmap.RowBytes)
                ? SKCodecResult.Success
                : codec.GetPixels(target, bitmap.GetPixels());
            if (result is not (SKCodecResult.Success))
            {
                throw new ImageDecodeException(
                    ImageProblem.Corrupt,
                    result == SKCodecResult.IncompleteInput
                        ? "The image is truncated (incomplete data)."
                        : $"The image could not be decoded ({result}).");
            }

            bitmap.SetImmutable();
            var upright = ApplyOrigin(bitmap, codec.EncodedOrigin);
            if (!ReferenceEquals(upright, bitmap))
            {
                bitmap.Dispose();
            }

            bitmap = upright;
            return SKImage.FromBitmap(bitmap) ?? throw new ImageDecodeException(ImageProblem.Corrupt, "The decoded image could not be wrapped.");
        }
        finally
        {
            // SKImage.FromBitmap copies or shares the pixels with its own reference; the bitmap itself can go.
            bitmap.Dispose();
        }
    }

    /// <summary>Wraps a copy of a raw pixel buffer (a camera frame, say).</summary>
    /// <param name="stride">Bytes per row; 0 means tightly packed.</param>
    /// <exception cref="ImageDecodeException">The sizes do not fit the buffer or exceed the limits.</exception>
    public static SKImage FromPixels(ReadOnlySpan<byte> pixels, int width, int height, PixelLayout layout, int stride = 0, ImageLimits? limits = null)
    {
        limits ??= ImageLimits.Default;
        if (width <= 0 || height <= 0)
        {
            throw new ImageDecodeException(ImageProblem.InvalidPixels, $"Invalid image size {width}x{height}.");
        }

        if ((long)width * height > limits.MaxPixels)
        {
            throw new ImageDecodeException(ImageProblem.TooLarge, $"The image is {width}x{height}; the limit is {limits.MaxPixels:N0} pixels.");
        }

        var bytesPerPixel = layout switch
        {
            PixelLayout.Rgba8888 or PixelLayout.Bgra8888 => 4,
            PixelLayout.Rgb888 or PixelLayout.Bgr888 => 3,
            PixelLayout.Gray8 => 1,
            _ => throw new ArgumentOutOfRangeException(nameof(layout)),
        };
        var rowBytes = stride == 0 ? width * bytesPerPixel : stride;
        if (rowBytes < width * bytesPerPixel || (long)rowBytes * (height - 1) + (width * bytesPerPixel) > pixels.Length)
        {
            throw new ImageDecodeException(
                ImageProblem.InvalidPixels,
                $"A {width}x{height} {layout} image needs {(long)rowBytes * height:N0} bytes (stride {rowBytes}); got {pixels.Length:N0}.");
        }

        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var bitmap = new SKBitmap(info);
        var destination = bitmap.GetPixelSpan();
        for (var y = 0; y < height; y++)
        {
            var source = pixels.Slice(y * rowBytes, width * bytesPerPixel);
            var row = destination.Slice(y * width * 4, width * 4);
            ConvertRow(source, row, layout);
        }

        return SKImage.FromBitmap(bitmap);
    }

    private static void ConvertRow(ReadOnlySpan<byte> source, Span<byte> rgba, PixelLayout layout)
    {
        switch (layout)
        {
            case PixelLayout.Rgba8888:
                source.CopyTo(rgba);
                for (var i = 3; i < rgba.Length; i += 4)
                {
                    // Camera frames are opaque; premultiplying would darken any stray alpha.
                    rgba[i] = 255;
                }

                break;
            case PixelLayout.Bgra8888:
                for (int s = 0, d = 0; d < rgba.Length; s += 4, d += 4)
                {
                    rgba[d] = source[s + 2];
                    rgba[d + 1] = source[s + 1];
                    rgba[d + 2] = source[s];
                    rgba[d + 3] = 255;
                }

                break;
            case PixelLayout.Rgb888:
            case PixelLayout.Bgr888:
                var swap = layout == PixelLayout.Bgr888;
                for (int s = 0, d = 0; d < rgba.Length; s += 3, d += 4)
                {
                    rgba[d] = source[swap ? s + 2 : s];
                    rgba[d + 1] = source[s + 1];
                    rgba[d + 2] = source[swap ? s : s + 2];
                    rgba[d + 3] = 255;
                }

                break;
            case PixelLayout.Gray8:
                for (int s = 0, d = 0; d < rgba.Length; s++, d += 4)
                {
                    rgba[d] = rgba[d + 1] = rgba[d + 2] = source[s];
                    rgba[d + 3] = 255;
                }

                break;
        }
    }

    private static SKSizeI ChooseDecodeSize(SKCodec codec, int? longSideAtLeast)
    {
        var full = codec.Info.Size;
        if (longSideAtLeast is not int wanted || codec.EncodedFormat != SKEncodedImageFormat.Jpeg)
        {
            return full;
        }

        var best = full;
        foreach (var scale in (ReadOnlySpan<float>)[0.5f, 0.25f, 0.125f])
        {
            var scaled = codec.GetScaledDimensions(scale);
            if (Math.Max(scaled.Width, scaled.Height) < wanted)
            {
                break;
            }

            best = scaled;
        }

        return best;
    }

    private static SKBitmap ApplyOrigin(SKBitmap bitmap, SKEncodedOrigin origin)
    {
        if (origin is SKEncodedOrigin.TopLeft or SKEncodedOrigin.Default)
        {
            return bitmap;
        }

        var swapAxes = SwapsAxes(origin);
        var width = swapAxes ? bitmap.Height : bitmap.Width;
        var height = swapAxes ? bitmap.Width : bitmap.Height;
        var rotated = new SKBitmap(new SKImageInfo(width, height, bitmap.ColorType, bitmap.AlphaType));
        using var canvas = new SKCanvas(rotated);
        canvas.SetMatrix(OriginMatrix(origin, bitmap.Width, bitmap.Height));
        using var source = SKImage.FromBitmap(bitmap);
        canvas.DrawImage(source, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest));
        return rotated;
    }

    private static bool SwapsAxes(SKEncodedOrigin origin) =>
        origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;

    // The EXIF orientations as the transforms that bring the stored pixels upright.
    private static SKMatrix OriginMatrix(SKEncodedOrigin origin, int w, int h) => origin switch
    {
        SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
        SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
        SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
        SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightTop => new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1),
        SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1),
        _ => SKMatrix.Identity,
    };
}
