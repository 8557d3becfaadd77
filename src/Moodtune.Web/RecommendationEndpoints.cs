using Microsoft.Extensions.Options;
using Moodtune.Mood;
using Moodtune.Music.Catalog;
using Moodtune.Music.Recommendation;
using Moodtune.Music.Serialization;
using Moodtune.Storage;

namespace Moodtune.Web;

/// <summary>GET /api/recommendations: a playlist for a mood, shaped by the listener's history.</summary>
internal static class RecommendationEndpoints
{
    public const int MaxCount = 500;

    public static IServiceCollection AddRecommendations(this IServiceCollection services)
    {
        // The recommender keeps its index of the catalog between requests.
        services.AddSingleton<Recommender>();
        services.AddOptions<MusicOptions>().BindConfiguration(MusicOptions.SectionName).ValidateOnStart();
        return services;
    }

    public static IEndpointRouteBuilder MapRecommendations(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/recommendations", RecommendAsync)
            .RequireAuthorization(Listener.ListenerPolicy)
            .WithTags("Recommendations")
            .WithSummary("A playlist for a mood")
            .WithDescription("Same JSON as `moodtune recommend --json`. ?camera=ID (from a /ws/frames playlist message, on any node) uses the mood that camera stream planned, "
                + "its smoothed point and confidence; ?emotion a picked mood; neither, the listener's latest reading (neutral when there is none).");
        return app;
    }

    /// <summary>The query of GET /api/recommendations and the services it needs.</summary>
    internal sealed record RecommendationQuery(
        SongCatalog Catalog, Recommender Recommender, ReadingStore Readings, HistoryQueries History, CameraPlans Cameras, IOptions<WebOptions> Options,
        IOptions<MusicOptions> Music, VideoLookups Lookups, ClaimsPrincipal User,
        string? Emotion = null, string? Camera = null, string? Strategy = null, string? Lang = null, int Count = 20, int? Seed = null);

    internal static async Task<Results<Ok<PlaylistDocument>, ProblemHttpResult>> RecommendAsync([AsParameters] RecommendationQuery query, CancellationToken cancellationToken)
    {
        var chosen = query.Options.Value.Strategy;
        if (query.Strategy is not null && !StrategyPath.TryParse(query.Strategy, out chosen))
        {
            return Problems.BadRequest($"Unknown strategy '{query.Strategy}'; use match, uplift, calm or energize.");
        }

        if (query.Count is < 1 or > MaxCount)
        {
            return Problems.BadRequest($"count must be between 1 and {MaxCount}.");
        }

        if (query.Emotion is not null && query.Camera is not null)
        {
            return Problems.BadRequest("Give ?emotion or ?camera, not both.");
        }

        MoodEstimate mood;
        if (query.Camera is not null)
        {
            // Another listener's plan is as good as none: it says nothing about this listener's mood.
            if (!query.Cameras.TryRead(query.Camera, Listener.Of(query.User), out mood))
            {
                return Problems.NotFound("No camera plan of yours with that id: it has expired (after 12 hours), or was never given to you. The camera's next playlist message has a fresh one.");
            }
        }
        else if (query.Emotion is not null)
        {
            if (!EmotionProbabilities.TryParse(query.Emotion, out var picked))
            {
                return Problems.BadRequest($"Unknown emotion '{query.Emotion}'; use one of {string.Join(", ", EmotionProbabilities.All.Select(EmotionProbabilities.Name))}.");
            }

            mood = Circumplex.Picked(picked);
        }
        else
        {
            mood = await query.Readings.LatestAsync(Listener.Of(query.User), cancellationToken) is { } latest
                ? latest.Estimate
                : Circumplex.Picked(Emotion.Neutral);
        }

        var request = new RecommendationRequest
        {
            Mood = mood,
            Strategy = chosen,
            Count = query.Count,
            Languages = (query.Lang ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(l => l.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal),
            History = await query.History.ForRecommenderAsync(Listener.Of(query.User), cancellationToken),
            Seed = query.Seed,
            PreferPlayable = query.Music.Value.PreferPlayable,
            VideosCanBeFound = query.Lookups.CanFind,
        };
        return TypedResults.Ok(PlaylistDocument.From(query.Recommender.Recommend(query.Catalog, request)));
    }
}
