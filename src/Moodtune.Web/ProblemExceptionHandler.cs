using Microsoft.AspNetCore.Diagnostics;
using Moodtune.Storage;

namespace Moodtune.Web;

/// <summary>
/// Turns the exceptions a client or the disk can cause into problem details: a database that went away (deleted,
/// read-only, locked) answers 503 with the reason and the process stays up; a request that cannot be bound (a bad
/// query value, a body over Kestrel's limit) answers its own 4xx, in Development too.
/// </summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title) = exception switch
        {
            StorageUnavailableException => (StatusCodes.Status503ServiceUnavailable, "storage unavailable"),
            BadHttpRequestException bad => (bad.StatusCode, "bad request"),
            _ => (0, string.Empty),
        };
        if (status == 0)
        {
            return false;
        }

        if (exception is StorageUnavailableException)
        {
            LogUnavailable(logger, exception.Message);
        }

        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = exception.Message },
        });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Storage unavailable: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string reason);
}
