using Moodtune.Storage;
using Moodtune.Vision;

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
        MoodtuneDatabase database, FaceAnalyzer analyzer, CancellationToken cancellationToken)
    {
        if (!await database.IsAvailableAsync(cancellationToken))
        {
            return Problems.Unavailable($"The database {database.Path} cannot be used.");
        }

        // Resolving the analyzer loaded its models (at start); its spec says which.
        return string.IsNullOrEmpty(analyzer.EmotionModelSpec)
            ? Problems.Unavailable("The expression models are not loaded.")
            : TypedResults.Text("ok", "text/plain");
    }
}
