namespace Moodtune.Vision.Imaging;

/// <summary>Guards against decompression bombs and chooses decode-time downscaling.</summary>
public sealed record ImageLimits
{
    public static ImageLimits Default { get; } = new();

    /// <summary>Largest image, in pixels, that will be decoded (default 40 megapixels); checked from the header before any pixel is decoded.</summary>
    public long MaxPixels { get; init; } = 40_000_000;

    /// <summary>
    /// Most scans a JPEG may have (default 64). Decoding time grows with scans times pixels: libjpeg's own progressive
    /// files have 10 scans, other encoders a few more, while a hostile file can carry thousands.
    /// </summary>
    public int MaxJpegScans { get; init; } = 64;

    /// <summary>Largest encoded size accepted, in bytes (default 32 MiB).</summary>
    public long MaxEncodedBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>
    /// When set, formats that can decode at a reduced scale (JPEG: 1/2, 1/4, 1/8) are decoded at the smallest scale
    /// whose longer side is still at least this many pixels. Faces stay detectable while decoding gets cheaper.
    /// </summary>
    public int? DecodeLongSideAtLeast { get; init; }
}
