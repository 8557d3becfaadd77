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
