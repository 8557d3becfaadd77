using Moodtune.Storage;

namespace Moodtune.Web;

/// <summary>GET /healthz: "ok" once the database is migrated and answers, and the models are loaded.</summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", CheckAsync)
            .WithTags("Health")
            .WithSummary("Liveness and readiness: 200 ok, or 503 with the reason");
        return app;
    }

    internal static async Task<Results<ContentHttpResult, ProblemHttpResult>> CheckAsync(
        MoodtuneDatabase database, VisionEngine vision, CancellationToken cancellationToken)
    {
        if (!await database.IsAvailableAsync(cancellationToken))
        {
            return Problems.Unavailable($"The database {database.Path} cannot be used.");
        }

        return vision.TryGet(out _, out var failure) ? TypedResults.Text("ok", "text/plain") : Problems.Unavailable(failure);
    }
}
