using Microsoft.Extensions.Options;
using Moodtune.Music.Catalog;
using Moodtune.Music.Recommendation;

namespace Moodtune.Web;

internal sealed record ConfigResponse(int FrameRate, int FrameWidth, Strategy DefaultStrategy, IReadOnlyList<string> Languages);

/// <summary>GET /api/config: what the page needs to know before it starts the camera.</summary>
internal static class ConfigEndpoints
{
    public static IEndpointRouteBuilder MapConfig(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/config", Get)
            .WithTags("Config")
            .WithSummary("Frame rate and width for the camera, the default strategy, the catalog's languages (most songs first)");
        return app;
    }

    internal static Ok<ConfigResponse> Get(IOptions<WebOptions> options, SongCatalog catalog)
    {
        var web = options.Value;
        return TypedResults.Ok(new ConfigResponse(
            web.FrameRate, web.FrameWidth, web.Strategy, [.. CatalogStats.Of(catalog).Languages.Keys]));
    }
}
