namespace Moodtune.Music.Import;

/// <summary>Opening catalog files as text: buffered, sequential, in the encoding their bytes are in.</summary>
internal static class CatalogFile
{
    private const int BufferSize = 64 * 1024;

    public static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan);

    /// <summary>A reader over the file; <paramref name="fallback"/> says when the bytes were not UTF-8 and Windows-1252 was used.</summary>
    public static StreamReader OpenText(string path, out string? fallback)
    {
        var stream = OpenRead(path);
        try
        {
            var encoding = TextEncodings.Detect(stream, out fallback);
            return new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: true, BufferSize);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>A reader over an open stream, from its current position, leaving the stream open.</summary>
    public static StreamReader Text(Stream stream, System.Text.Encoding encoding) =>
        new(stream, encoding, detectEncodingFromByteOrderMarks: true, BufferSize, leaveOpen: true);
}
