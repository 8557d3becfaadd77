using Moodtune.Music.Catalog;
using Moodtune.Storage;

namespace Moodtune.Web;

internal sealed record FeedbackRequest(string SongId, string Feedback);

internal sealed record PlayRequest(string SongId, string Event, int? ErrorCode);

/// <summary>POST /api/feedback and /api/plays: what the listener thinks of a song and what the player did with it.</summary>
internal static class ListeningEndpoints
{
    public static IEndpointRouteBuilder MapListening(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("Listening").RequireAuthorization(Listener.ListenerPolicy);
        group.MapPost("/feedback", SetFeedbackAsync)
            .WithSummary("Like or dislike a song")
            .WithDescription("feedback: like, dislike or none (forget). A disliked song is never offered again; liked songs and their artists rise.");
        group.MapPost("/plays", AddPlayAsync)
            .WithSummary("Report a player event")
            .WithDescription("event: started, completed, skipped or error (with the YouTube error_code): an error marks the video unplayable for this listener.");
        return app;
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> SetFeedbackAsync(
        FeedbackRequest request, ClaimsPrincipal user, SongCatalog catalog, FeedbackStore feedback, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.SongId) || !catalog.TryGet(request.SongId, out _))
        {
            return Problems.NotFound($"No song '{request.SongId}' in the catalog.");
        }

        SongFeedback? value = null;
        if (!string.Equals(request.Feedback, "none", StringComparison.OrdinalIgnoreCase))
        {
            if (!Names.TryParse<SongFeedback>(request.Feedback, out var word))
            {
                return Problems.BadRequest($"Unknown feedback '{request.Feedback}'; use like, dislike or none.");
            }

            value = word;
        }

        await feedback.SetAsync(Listener.Of(user), request.SongId, value, cancellationToken);
        return TypedResults.NoContent();
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> AddPlayAsync(
        PlayRequest request, ClaimsPrincipal user, SongCatalog catalog, PlayStore plays, TimeProvider time, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.SongId) || !catalog.TryGet(request.SongId, out _))
        {
            return Problems.NotFound($"No song '{request.SongId}' in the catalog.");
        }

        if (!Names.TryParse<PlayEvent>(request.Event, out var played))
        {
            return Problems.BadRequest($"Unknown event '{request.Event}'; use started, completed, skipped or error.");
        }

        await plays.AddAsync(Listener.Of(user), new PlayRecord(time.GetUtcNow(), request.SongId, played, request.ErrorCode), cancellationToken);
        return TypedResults.NoContent();
    }
}
