using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Moodtune.Music.Import;

namespace Moodtune.Music.YouTube;

/// <summary>The daily quota of the YouTube Data API is spent: stop, and try again tomorrow.</summary>
public sealed class YouTubeQuotaExceededException : Exception
{
    public YouTubeQuotaExceededException()
    {
    }

    public YouTubeQuotaExceededException(string message)
        : base(message)
    {
    }

    public YouTubeQuotaExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The YouTube Data API refused a request for another reason (a bad key, a disabled API...).</summary>
public sealed class YouTubeApiException : Exception
{
    public YouTubeApiException()
    {
    }

    public YouTubeApiException(string message)
        : base(message)
    {
    }

    public YouTubeApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Finds a song's video with the YouTube Data API v3 <c>search.list</c> (100 quota units a call, of 10,000 a day by default).
/// The HttpClient's BaseAddress is the API root (https://www.googleapis.com/youtube/v3/), a stand-in server in tests.
/// </summary>
public sealed class YouTubeSearchClient(HttpClient http, string apiKey)
{
    public static readonly Uri DefaultBaseAddress = new("https://www.googleapis.com/youtube/v3/");

    // A long-lived public video: asking for it by id is the cheapest call that proves a key works.
    private const string ProbeVideo = "dQw4w9WgXcQ";

    /// <summary>
    /// Checks the key with one <c>videos.list</c> by id (1 quota unit). A spent quota still proves the key: it is accepted.
    /// </summary>
    /// <exception cref="YouTubeApiException">YouTube refused the key (invalid, API not enabled, restricted...).</exception>
    /// <exception cref="HttpRequestException">The API could not be reached.</exception>
    public async Task CheckKeyAsync(CancellationToken cancellationToken = default)
    {
        var url = $"videos?part=id&id={ProbeVideo}&key={Uri.EscapeDataString(apiKey)}";
        using var response = await http.GetAsync(new Uri(url, UriKind.Relative), cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        try
        {
            await ThrowFor(response, cancellationToken).ConfigureAwait(false);
        }
        catch (YouTubeQuotaExceededException)
        {
            // The key is good; only today's quota is spent.
        }
    }

    /// <summary>The first embeddable video for the query, or null when YouTube has none.</summary>
    /// <exception cref="YouTubeQuotaExceededException">The quota is spent.</exception>
    /// <exception cref="YouTubeApiException">Any other refusal.</exception>
    public async Task<string?> FindVideoAsync(string query, CancellationToken cancellationToken = default)
    {
        var url = $"search?part=id&type=video&videoEmbeddable=true&maxResults=1&q={Uri.EscapeDataString(query)}&key={Uri.EscapeDataString(apiKey)}";
        using var response = await http.GetAsync(new Uri(url, UriKind.Relative), cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            var result = await response.Content.ReadFromJsonAsync(YouTubeJsonContext.Default.SearchListResponse, cancellationToken).ConfigureAwait(false);
            var id = result?.Items is { Count: > 0 } items ? items[0].Id?.VideoId : null;
            return YouTubeVideoId.TryParse(id, out var videoId) ? videoId : null;
        }

        await ThrowFor(response, cancellationToken).ConfigureAwait(false);
        return null;
    }

    private static async Task ThrowFor(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var error = await ReadError(response, cancellationToken).ConfigureAwait(false);
        var reason = error?.Error?.Errors is { Count: > 0 } errors ? errors[0].Reason ?? string.Empty : string.Empty;
        var message = $"YouTube Data API answered {(int)response.StatusCode} {reason}: {error?.Error?.Message ?? response.ReasonPhrase}";
        if (response.StatusCode == HttpStatusCode.TooManyRequests
            || reason is "quotaExceeded" or "dailyLimitExceeded" or "rateLimitExceeded" or "userRateLimitExceeded")
        {
            throw new YouTubeQuotaExceededException(message);
        }

        throw new YouTubeApiException(message);
    }

    private static async Task<ErrorResponse?> ReadError(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync(YouTubeJsonContext.Default.ErrorResponse, cancellationToken).ConfigureAwait(false);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}

internal sealed record SearchListResponse(IReadOnlyList<SearchResult>? Items);

internal sealed record SearchResult(ResourceId? Id);

internal sealed record ResourceId(string? VideoId);

internal sealed record ErrorResponse(ErrorBody? Error);

internal sealed record ErrorBody(
    int Code,
    string? Message,
    IReadOnlyList<ErrorItem>? Errors);

internal sealed record ErrorItem(string? Reason);

// YouTube's Data API names its fields in camelCase.
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SearchListResponse))]
[JsonSerializable(typeof(ErrorResponse))]
internal sealed partial class YouTubeJsonContext : JsonSerializerContext;
