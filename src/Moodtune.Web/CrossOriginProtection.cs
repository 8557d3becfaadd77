using Microsoft.Extensions.Options;

namespace Moodtune.Web;

/// <summary>
/// Refuses what a page on another site makes a browser send here: every state-changing request (POST, PUT, PATCH,
/// DELETE) and the camera's WebSocket handshake. A multipart form or a text/plain body is a "simple" request that a
/// hostile page can post without CORS asking anyone, and a WebSocket is not covered by CORS at all.
/// <para>
/// The rule is the one Go's net/http CrossOriginProtection applies: browsers say where a request comes from in
/// <c>Sec-Fetch-Site</c> (every current browser) and <c>Origin</c>; "same-origin" (or "none": typed by the user) passes,
/// anything else is refused; without Sec-Fetch-Site, an Origin must name this host. A request with neither header does
/// not come from a browser page (curl, scripts) and cannot be forged by one, so it passes. Written by hand because
/// ASP.NET Core's antiforgery needs a token in every request of the page, and CORS only guards what scripts may read.
/// </para>
/// </summary>
internal sealed class CrossOriginProtection(RequestDelegate next, IOptions<WebOptions> options, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (IsGuarded(context.Request) && Refusal(context.Request, options.Value.TrustedOrigins) is { } reason)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = { Status = StatusCodes.Status403Forbidden, Title = "cross-site request refused", Detail = reason },
            });
            return;
        }

        await next(context);
    }

    private static bool IsGuarded(HttpRequest request) =>
        !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
        || request.Headers.Upgrade.ToString().Contains("websocket", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why the request is refused, or null when it may pass.</summary>
    internal static string? Refusal(HttpRequest request, IReadOnlyCollection<string> trustedOrigins)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && trustedOrigins.Contains(origin.TrimEnd('/'), StringComparer.OrdinalIgnoreCase))
        {
            return null;
        }

        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0)
        {
            return site is "same-origin" or "none"
                ? null
                : $"A page on another site ({(origin.Length > 0 ? origin : site)}) may not send this request (Sec-Fetch-Site: {site}).";
        }

        if (origin.Length == 0)
        {
            return null;
        }

        return Uri.TryCreate(origin, UriKind.Absolute, out var from) && string.Equals(from.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)
            ? null
            : $"A page on {origin} may not send this request to {request.Host.Value}; add the origin to Moodtune:TrustedOrigins if it is yours.";
    }
}
