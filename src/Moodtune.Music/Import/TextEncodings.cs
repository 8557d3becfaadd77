using System.Globalization;
using System.Text;

namespace Moodtune.Music.Import;

/// <summary>How a catalog file's bytes become text: UTF-8 (with or without a BOM), UTF-16 with a BOM, or Windows-1252 as the fallback.</summary>
internal static class TextEncodings
{
    private const int ChunkSize = 64 * 1024;

    public static Encoding Utf8 { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Windows-1252, the usual encoding of a spreadsheet's "CSV" export; Latin-1 where code pages are unavailable.</summary>
    public static Encoding Windows1252 { get; } = CodePagesEncodingProvider.Instance.GetEncoding(1252) ?? Encoding.Latin1;

    /// <summary>
    /// Picks the encoding of a seekable stream and rewinds it. A UTF-16 BOM wins; otherwise the bytes are checked as UTF-8
    /// chunk by chunk (the file is never held whole), and the first invalid sequence selects Windows-1252, with
    /// <paramref name="fallback"/> saying where and why.
    /// </summary>
    public static Encoding Detect(Stream stream, out string? fallback)
    {
        fallback = null;
        var start = stream.Position;
        var buffer = new byte[ChunkSize];
        try
        {
            var read = stream.ReadAtLeast(buffer, 3, throwOnEndOfStream: false);
            if (read >= 2 && ((buffer[0] == 0xFF && buffer[1] == 0xFE) || (buffer[0] == 0xFE && buffer[1] == 0xFF)))
            {
                return buffer[0] == 0xFF ? Encoding.Unicode : Encoding.BigEndianUnicode;
            }

            var decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
            long offset = 0;
            while (read > 0)
            {
                try
                {
                    decoder.GetCharCount(buffer, 0, read, flush: false);
                }
                catch (DecoderFallbackException e)
                {
                    fallback = string.Create(
                        CultureInfo.InvariantCulture,
                        $"not valid UTF-8 (first bad byte near offset {offset + Math.Max(e.Index, 0)}): read as {Windows1252.WebName}");
                    return Windows1252;
                }

                offset += read;
                read = stream.Read(buffer);
            }

            try
            {
                decoder.GetCharCount([], 0, 0, flush: true);
            }
            catch (DecoderFallbackException)
            {
                fallback = $"not valid UTF-8 (truncated sequence at the end): read as {Windows1252.WebName}";
                return Windows1252;
            }

            return Utf8;
        }
        finally
        {
            stream.Position = start;
        }
    }
}
