using System.Buffers.Binary;

namespace Moodtune.Tests;

/// <summary>Images that must be refused, shared by the engine's and the web app's tests.</summary>
internal static class BadImages
{
    // A valid 1x1 RGBA PNG.
    private static readonly byte[] OnePixelPng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    /// <summary>A real PNG whose header declares width x height pixels (a decompression bomb), its header CRC correct so only the size is wrong.</summary>
    public static byte[] PngDeclaring(int width, int height)
    {
        var png = (byte[])OnePixelPng.Clone();
        const int ihdrData = 16;
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(ihdrData), width);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(ihdrData + 4), height);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(ihdrData + 13), Crc32(png.AsSpan(12, 17)));
        return png;
    }

    /// <summary>
    /// <paramref name="png"/> with the CRC of every whole chunk recomputed, so a decoder reads a mutated chunk instead of
    /// stopping at its checksum; bytes that are not a PNG come back as they are.
    /// </summary>
    public static byte[] WithPngCrcsFixed(byte[] png)
    {
        ReadOnlySpan<byte> signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
        if (!png.AsSpan().StartsWith(signature))
        {
            return png;
        }

        var fixedPng = (byte[])png.Clone();
        for (var at = signature.Length; at + 12 <= fixedPng.Length;)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(fixedPng.AsSpan(at));
            if (length > (uint)(fixedPng.Length - at - 12))
            {
                break;
            }

            var typeAndData = fixedPng.AsSpan(at + 4, 4 + (int)length);
            BinaryPrimitives.WriteUInt32BigEndian(fixedPng.AsSpan(at + 8 + (int)length), Crc32(typeAndData));
            at += 12 + (int)length;
        }

        return fixedPng;
    }

    // The PNG chunk CRC (ISO 3309); written out because System.IO.Hashing would be one more package for one test helper.
    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
