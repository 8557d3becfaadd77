using System.Runtime.InteropServices;

namespace Moodtune.Vision.Imaging;

/// <summary>
/// JPEG decoding through the system's libjpeg-turbo (its TurboJPEG API, Debian's <c>libturbojpeg0</c>), when present.
/// Skia decodes JPEG with the same library but built without its SIMD code: a 640x480 camera frame at half size took
/// 1.42 ms there against 0.69 ms here on an AVX2 EPYC, with identical pixels (same library, same integer IDCT and
/// upsampling; <c>TurboJpegTests</c> checks it). No NuGet package binds TurboJPEG, hence these few hand-written imports.
/// Without the library (or for anything it refuses) callers fall back to Skia, which also gives the error messages.
/// </summary>
public static unsafe class TurboJpeg
{
    // TurboJPEG 2.x constants (turbojpeg.h).
    private const int PixelFormatRgba = 7;
    private const int FlagStopOnWarning = 8192;

    // Refuses progressive files with absurd scan counts (a known decompression bomb) instead of grinding through them.
    private const int FlagLimitScans = 32768;

    private static readonly Library? Loaded = Library.TryLoad();

    /// <summary>Whether the system's TurboJPEG library was found and loaded.</summary>
    public static bool IsAvailable => Loaded is not null;

    /// <summary>Which library decodes JPEG here, for benchmark reports.</summary>
    public static string DecoderName => Loaded is { } library ? $"libjpeg-turbo ({library.FileName})" : "Skia (libjpeg-turbo without SIMD)";

    /// <summary>
    /// Decodes <paramref name="jpeg"/> to RGBA (alpha 255) at exactly <paramref name="width"/> x <paramref name="height"/>,
    /// which must be the full size or one of libjpeg's scaled sizes (1/2, 1/4, 1/8, rounded up); rows of
    /// <paramref name="rowBytes"/> bytes from <paramref name="pixels"/>. Returns false, with the pixels undefined, when the
    /// library is absent, the size is not one it decodes to, or the data is anything but a clean JPEG it can convert
    /// (truncated, corrupt, CMYK, warnings included).
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> jpeg, int width, int height, nint pixels, int rowBytes)
    {
        if (Loaded is not { } library || jpeg.IsEmpty || width <= 0 || height <= 0 || rowBytes < width * 4)
        {
            return false;
        }

        var handle = library.InitDecompress();
        if (handle == 0)
        {
            return false;
        }

        try
        {
            fixed (byte* source = jpeg)
            {
                int fullWidth, fullHeight, subsampling, colorspace;
                if (library.DecompressHeader3(handle, source, (nuint)jpeg.Length, &fullWidth, &fullHeight, &subsampling, &colorspace) != 0
                    || !IsScaledSize(fullWidth, fullHeight, width, height))
                {
                    return false;
                }

                return library.Decompress2(handle, source, (nuint)jpeg.Length, (byte*)pixels, width, rowBytes, height,
                    PixelFormatRgba, FlagStopOnWarning | FlagLimitScans) == 0;
            }
        }
        finally
        {
            library.Destroy(handle);
        }
    }

    // TurboJPEG picks the largest scale that fits the size asked for; this makes sure that is the size asked for.
    private static bool IsScaledSize(int fullWidth, int fullHeight, int width, int height)
    {
        foreach (var denominator in (ReadOnlySpan<int>)[1, 2, 4, 8])
        {
            if (width == (fullWidth + denominator - 1) / denominator && height == (fullHeight + denominator - 1) / denominator)
            {
                return true;
            }
        }

        return false;
    }

    private sealed class Library(
        string fileName,
        delegate* unmanaged<nint> initDecompress,
        delegate* unmanaged<nint, byte*, nuint, int*, int*, int*, int*, int> decompressHeader3,
        delegate* unmanaged<nint, byte*, nuint, byte*, int, int, int, int, int, int> decompress2,
        delegate* unmanaged<nint, int> destroy)
    {
        public string FileName { get; } = fileName;

        public static Library? TryLoad()
        {
            foreach (var name in (ReadOnlySpan<string>)["libturbojpeg.so.0", "libturbojpeg.0.dylib", "turbojpeg.dll"])
            {
                if (NativeLibrary.TryLoad(name, out var module)
                    && NativeLibrary.TryGetExport(module, "tjInitDecompress", out var init)
                    && NativeLibrary.TryGetExport(module, "tjDecompressHeader3", out var header)
                    && NativeLibrary.TryGetExport(module, "tjDecompress2", out var decompress)
                    && NativeLibrary.TryGetExport(module, "tjDestroy", out var destroy))
                {
                    return new Library(
                        name,
                        (delegate* unmanaged<nint>)init,
                        (delegate* unmanaged<nint, byte*, nuint, int*, int*, int*, int*, int>)header,
                        (delegate* unmanaged<nint, byte*, nuint, byte*, int, int, int, int, int, int>)decompress,
                        (delegate* unmanaged<nint, int>)destroy);
                }
            }

            return null;
        }

        public nint InitDecompress() => initDecompress();

        public int DecompressHeader3(nint handle, byte* source, nuint size, int* width, int* height, int* subsampling, int* colorspace) =>
            decompressHeader3(handle, source, size, width, height, subsampling, colorspace);

        public int Decompress2(nint handle, byte* source, nuint size, byte* destination, int width, int pitch, int height, int pixelFormat, int flags) =>
            decompress2(handle, source, size, destination, width, pitch, height, pixelFormat, flags);

        public int Destroy(nint handle) => destroy(handle);
    }
}
