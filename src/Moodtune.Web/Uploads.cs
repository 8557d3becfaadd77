using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;

namespace Moodtune.Web;

/// <summary>An uploaded file read into memory, or the problem that stopped it.</summary>
internal sealed record Upload(byte[] Bytes, string? FileName, IFormCollection? Form);

/// <summary>
/// Reads one uploaded file, from a multipart form field or the raw body, never more than a limit: the server's body
/// limit is set to it where the server has one (Kestrel), and the bytes are counted anyway (any server).
/// </summary>
internal static class Uploads
{
    // Room for the multipart boundaries and headers around the file.
    private const long MultipartSlack = 64 * 1024;

    public static async Task<(Upload? Upload, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, string field, long maxBytes, CancellationToken cancellationToken)
    {
        var form = request.HasFormContentType;
        var limit = maxBytes + (form ? MultipartSlack : 0);
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        if (request.ContentLength > limit)
        {
            return (null, TooLarge(maxBytes));
        }

        try
        {
            return form ? await ReadFormAsync(request, field, maxBytes, cancellationToken) : await ReadBodyAsync(request, maxBytes, cancellationToken);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(maxBytes));
        }
        catch (InvalidDataException e) when (e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            return (null, TooLarge(maxBytes));
        }
        catch (InvalidDataException e)
        {
            return (null, Problems.BadRequest($"The form could not be read: {e.Message}"));
        }
    }

    private static async Task<(Upload?, ProblemHttpResult?)> ReadFormAsync(HttpRequest request, string field, long maxBytes, CancellationToken cancellationToken)
    {
        request.HttpContext.Features.Set<IFormFeature>(new FormFeature(request, new FormOptions
        {
            MultipartBodyLengthLimit = maxBytes + MultipartSlack,
            BufferBodyLengthLimit = maxBytes + MultipartSlack,
        }));
        var form = await request.ReadFormAsync(cancellationToken);
        var file = form.Files.GetFile(field);
        if (file is null)
        {
            return (null, Problems.BadRequest($"The form has no file field '{field}'."));
        }

        if (file.Length > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        var bytes = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(bytes, cancellationToken);
        }

        return (new Upload(bytes, SafeFileName(file.FileName), form), null);
    }

    /// <summary>
    /// The uploaded file's name as the server may use it: its last segment, letters, digits, '-', '_' and '.' only,
    /// not starting with a dot (".", "..", ".hidden"), at most 100 characters with the extension kept, else null. The
    /// importers recognise some layouts by name (fer-playlist's "angry.csv", ".json"), so a name is kept rather than
    /// replaced; it is never a path.
    /// </summary>
    internal static string? SafeFileName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        var last = name.Replace('\\', '/').Split('/')[^1];
        var cleaned = new string([.. last.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')]).TrimStart('.');
        const int MaxLength = 100;
        if (cleaned.Length > MaxLength)
        {
            var extension = Path.GetExtension(cleaned);
            extension = extension.Length <= 10 ? extension : "";
            cleaned = cleaned[..(MaxLength - extension.Length)] + extension;
        }

        return cleaned.Trim('_').Length == 0 ? null : cleaned;
    }

    private static async Task<(Upload?, ProblemHttpResult?)> ReadBodyAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return (null, TooLarge(maxBytes));
            }

            buffer.Write(chunk, 0, read);
        }

        return (new Upload(buffer.ToArray(), null, null), null);
    }

    private static ProblemHttpResult TooLarge(long maxBytes) =>
        Problems.TooLarge($"The upload is larger than the limit of {maxBytes:N0} bytes.");
}
