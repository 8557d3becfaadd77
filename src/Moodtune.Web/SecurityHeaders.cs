namespace Moodtune.Web;

/// <summary>
/// The headers every answer carries (issue 19): a Content-Security-Policy that lets the pages run only their own
/// scripts and styles plus the YouTube player (its IFrame API script, its frames, its thumbnails), no framing by other
/// sites (the delete-history dialog cannot be clickjacked), no MIME sniffing, and a referrer policy the player accepts
/// (it refuses to play, error 153, without a referrer, so not no-referrer).
/// </summary>
internal sealed class SecurityHeaders(RequestDelegate next)
{
    internal const string ContentSecurityPolicy =
        "default-src 'self'; "
        + "script-src 'self' https://www.youtube.com https://s.ytimg.com; "
        + "frame-src https://www.youtube.com https://www.youtube-nocookie.com; "
        + "img-src 'self' data: blob: https://i.ytimg.com; "
        + "style-src 'self'; "
        + "connect-src 'self'; "
        + "media-src 'self' blob:; "
        + "worker-src 'self'; "
        + "manifest-src 'self'; "
        + "object-src 'none'; "
        + "base-uri 'self'; "
        + "form-action 'self'; "
        + "frame-ancestors 'self'";

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        headers.XFrameOptions = "SAMEORIGIN";
        headers["Permissions-Policy"] = "camera=(self), microphone=(), geolocation=(), payment=()";

        // The API reference (Scalar) runs inline scripts of its own; it is a developer's page and reads no listener data.
        if (!context.Request.Path.StartsWithSegments("/scalar"))
        {
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
        }

        return next(context);
    }
}
