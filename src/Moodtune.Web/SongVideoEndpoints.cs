using Moodtune.Music.Catalog;
using Moodtune.Music.Import;
using Moodtune.Storage;

namespace Moodtune.Web;

/// <param name="Link">A YouTube link to the song's video (watch?v=, youtu.be/, /embed/, /shorts/) or its 11-character id.</param>
internal sealed record VideoLinkRequest(string? Link);

/// <summary>PUT /api/catalog/songs/{id}/video: a listener gives a song the video the catalog lacks, for every listener.</summary>
internal static class SongVideoEndpoints
{
    /// <summary>Longer text is no link anyone pasted, and is not echoed back in the error.</summary>
    public const int MaxLinkLength = 2048;

    public static IEndpointRouteBuilder MapSongVideos(this IEndpointRouteBuilder app)
    {
        app.MapPut("/api/catalog/songs/{id}/video", SetAsync)
            .RequireAuthorization(Listener.AdministratorPolicy)
            .WithTags("Catalog")
            .WithSummary("Give a song its YouTube video")
            .WithDescription("Body `{\"link\":\"https://youtu.be/ID\"}`: a watch?v=, youtu.be/, /embed/ or /shorts/ link, or the bare 11-character id. "
                + "Stored in the catalog for every listener; the song plays in the page from the next playlist on. "
                + "A new video clears the errors reported for the old one, so the song is offered again.");
        return app;
    }

    internal static async Task<Results<Ok<SongResponse>, ProblemHttpResult>> SetAsync(
        string id, VideoLinkRequest? body, SongStore songs, PlayStore plays, CancellationToken cancellationToken)
    {
        if (!songs.Catalog.TryGet(id, out var song))
        {
            return Problems.NotFound($"No song '{id}' in the catalog.");
        }

        var link = body?.Link?.Trim();
        if (string.IsNullOrEmpty(link))
        {
            return Problems.BadRequest("Paste the song's YouTube link as {\"link\": \"https://www.youtube.com/watch?v=...\"}.", "no link");
        }

        if (link.Length > MaxLinkLength || !YouTubeVideoId.TryParse(link, out var videoId))
        {
            var shown = link.Length > 80 ? link[..80] + "…" : link;
            return Problems.BadRequest(
                $"'{shown}' is not a link to a YouTube video. Paste one like https://www.youtube.com/watch?v=dQw4w9WgXcQ, "
                + "https://youtu.be/dQw4w9WgXcQ, a /embed/ or /shorts/ link, or the 11-character video id.",
                "not a YouTube video link");
        }

        await songs.SaveAsync([song with { YouTubeId = videoId }], cancellationToken);
        if (!string.Equals(song.YouTubeId, videoId, StringComparison.Ordinal))
        {
            await plays.ForgetVideoErrorsAsync(id, cancellationToken);
        }

        return TypedResults.Ok(SongResponse.From(songs.Catalog.TryGet(id, out var saved) ? saved : song with { YouTubeId = videoId }));
    }
}
