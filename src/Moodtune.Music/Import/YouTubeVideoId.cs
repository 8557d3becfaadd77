using System.Text.RegularExpressions;

namespace Moodtune.Music.Import;

/// <summary>Finds the 11-character video id in a YouTube URL of any common form, or accepts a bare id.</summary>
public static partial class YouTubeVideoId
{
    private static readonly string[] IdPathPrefixes = ["embed", "shorts", "v", "e", "live"];

    /// <summary>
    /// Accepts a bare id, or a URL on youtube.com (www., m., music.), youtu.be or youtube-nocookie.com, with or without a scheme:
    /// <c>watch?v=ID</c> with any other parameters before or after, <c>youtu.be/ID?t=30</c>, <c>/embed/ID</c>, <c>/shorts/ID</c>,
    /// <c>/v/ID</c>, <c>/live/ID</c>. Anything else (other sites, playlists without a video, ids of the wrong length) is false.
    /// </summary>
    public static bool TryParse(string? urlOrId, out string id)
    {
        id = "";
        var text = urlOrId?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (BareId().IsMatch(text))
        {
            id = text;
            return true;
        }

        if (!text.Contains("://", StringComparison.Ordinal))
        {
            text = "https://" + text.TrimStart('/');
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return false;
        }

        var candidate = Candidate(uri);
        if (candidate is null || !BareId().IsMatch(candidate))
        {
            return false;
        }

        id = candidate;
        return true;
    }

    private static string? Candidate(Uri uri)
    {
        var host = uri.Host.ToLowerInvariant();
        foreach (var prefix in (ReadOnlySpan<string>)["www.", "m.", "music."])
        {
            if (host.StartsWith(prefix, StringComparison.Ordinal))
            {
                host = host[prefix.Length..];
                break;
            }
        }

        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        switch (host)
        {
            case "youtu.be":
                return segments.Length == 1 ? segments[0] : null;
            case "youtube.com" or "youtube-nocookie.com":
                if (segments.Length == 0 || (segments.Length == 1 && segments[0] == "watch"))
                {
                    return QueryValue(uri.Query, "v");
                }

                return segments.Length == 2 && IdPathPrefixes.Contains(segments[0]) ? segments[1] : null;
            default:
                return null;
        }
    }

    private static string? QueryValue(string query, string name)
    {
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && pair.AsSpan(0, eq).SequenceEqual(name))
            {
                return Uri.UnescapeDataString(pair[(eq + 1)..]);
            }
        }

        return null;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{11}$")]
    private static partial Regex BareId();
}
