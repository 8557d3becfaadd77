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
        return services;
    }

    public static IEndpointRouteBuilder MapRecommendations(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/recommendations", RecommendAsync)
            .WithTags("Recommendations")
            .WithSummary("A playlist for a mood")
            .WithDescription("Same JSON as `moodtune recommend --json`. Without ?emotion the listener's latest reading is used (neutral when there is none).");
        return app;
    }

    internal static async Task<Results<Ok<PlaylistDocument>, ProblemHttpResult>> RecommendAsync(
        SongCatalog catalog, Recommender recommender, ReadingStore readings, HistoryQueries history, IOptions<WebOptions> options, CancellationToken cancellationToken,
        string? emotion = null, string? strategy = null, string? lang = null, int count = 20, int? seed = null)
    {
        var chosen = options.Value.Strategy;
        if (strategy is not null && !StrategyPath.TryParse(strategy, out chosen))
        {
            return Problems.BadRequest($"Unknown strategy '{strategy}'; use match, uplift, calm or energize.");
        }

        if (count is < 1 or > MaxCount)
        {
            return Problems.BadRequest($"count must be between 1 and {MaxCount}.");
        }

        MoodEstimate mood;
        if (emotion is not null)
        {
            if (!EmotionProbabilities.TryParse(emotion, out var picked))
            {
                return Problems.BadRequest($"Unknown emotion '{emotion}'; use one of {string.Join(", ", EmotionProbabilities.All.Select(EmotionProbabilities.Name))}.");
            }

            mood = Circumplex.Picked(picked);
        }
        else
        {
            mood = await readings.LatestAsync(Listener.Current, cancellationToken) is { } latest
                ? latest.Estimate
                : Circumplex.Picked(Emotion.Neutral);
        }

        var request = new RecommendationRequest
        {
            Mood = mood,
            Strategy = chosen,
            Count = count,
            Languages = (lang ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(l => l.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal),
            History = await history.ForRecommenderAsync(Listener.Current, cancellationToken),
            Seed = seed,
        };
        return TypedResults.Ok(PlaylistDocument.From(recommender.Recommend(catalog, request)));
    }
}
