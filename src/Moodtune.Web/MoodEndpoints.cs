using Moodtune.Mood;
using Moodtune.Storage;

namespace Moodtune.Web;

/// <summary>A mood said by hand: a name, or probabilities.</summary>
internal sealed record MoodRequest(string? Emotion, IReadOnlyDictionary<string, float>? Probabilities, string? Source);

/// <summary>POST /api/mood: store a reading picked on the page (or sent by another client).</summary>
internal static class MoodEndpoints
{
    public static IEndpointRouteBuilder MapMood(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/mood", AddAsync)
            .RequireAuthorization(Listener.ListenerPolicy)
            .WithTags("Mood")
            .WithSummary("Store a mood reading")
            .WithDescription("{\"emotion\":\"sad\"} or {\"probabilities\":{\"happy\":0.7,...}}, optional \"source\": picker (default), photo or camera.");
        return app;
    }

    internal static async Task<Results<Created<ReadingResponse>, ProblemHttpResult>> AddAsync(
        MoodRequest request, ClaimsPrincipal user, ReadingStore readings, TimeProvider time, CancellationToken cancellationToken)
    {
        var source = ReadingSource.Picker;
        if (request.Source is not null && !Names.TryParse(request.Source, out source))
        {
            return Problems.BadRequest($"Unknown source '{request.Source}'; use picker, photo or camera.");
        }

        if (!TryRead(request, source, time.GetUtcNow(), out var reading, out var problem))
        {
            return Problems.BadRequest(problem);
        }

        var stored = await readings.AddAsync(Listener.Of(user), reading, cancellationToken);
        return TypedResults.Created("/api/history", ReadingResponse.From(stored));
    }

    private static bool TryRead(MoodRequest request, ReadingSource source, DateTimeOffset now, out MoodReading reading, out string problem)
    {
        reading = null!;
        problem = string.Empty;
        if ((request.Emotion is null) == (request.Probabilities is null))
        {
            problem = "Give either \"emotion\" or \"probabilities\".";
            return false;
        }

        if (request.Emotion is not null)
        {
            if (!EmotionProbabilities.TryParse(request.Emotion, out var emotion))
            {
                problem = $"Unknown emotion '{request.Emotion}'; use one of {string.Join(", ", EmotionProbabilities.All.Select(EmotionProbabilities.Name))}.";
                return false;
            }

            reading = MoodReading.Picked(emotion, source, now);
            return true;
        }

        var scores = new float[EmotionProbabilities.Count];
        foreach (var (name, p) in request.Probabilities!)
        {
            if (!EmotionProbabilities.TryParse(name, out var emotion))
            {
                problem = $"Unknown emotion '{name}' in \"probabilities\".";
                return false;
            }

            if (!float.IsFinite(p) || p < 0)
            {
                problem = $"The probability of {name} must be a number not below 0.";
                return false;
            }

            scores[(int)emotion] = p;
        }

        if (scores.Sum() <= 0)
        {
            problem = "\"probabilities\" needs at least one positive value.";
            return false;
        }

        reading = MoodReading.FromProbabilities(EmotionProbabilities.FromScores(scores), source, now);
        return true;
    }
}
