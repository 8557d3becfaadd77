using Moodtune.Storage;

namespace Moodtune.Web;

/// <summary>
/// GET /healthz: the process serves (liveness; an orchestrator restarts a node that stops answering). GET /ready: the
/// database answers at the latest schema and the models are loaded (readiness; a load balancer sends requests only to a
/// ready node), else 503 with the reason. Apart, so that a database outage takes nodes out of rotation without getting
/// them restarted, which would not bring the database back.
/// </summary>
internal static class HealthEndpoints
{
    public const string LivePath = "/healthz";
    public const string ReadyPath = "/ready";

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet(LivePath, () => TypedResults.Text("ok", "text/plain"))
            .WithTags("Health")
            .WithSummary("Liveness: 200 ok while the process serves");
        app.MapGet(ReadyPath, ReadyAsync)
            .WithTags("Health")
            .WithSummary("Readiness: 200 ok once the database answers and the models are loaded, or 503 with the reason");
        return app;
    }

    internal static async Task<Results<ContentHttpResult, ProblemHttpResult>> ReadyAsync(
        MoodtuneDatabase database, VisionEngine vision, CancellationToken cancellationToken)
    {
        if (!await database.IsAvailableAsync(cancellationToken))
        {
            return Problems.Unavailable($"The database {database.Path} cannot be used.");
        }

        return vision.TryGet(out _, out var failure) ? TypedResults.Text("ok", "text/plain") : Problems.Unavailable(failure);
    }
}
