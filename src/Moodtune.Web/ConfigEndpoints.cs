using Microsoft.Extensions.Options;
using Moodtune.Mood;
using Moodtune.Music.Catalog;
using Moodtune.Music.Recommendation;

namespace Moodtune.Web;

/// <param name="PlaylistSize">How many songs the page asks for at a time.</param>
/// <param name="Circumplex">Each expression's point in the valence/arousal plane (<see cref="Mood.Circumplex"/>), by its name.</param>
internal sealed record ConfigResponse(
    int FrameRate, int FrameWidth, Strategy DefaultStrategy, IReadOnlyList<string> Languages, int PlaylistSize,
    IReadOnlyDictionary<string, ExpressionPoint> Circumplex);

internal sealed record ExpressionPoint(float Valence, float Arousal);

/// <summary>GET /api/config: what the page needs to know before it starts the camera; the page keeps no copies of these.</summary>
internal static class ConfigEndpoints
{
    private static readonly IReadOnlyDictionary<string, ExpressionPoint> Points = Enum.GetValues<Emotion>().ToDictionary(
        EmotionProbabilities.Name, e => new ExpressionPoint(Circumplex.Of(e).Valence, Circumplex.Of(e).Arousal));

    public static IEndpointRouteBuilder MapConfig(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/config", Get)
            .WithTags("Config")
            .WithSummary("Frame rate and width for the camera, the default strategy, the catalog's languages (most songs first), "
                + "the playlist size and the expressions' points in the valence/arousal plane");
        return app;
    }

    internal static Ok<ConfigResponse> Get(IOptions<WebOptions> options, SongCatalog catalog)
    {
        var web = options.Value;
        return TypedResults.Ok(new ConfigResponse(
            web.FrameRate, web.FrameWidth, web.Strategy, [.. CatalogStats.Of(catalog).Languages.Keys],
            web.PlaylistSize, Points));
    }
}
