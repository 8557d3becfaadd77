namespace Moodtune.Vision.Imaging;

/// <summary>
/// Counts the scans (SOS segments) of a JPEG from its bytes, before anything is decoded. A progressive JPEG may
/// legally carry thousands of scans and its decoder passes over every block once per scan, so a file of a few
/// megabytes within the pixel limit can keep a core busy for minutes. libjpeg-turbo's scan limit arrived with its 3.x
/// TurboJPEG API (Debian 12 ships 2.1) and Skia exposes none, hence this walk of the marker segments by hand.
/// </summary>
public static class JpegScans
{
    /// <summary>The number of scans of the image the bytes start with; stops counting past <paramref name="stopAfter"/>.</summary>
    public static int Count(ReadOnlySpan<byte> jpeg, int stopAfter = int.MaxValue)
    {
        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8)
        {
            return 0;
        }

        var scans = 0;
        var i = 2;
        while (i + 4 <= jpeg.Length && scans <= stopAfter)
        {
            if (jpeg[i] != 0xFF)
            {
                return scans; // not a marker where one must be: the decoder reports the damage
            }

            var marker = jpeg[i + 1];
            if (marker == 0xFF)
            {
                i++; // fill byte before a marker
                continue;
            }

            if (marker == 0xD9)
            {
                return scans; // EOI: the rest is not this image's (an appended file, padding)
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                i += 2; // standalone markers without a length
                continue;
            }

            var length = (jpeg[i + 2] << 8) | jpeg[i + 3];
            i += 2 + length;
            if (marker != 0xDA)
            {
                continue;
            }

            // Entropy-coded data follows a scan header. In it a 0xFF byte is stuffed as FF 00 and restart markers
            // (FF D0-D7) may appear; any other FF xx is the next marker.
            scans++;
            while (i + 1 < jpeg.Length && !(jpeg[i] == 0xFF && jpeg[i + 1] != 0x00 && jpeg[i + 1] is < 0xD0 or > 0xD7))
            {
                i++;
            }
        }

        return scans;
    }
}
