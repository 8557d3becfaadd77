using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Moodtune.Web;

/// <summary>
/// JSON requests are small (a mood, a play, a sign-in): their bodies stop at Moodtune:MaxJsonBytes (64 KiB) instead of
/// Kestrel's 30 MB (issue 19: a 20 MB /api/mood body was accepted). A declared length over it is refused before reading;
/// a chunked body is cut off by the server's body-size feature. Uploads (multipart, images) keep their own limits.
/// </summary>
internal sealed class JsonBodyLimit(RequestDelegate next, IOptions<WebOptions> options, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.HasJsonContentType())
        {
            var limit = options.Value.MaxJsonBytes;
            if (context.Request.ContentLength > limit)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = { Status = StatusCodes.Status413PayloadTooLarge, Title = "request too large", Detail = $"A JSON request body holds at most {limit:N0} bytes." },
                });
                return;
            }

            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                feature.MaxRequestBodySize = limit;
            }
        }

        await next(context);
    }
}
