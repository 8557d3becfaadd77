using System.Text.Json;
using Microsoft.Extensions.Options;
using Moodtune.Mood;
using Moodtune.Storage;

namespace Moodtune.Web;

internal sealed record HistoryReading(DateTimeOffset Time, Emotion Emotion, float Valence, float Arousal, ReadingSource Source, IReadOnlyDictionary<string, float> Probabilities)
{
    public static HistoryReading From(MoodReading r) =>
        new(r.Time, r.Emotion, r.Point.Valence, r.Point.Arousal, r.Source, r.Probabilities.ToDictionary());
}

internal sealed record DayCounts(string Day, IReadOnlyDictionary<string, int> Counts);

internal sealed record WeekCounts(string Week, IReadOnlyDictionary<string, int> Counts);

internal sealed record SwingsResponse(int Changes, double ChangesPerHour, double MeanShift, double Index);

internal sealed record PlayResponse(DateTimeOffset Time, string SongId, string? Title, string? Artist, PlayEvent Event, int? ErrorCode);

internal sealed record SkippedResponse(SongResponse Song, int Count);

internal sealed record HistoryResponse(
    IReadOnlyList<HistoryReading> Readings,
    IReadOnlyList<DayCounts> PerDay,
    IReadOnlyList<WeekCounts> PerWeek,
    SwingsResponse Swings,
    IReadOnlyList<PlayResponse> Plays,
    IReadOnlyList<SongResponse> Liked,
    IReadOnlyList<SongResponse> Disliked,
    IReadOnlyList<SkippedResponse> Skipped);

internal sealed record FeedbackResponse(string SongId, SongFeedback Feedback, DateTimeOffset Time);

internal sealed record HistoryExport(IReadOnlyList<HistoryReading> Readings, IReadOnlyList<PlayResponse> Plays, IReadOnlyList<FeedbackResponse> Feedback);

/// <summary>GET/DELETE /api/history and GET /api/history/export: the listener's moods and music over time.</summary>
internal static class HistoryEndpoints
{
    public const int MaxLimit = 100_000;

    public static IEndpointRouteBuilder MapHistory(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/history").WithTags("History").RequireAuthorization(Listener.ListenerPolicy);
        group.MapGet("/", GetAsync)
            .WithSummary("Mood readings, per-day and per-week counts, mood swings, plays, likes, dislikes and skips")
            .WithDescription("?from=ISO&to=ISO (to is exclusive) &limit=1000 (the latest readings and plays of the range). Days and weeks are UTC.");
        group.MapGet("/export", ExportAsync)
            .WithSummary("Download every reading (csv), or readings, plays and feedback (json)");
        group.MapDelete("/", DeleteAsync)
            .WithSummary("Delete the listener's readings, plays and feedback (the catalog stays)");
        return app;
    }

    internal static async Task<Results<Ok<HistoryResponse>, ProblemHttpResult>> GetAsync(
        ClaimsPrincipal user, HistoryQueries history, CancellationToken cancellationToken, DateTimeOffset? from = null, DateTimeOffset? to = null, int limit = 1000)
    {
        if (limit is < 1 or > MaxLimit)
        {
            return Problems.BadRequest($"limit must be between 1 and {MaxLimit}.");
        }

        var summary = await history.SummariseAsync(Listener.Of(user), from, to, limit, cancellationToken);
        return TypedResults.Ok(new HistoryResponse(
            [.. summary.Readings.Select(HistoryReading.From)],
            [.. summary.PerDay.Select(d => new DayCounts(d.Period, Counts(d)))],
            [.. summary.PerWeek.Select(w => new WeekCounts(w.Period, Counts(w)))],
            new SwingsResponse(summary.Swings.Changes, summary.Swings.ChangesPerHour, summary.Swings.MeanShift, summary.Swings.Index),
            [.. summary.Plays.Select(p => new PlayResponse(p.Play.Time, p.Play.SongId, p.Song?.Title, p.Song?.Artist, p.Play.Event, p.Play.ErrorCode))],
            [.. summary.Liked.Select(SongResponse.From)],
            [.. summary.Disliked.Select(SongResponse.From)],
            [.. summary.Skipped.Select(s => new SkippedResponse(SongResponse.From(s.Song), s.Count))]));
    }

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportAsync(
        ClaimsPrincipal user, ReadingStore readings, HistoryQueries history, FeedbackStore feedback, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
        CancellationToken cancellationToken, string format = "json")
    {
        var all = await readings.ListAsync(Listener.Of(user), limit: int.MaxValue, cancellationToken: cancellationToken);
        if (string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.File(HistoryCsv.Write(all), "text/csv; charset=utf-8", "moodtune-history.csv");
        }

        if (!string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
        {
            return Problems.BadRequest($"Unknown format '{format}'; use csv or json.");
        }

        var summary = await history.SummariseAsync(Listener.Of(user), limit: int.MaxValue, cancellationToken: cancellationToken);
        var words = await feedback.ListAsync(Listener.Of(user), cancellationToken);
        var document = new HistoryExport(
            [.. all.Select(HistoryReading.From)],
            [.. summary.Plays.Select(p => new PlayResponse(p.Play.Time, p.Play.SongId, p.Song?.Title, p.Song?.Artist, p.Play.Event, p.Play.ErrorCode))],
            [.. words.Select(w => new FeedbackResponse(w.SongId, w.Value, w.Time))]);
        return TypedResults.File(JsonSerializer.SerializeToUtf8Bytes(document, json.Value.SerializerOptions), "application/json", "moodtune-history.json");
    }

    internal static async Task<NoContent> DeleteAsync(ClaimsPrincipal user, ListenerStore listeners, CancellationToken cancellationToken)
    {
        await listeners.DeleteHistoryAsync(Listener.Of(user), cancellationToken);
        return TypedResults.NoContent();
    }

    private static Dictionary<string, int> Counts(EmotionCounts counts) =>
        counts.Counts.ToDictionary(c => EmotionProbabilities.Name(c.Key), c => c.Value);
}
